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
import { NO_FORBIDDEN_CHARS } from './format/text-rules';

/**
 * 2: `paths.importDir` (where approved imports are released; quarantine is where they are staged).
 * A version-1 file is migrated on read by `migrateSettings` (the import folder is proposed, not created).
 */
export const SETTINGS_VERSION = 2;

const text = (max: number) => z.string().min(1).max(max).regex(NO_FORBIDDEN_CHARS, 'contains a control or invisible character');
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
    /** Printed documents (PDFs) — records only, never imported files. */
    recordsDir: absolutePath,
    trustDir: absolutePath,
    keysDir: absolutePath,
    inboxDir: absolutePath,
    /** Where a package is verified and extracted before the officer's decision (private staging). */
    quarantineDir: absolutePath,
    /** Where an approved import is released: `<importDir>/<transferId>/`. Same volume as quarantine. */
    importDir: absolutePath,
  }),
  /** Admin switch for evaluation: lets one station both pack and import. Off in production. */
  allowBothSides: z.boolean(),
  /** Per-stage template overrides; a stage without one uses the shipped default. */
  checklists: z.strictObject({
    'export-pre': checklistTemplateSchema.optional(),
    'export-post': checklistTemplateSchema.optional(),
    import: checklistTemplateSchema.optional(),
  }),
  /**
   * The import station's procedure policy. `requireWitnesses`: how many valid witness
   * co-signatures (trusted witness-role keys other than the signer) a package must carry to be
   * imported, 0..16; absent means 0. A manifest's own `cosign` requirement applies on top.
   * `replayWindow`: how far below a channel's highest imported sequence a package may still be
   * imported (docs/FORMAT.md §8); absent means the default, 64.
   */
  policy: z.strictObject({ requireWitnesses: z.number().int().min(0).max(16), replayWindow: z.number().int().min(0).max(1_000_000).optional() }).optional(),
  /**
   * Antivirus scanning (ClamAV, electron/engine/scan). `policy`: 'required' — every pack and every
   * import is scanned, main refuses without a scan, and the checklist's antivirus items are answered
   * by the machine; 'optional' — the person chooses per pack, imports are scanned when a scanner is
   * configured; 'off' (or absent) — no scanning. `clamavDb`: clamscan's signature folder; `clamdSocket`:
   * scan through clamd instead. Changed only through scan:* (main's dialogs, ledgered with the person);
   * settings:save refuses any change here.
   */
  scan: z.strictObject({
    policy: z.enum(['off', 'optional', 'required']),
    clamavDb: absolutePath.optional(),
    clamdSocket: absolutePath.optional(),
  }).optional(),
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

/** The station's folders by settings name; the ledger's is the folder holding `ledgerFile`. */
export const STATION_FOLDERS = ['keysDir', 'trustDir', 'inboxDir', 'quarantineDir', 'importDir', 'recordsDir', 'ledgerDir'] as const;
export type StationFolder = (typeof STATION_FOLDERS)[number];

/** What each folder is called on screen and in messages. */
export const FOLDER_TITLES: Record<StationFolder, string> = {
  keysDir: 'keys folder', trustDir: 'trust store folder', inboxDir: 'inbox folder', quarantineDir: 'quarantine folder',
  importDir: 'import destination folder', recordsDir: 'records folder', ledgerDir: 'ledger folder',
};

/** The folder holding the ledger file (POSIX or Windows separators). */
export function ledgerDirOf(ledgerFile: string): string {
  const cut = Math.max(ledgerFile.lastIndexOf('/'), ledgerFile.lastIndexOf('\\'));
  return cut <= 0 ? ledgerFile.slice(0, cut + 1) || '/' : ledgerFile.slice(0, cut);
}

/** The path of one station folder. */
export function folderPath(s: Pick<Settings, 'paths'>, which: StationFolder): string {
  return which === 'ledgerDir' ? ledgerDirOf(s.paths.ledgerFile) : s.paths[which];
}

/**
 * Brings an older settings object to the current version, or returns it unchanged. Version 1 had
 * no import destination (imports wrongly landed in records): the migration proposes `imported`
 * beside the quarantine folder. It creates nothing — a missing folder is reported by name when it
 * is needed, and the administrator creates it or chooses another in Settings → Folders.
 */
export function migrateSettings(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const o = raw as { version?: unknown; paths?: Record<string, unknown> };
  if (o.version !== 1 || !o.paths || typeof o.paths.quarantineDir !== 'string') return raw;
  const q = o.paths.quarantineDir.replace(/(.)[\\/]+$/, '$1');
  const sep = q.includes('\\') && !q.includes('/') ? '\\' : '/';
  const importDir = `${ledgerDirOf(q).replace(/[\\/]+$/, '')}${sep}imported`;
  return { ...o, version: SETTINGS_VERSION, paths: { ...o.paths, importDir } };
}

/** The station's scan policy: 'off' when none is set. */
export type ScanPolicy = NonNullable<Settings['scan']>['policy'];
export function scanPolicyOf(s: Pick<Settings, 'scan'>): ScanPolicy {
  return s.scan?.policy ?? 'off';
}

/** True when this station may pack (EXPORT role, or both sides allowed). */
export function canExport(s: Settings): boolean {
  return s.role === 'EXPORT' || s.allowBothSides;
}

/** True when this station may verify into its records and import (IMPORT role, or both sides allowed). */
export function canImport(s: Settings): boolean {
  return s.role === 'IMPORT' || s.allowBothSides;
}
