/**
 * The request fields every channel shares (paths, free text, key names) and the largest requests:
 * `job:start`'s pack, verify and stage-import parameters. Split from contract.ts only for size;
 * contract.ts re-exports what others use.
 */
import { z } from 'zod';
import { NETWORK_ID_PATTERN, TRANSFER_ID_PATTERN } from '../format/constants';
import { NO_FORBIDDEN_CHARS } from '../format/text-rules';
import { SEAL_PATTERN } from '../format/manifest';
import { checklistAnswersSchema } from '../checklist';
import { gatherMediumJobSchema, writeMediumJobSchema } from './media';

/** A path as the renderer names it (honoured only when granted, electron/app/path-grants.ts). */
export const path = z.string().min(1).max(4096).refine((p) => !p.includes('\u0000'), 'paths must not contain NUL');
/** Free text of at most `max` characters, with no refused character (shared/format/text-rules.ts). */
export const text = (max: number) => z.string().max(max).regex(NO_FORBIDDEN_CHARS, 'no control or invisible characters');
/** A key's or label's name. */
export const name = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore, hyphen; up to 64');

/** A checklist as the renderer sends it: the answers and the person answering. Main makes the records. */
export const checklistAnswersRequest = z.strictObject({ by: text(200).min(1), answers: checklistAnswersSchema });

/** Parameters of a pack job: what to pack, where to, and the transfer's details. */
export const packParamsSchema = z.strictObject({
  sources: z.array(path).min(1).max(10_000),
  /** The target folder (from `dialog:chooseTarget`); the package directory is created inside it. */
  targetDir: path,
  /**
   * `targetDir` is a medium chosen with `media:choose`: pack onto this station's disk, sized for media
   * like it, then write it medium by medium (`write-medium` jobs), read back and ejected.
   */
  viaStation: z.literal(true).optional(),
  destination: z.string().regex(NETWORK_ID_PATTERN),
  transferId: z.string().regex(TRANSFER_ID_PATTERN).optional(),
  operator: text(200).min(1),
  classification: text(100).min(1),
  purpose: text(2000),
  ticket: text(200),
  /** Seconds from now until the package expires. */
  expiresInSeconds: z.number().int().positive().max(10 * 365 * 86400),
  volumeSize: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  /**
   * The number of the tamper-evident bag the medium will be sealed in (from numbered stock). It is
   * signed into the manifest, printed on it, and typed blind after sealing and on import.
   */
  seal: z.string().regex(SEAL_PATTERN, 'a seal number is 4–32 letters, digits or hyphens'),
  /** Witness co-signatures the sender requires (declared in the manifest as critical); 0: none. */
  requireWitnesses: z.number().int().min(0).max(16).optional(),
  /**
   * Scan the sources with ClamAV: the operator's choice where the station's scan policy is
   * 'optional' (absent: scan when a scanner is configured). Under 'required' main scans whatever
   * this says; under 'off' true is refused.
   */
  scan: z.boolean().optional(),
  /**
   * The before-packing (export-pre) ANSWERS and who gave them (one of the station's operators).
   * Main evaluates them under the station's template policy and builds the records itself.
   */
  checklist: checklistAnswersRequest,
  /** The signing key's name in the keys folder, and its passphrase. */
  keyName: name,
  passphrase: z.string().min(1).max(1024),
});
export type PackParams = z.infer<typeof packParamsSchema>;

/** `job:start`'s request: the job kind and its typed parameters. */
export const jobStartSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pack'), params: packParamsSchema }),
  z.strictObject({ kind: z.literal('verify'), params: z.strictObject({ dir: path }) }),
  /** `officer`: the person importing (one of the station's officers), named on a rejection and on transfer.verified. */
  z.strictObject({ kind: z.literal('stage-import'), params: z.strictObject({ dir: path, officer: text(200).min(1) }) }),
  writeMediumJobSchema,
  gatherMediumJobSchema,
]);
export type JobStartRequest = z.infer<typeof jobStartSchema>;
export type JobKind = JobStartRequest['kind'];
