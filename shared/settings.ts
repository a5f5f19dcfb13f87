/**
 * Station settings: which side this station is, who works here, where its files live, and its
 * checklist overrides and defaults. Stored as JSON in the app's user-data folder
 * (electron/app/settings-store.ts); validated on every read, so a hand-edited file cannot smuggle
 * in a malformed value. First run has no settings: the UI runs the set-up.
 */
import { z } from 'zod';
import { NETWORK_ID_PATTERN } from './format/constants';
import { checklistTemplateSchema } from './checklist';
import { parseDuration } from './units';

export const SETTINGS_VERSION = 1;

const text = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/);
/** An absolute path on POSIX (/…) or Windows (C:\… or \\server\share). */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path')
  .refine((p) => !p.includes('\u0000'), 'must not contain NUL');

/** The two sides of a diode: EXPORT packs and signs (low side), IMPORT verifies and imports (high side). */
export const stationRoleSchema = z.enum(['EXPORT', 'IMPORT']);
export type StationRole = z.infer<typeof stationRoleSchema>;

export const settingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  role: stationRoleSchema,
  /** This station's network id: the `source` of what it packs, the `destination` it accepts. */
  networkId: z.string().regex(NETWORK_ID_PATTERN, 'letters, digits, dot, underscore, hyphen; up to 32'),
  stationName: text(100),
  people: z.strictObject({
    operators: z.array(text(200)).max(200),
    witnesses: z.array(text(200)).max(200),
    officers: z.array(text(200)).max(200),
  }),
  paths: z.strictObject({
    ledgerFile: absolutePath,
    recordsDir: absolutePath,
    trustDir: absolutePath,
    keysDir: absolutePath,
    inboxDir: absolutePath,
    quarantineDir: absolutePath,
  }),
  /** Admin switch for evaluation: lets one station both pack and import. Off in production. */
  allowBothSides: z.boolean(),
  /** Per-stage template overrides; a stage without one uses the shipped default. */
  checklists: z.strictObject({
    'export-pre': checklistTemplateSchema.optional(),
    'export-post': checklistTemplateSchema.optional(),
    import: checklistTemplateSchema.optional(),
  }),
  defaults: z.strictObject({
    classification: text(100),
    /** How long a package stays valid: "30d", "12h", "2w". */
    expiry: z.string().refine((s) => parseDuration(s) !== null, 'a duration such as 30d, 12h or 2w'),
    /** The destination network id offered first on the export side. */
    destination: z.string().regex(NETWORK_ID_PATTERN).optional(),
    /** The signing key (name in keysDir) offered first on the export side. */
    signingKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
    /** Split payloads into volumes of this many bytes (FAT32 media: under 4 GiB). */
    volumeSize: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  }),
});

export type Settings = z.infer<typeof settingsSchema>;

/** True when this station may pack (EXPORT role, or both sides allowed). */
export function canExport(s: Settings): boolean {
  return s.role === 'EXPORT' || s.allowBothSides;
}

/** True when this station may verify into its records and import (IMPORT role, or both sides allowed). */
export function canImport(s: Settings): boolean {
  return s.role === 'IMPORT' || s.allowBothSides;
}
