/**
 * The manifest of a `sluice-transfer/1` package: its shape (a zod schema, so the type and the
 * runtime check are one thing) and the semantic rules a shape cannot express. docs/FORMAT.md §3 is
 * the prose of the same rules; keep the two in step.
 */
import { z } from 'zod';
import {
  FORMAT_VERSION, KEY_ID_PATTERN, LIMITS, NETWORK_ID_PATTERN, SHA256_PATTERN, TRANSFER_ID_PATTERN, volumeName,
} from './constants';
import { collisionKey, compareUtf8, parentPath, pathProblem } from './paths';
import { isCanonicalJson } from './canonical-json';
import { NO_FORBIDDEN_CHARS } from './text-rules';
import { quoted } from './display-text';
import { entryDetailsSchema } from './entry-details';
import { vendorChecksumProblems } from './vendor-checksums';

/** UTC timestamps to the second: 2026-11-22T03:04:05Z. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const safeCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const sha256 = z.string().regex(SHA256_PATTERN);
const timestamp = z.string().regex(TIMESTAMP_PATTERN);
// Free text printed on paper and shown on screen: bounded, and no control or invisible character
// (shared/format/text-rules.ts), so a banner cannot be spoofed with bidi overrides.
const text = (max: number) => z.string().max(max).regex(NO_FORBIDDEN_CHARS, 'contains a control or invisible character');

const fileEntry = z.looseObject({
  path: z.string(),
  type: z.literal('file'),
  size: safeCount,
  mode: z.enum(['0644', '0755']),
  mtime: z.number().int().min(0).max(LIMITS.maxMtime),
  sha256,
  /** Optional: what was recognised inside the file (FORMAT.md §3.10). */
  details: entryDetailsSchema.optional(),
});
const dirEntry = z.looseObject({
  path: z.string(),
  type: z.literal('dir'),
  size: z.literal(0),
  mode: z.literal('0755'),
  mtime: z.number().int().min(0).max(LIMITS.maxMtime),
  /** Optional: what was recognised in the folder, e.g. an OCI image layout (FORMAT.md §3.10). */
  details: entryDetailsSchema.optional(),
});
const entry = z.discriminatedUnion('type', [fileEntry, dirEntry]);

const volume = z.looseObject({ name: z.string(), size: safeCount, sha256 });

const checklistRecord = z.looseObject({
  stage: text(64),
  itemId: text(64),
  label: text(500),
  kind: z.enum(['confirm', 'text', 'choice']),
  value: z.union([z.boolean(), text(2000)]),
  by: text(200),
  at: timestamp,
});

/** A tamper-evident seal number: letters, digits and hyphens, 4–32 characters. */
export const SEAL_PATTERN = /^[A-Za-z0-9-]{4,32}$/;

/**
 * The `cosign` extension (FORMAT.md §9): the sender requires this many witness co-signatures
 * (`cosign-<KEYID>.minisig`). Present exactly when `critical` lists "cosign".
 */
const cosignRequirement = z.looseObject({ witnesses: z.number().int().min(1).max(16) });

/** Extensions this reader understands when a manifest lists them in `critical`. */
export const KNOWN_CRITICAL = ['cosign'] as const;

const attachment = z.looseObject({ name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/), role: text(64), size: safeCount, sha256 });

/**
 * The optional `scan` record (FORMAT.md §3.4): either the antivirus scan the packer ran over every
 * source file — engine, its version, the signature database, how many files, verdict 'clean' (a
 * finding refuses the pack, so no other verdict is ever signed) — or `{ verdict: 'not-scanned' }`.
 * Manifests written before scanning existed have no `scan` at all: "not recorded".
 */
const scanRecord = z.discriminatedUnion('verdict', [
  z.looseObject({ verdict: z.literal('not-scanned') }),
  z.looseObject({
    verdict: z.literal('clean'),
    engine: text(64),
    engineVersion: text(64),
    database: z.looseObject({ description: text(500), version: text(64).optional(), date: timestamp.optional() }),
    filesScanned: safeCount,
  }),
]);

/** The schema of manifest.json. Unknown keys are allowed (and ignored) for forward compatibility. */
export const manifestSchema = z.looseObject({
  format: z.literal(FORMAT_VERSION),
  critical: z.array(z.string()),
  transferId: z.string().regex(TRANSFER_ID_PATTERN),
  sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  source: z.string().regex(NETWORK_ID_PATTERN),
  destination: z.string().regex(NETWORK_ID_PATTERN),
  created: timestamp,
  expires: timestamp,
  operator: text(200),
  classification: text(100),
  purpose: text(2000),
  ticket: text(200),
  signer: z.looseObject({ keyId: z.string().regex(KEY_ID_PATTERN) }),
  payload: z.looseObject({ size: safeCount, sha256, volumes: z.array(volume).min(1).max(LIMITS.maxVolumes) }),
  entries: z.array(entry).max(LIMITS.maxEntries),
  totals: z.looseObject({ files: safeCount, directories: safeCount, bytes: safeCount }),
  checklist: z.array(checklistRecord),
  attachments: z.array(attachment),
  /** Optional: the number of the tamper-evident bag the medium is sealed in, chosen before packing. */
  seal: z.string().regex(SEAL_PATTERN).optional(),
  /** Optional critical extension: witness co-signatures the sender requires. */
  cosign: cosignRequirement.optional(),
  /** Optional: the antivirus scan made before packing, or that none was made. */
  scan: scanRecord.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entry>;
export type FileEntry = z.infer<typeof fileEntry>;
export type DirEntry = z.infer<typeof dirEntry>;
export type VolumeRecord = z.infer<typeof volume>;
export type ChecklistRecord = z.infer<typeof checklistRecord>;
export type CosignRequirement = z.infer<typeof cosignRequirement>;
export type ScanRecord = z.infer<typeof scanRecord>;

/** Seconds since the epoch of a manifest timestamp. */
export function timestampSeconds(value: string): number {
  return Date.parse(value) / 1000;
}

/** Formats seconds since the epoch as a manifest timestamp. */
export function formatTimestamp(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Every rule a well-shaped manifest can still break, as messages naming the offending item. An
 * empty list means the manifest is internally consistent; it says nothing about the payload.
 */
export function manifestProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const unknown = m.critical.filter((c) => !(KNOWN_CRITICAL as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push(`manifest requires extensions this reader does not know: ${unknown.join(', ')}`);
  if (new Set(m.critical).size !== m.critical.length) problems.push('critical lists an extension more than once');
  if (m.critical.includes('cosign') !== (m.cosign !== undefined)) problems.push('the cosign requirement and critical ["cosign"] must appear together');
  for (const field of ['created', 'expires'] as const) {
    // Date.parse rolls 2026-11-31 over to 12-01 and accepts T24:00:00: a real date formats back to itself.
    const seconds = timestampSeconds(m[field]);
    if (Number.isNaN(seconds) || formatTimestamp(seconds) !== m[field]) problems.push(`${field} is not a valid date`);
  }
  if (!(timestampSeconds(m.created) < timestampSeconds(m.expires))) problems.push('expires is not after created');

  const count = m.payload.volumes.length;
  let volumeTotal = 0;
  m.payload.volumes.forEach((v, i) => {
    if (v.name !== volumeName(i, count)) problems.push(`volume ${i + 1} is named ${quoted(v.name)}, expected "${volumeName(i, count)}"`);
    volumeTotal += v.size;
  });
  if (volumeTotal !== m.payload.size) problems.push(`volume sizes add up to ${volumeTotal}, payload size is ${m.payload.size}`);

  const seen = new Map<string, string>();
  const dirs = new Set<string>();
  let files = 0, directories = 0, bytes = 0;
  let previous: string | null = null;
  for (const e of m.entries) {
    const problem = pathProblem(e.path);
    if (problem) { problems.push(`entry ${quoted(e.path)}: ${problem}`); continue; }
    if (previous !== null && compareUtf8(previous, e.path) >= 0) problems.push(`entry "${e.path}" is out of order or repeated (after "${previous}")`);
    previous = e.path;
    const key = collisionKey(e.path);
    const clash = seen.get(key);
    if (clash !== undefined) problems.push(`entry "${e.path}" collides with "${clash}" on a case-insensitive or normalising filesystem`);
    else seen.set(key, e.path);
    const parent = parentPath(e.path);
    if (parent !== null && !dirs.has(parent)) problems.push(`entry "${e.path}" has no directory entry for "${parent}" before it`);
    if (e.type === 'dir') { dirs.add(e.path); directories++; } else { files++; bytes += e.size; }
  }
  if (m.totals.files !== files) problems.push(`totals.files is ${m.totals.files}, entries hold ${files}`);
  if (m.totals.directories !== directories) problems.push(`totals.directories is ${m.totals.directories}, entries hold ${directories}`);
  if (m.scan?.verdict === 'clean' && m.scan.filesScanned !== files) problems.push(`scan.filesScanned is ${m.scan.filesScanned}, entries hold ${files} files: the scan must cover every file`);
  if (m.totals.bytes !== bytes) problems.push(`totals.bytes is ${m.totals.bytes}, entries hold ${bytes}`);
  problems.push(...vendorChecksumProblems(m));
  return problems;
}

/**
 * Parses manifest.json text: JSON, then shape, then semantics. Returns the manifest or every
 * problem found. Callers must have verified the signature over these exact bytes first.
 */
export function parseManifest(jsonText: string): { ok: true; manifest: Manifest } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch {
    // The parser's message quotes the hostile bytes, so it is not shown. (An offset used to be, but
    // it was the first difference from '' — always 0 — and V8's messages often carry none.)
    return { ok: false, problems: ['manifest.json is not valid JSON'] };
  }
  // One reading for every verifier: the bytes must be exactly what a writer produces from what was
  // parsed. This refuses duplicate keys (another parser may keep the first value), a BOM, "1.0",
  // unusual escapes and whitespace, in one rule.
  // Compared in place (./canonical-json.ts): a second copy of a 1,000,000-entry manifest would be
  // the largest thing in memory. The canonical text is built only to say where a refused one differs.
  if (!isCanonicalJson(raw, jsonText)) {
    let at = 0;
    try {
      at = firstDifference(jsonText, JSON.stringify(raw, null, 2) + '\n');
    } catch {
      // Nested deeper than JSON.stringify can go: report the start.
    }
    return { ok: false, problems: [`manifest.json is not in canonical form (JSON.stringify(manifest, null, 2) plus one newline): it differs at character ${at} — duplicate keys, a byte order mark, other whitespace, number forms or escapes`] };
  }
  return checkManifestValue(raw);
}

/**
 * The schema, then manifestProblems, on a value as JSON.parse made it — what parseManifest decides
 * after the JSON and canonical-form rules. Pack also runs it on the plain-data manifest it built,
 * whose text is JSON.stringify of that value.
 */
export function checkManifestValue(raw: unknown): { ok: true; manifest: Manifest } | { ok: false; problems: string[] } {
  const issues = schemaIssues(raw);
  if (issues.length > 0) return { ok: false, problems: issues.slice(0, 20).map((i) => `manifest field ${i.path.join('.') || '(root)'}: ${i.message}`) };
  // The schema has no defaults or transforms, so the value it accepted is the manifest as it
  // stands: zod's copy of it (the whole entry tree again) is never made.
  const manifest = raw as Manifest;
  const problems = manifestProblems(manifest);
  return problems.length ? { ok: false, problems } : { ok: true, manifest };
}

/**
 * What manifestSchema.safeParse(raw) reports, in its order, with the entries checked one at a
 * time: parsing the whole array at once builds a copy of every entry (the largest transient of
 * pack's check and a second entry tree held through a verify; docs/PERFORMANCE.md). One
 * difference: for more than LIMITS.maxEntries entries zod reports only "too big", where this also
 * reports the first entries' own problems after it. Both refuse the manifest.
 */
function schemaIssues(raw: unknown): { path: PropertyKey[]; message: string }[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray((raw as { entries?: unknown }).entries)) {
    const whole = manifestSchema.safeParse(raw);
    return whole.success ? [] : whole.error.issues;
  }
  const entries = (raw as { entries: unknown[] }).entries;
  const top = manifestSchema.safeParse({ ...raw, entries: [] });
  const topIssues = top.success ? [] : top.error.issues;
  // zod reports the top-level fields in the schema's key order: the entries' issues go where
  // 'entries' stands in it.
  const keys = Object.keys(manifestSchema.shape);
  const at = (i: { path: PropertyKey[] }) => keys.indexOf(String(i.path[0]));
  const before = topIssues.filter((i) => at(i) < keys.indexOf('entries'));
  const after = topIssues.filter((i) => at(i) > keys.indexOf('entries'));
  const own: { path: PropertyKey[]; message: string }[] = [];
  const count = entryCount.safeParse(entries);
  if (!count.success) own.push(...count.error.issues.map((i) => ({ ...i, path: ['entries', ...i.path] })));
  for (let n = 0; n < entries.length && own.length < 20; n++) {
    const one = entry.safeParse(entries[n]);
    if (!one.success) own.push(...one.error.issues.map((i) => ({ ...i, path: ['entries', n, ...i.path] })));
  }
  return [...before, ...own, ...after];
}

/** The entries array's own rule, without parsing each entry (schemaIssues does that). */
const entryCount = z.array(z.unknown()).max(LIMITS.maxEntries);

/** Index of the first character where `a` and `b` differ (for messages that must not quote hostile text). */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Serialises a manifest the way a packer writes it: two-space JSON, one trailing newline. */
export function serializeManifest(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}
