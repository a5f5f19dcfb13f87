/**
 * Recognising and reading a vendor's checksum files. They arrive with the operator's sources but
 * were written by someone else, so they are read strictly: valid UTF-8, one format and one
 * algorithm per file, every line understood (comments `#` and blank lines aside), every name a
 * plain relative path inside the checksum file's own folder. A file that breaks a rule is not
 * used at all — reported as "not checked" with the reason — rather than half-used.
 */
import { pathProblem } from '../../../shared/format/paths';
import { displayText, quoted } from '../../../shared/format/display-text';
import type { SignatureKind } from '../../../shared/format/vendor-checksums';

/** Largest checksum file read (a SHA256SUMS of 10 000 files is ~1 MiB). */
export const MAX_CHECKSUM_FILE_BYTES = 4 * 1024 * 1024;

export type Algorithm = 'sha256' | 'sha512' | 'sha1' | 'md5';
const HEX_LENGTH: Record<Algorithm, number> = { sha256: 64, sha512: 128, sha1: 40, md5: 32 };
const BY_LENGTH = new Map<number, Algorithm>(Object.entries(HEX_LENGTH).map(([a, n]) => [n, a as Algorithm]));
const BSD_TAGS: Record<string, Algorithm> = { SHA256: 'sha256', SHA512: 'sha512', SHA1: 'sha1', MD5: 'md5' };

/** What a file name says it is: a list of checksums, a sidecar of one file, or neither. */
export type ChecksumFileKind = { kind: 'list'; algorithm: Algorithm | null } | { kind: 'sidecar'; algorithm: Algorithm; target: string };

/**
 * Recognises a checksum file by its base name (case-insensitive): `SHA256SUMS`, `SHA512SUMS`,
 * `SHA1SUMS`, `MD5SUMS` (optionally `.txt`, optionally after a `name_1.2_` prefix, as HashiCorp and
 * goreleaser write them), `CHECKSUMS`/`checksums.txt` (likewise), `*.sha256sum(s)` and friends;
 * `<file>.sha256` / `<file>.sha512` are sidecars of `<file>`.
 */
export function recognizeChecksumFile(base: string): ChecksumFileKind | null {
  // Every name the pack plans passes here: one cheap test turns nearly all of them away.
  if (!/sum|\.sha(?:256|512)$/i.test(base)) return null;
  const lower = base.toLowerCase();
  let m = /^(?:.*[._-])?(sha256|sha512|sha1|md5)sums(?:\.txt)?$/.exec(lower) ?? /\.(sha256|sha512|sha1|md5)sums?$/.exec(lower);
  if (m) return { kind: 'list', algorithm: m[1] as Algorithm };
  if (/^(?:.*[._-])?checksums(?:\.txt)?$/.test(lower)) return { kind: 'list', algorithm: null };
  m = /\.(sha256|sha512)$/.exec(lower);
  if (m && base.length > m[0].length) return { kind: 'sidecar', algorithm: m[1] as Algorithm, target: base.slice(0, -m[0].length) };
  return null;
}

/** Signature files recognised beside `base` (a checksum file's name): suffix → kind. */
const SIGNATURE_SUFFIXES: [string, SignatureKind][] = [
  ['.minisig', 'minisign'], ['.asc', 'openpgp'], ['.gpg', 'openpgp'], ['.sig', 'detached'],
  ['.bundle', 'sigstore-bundle'], ['.sigstore', 'sigstore-bundle'], ['.sigstore.json', 'sigstore-bundle'],
];

/**
 * The kind of signature `sibling` is for the checksum file `base`, or null: `base` plus a known
 * suffix, or HashiCorp's `base.<key id>.sig`.
 */
export function signatureKind(base: string, sibling: string): SignatureKind | null {
  if (!sibling.startsWith(`${base}.`)) return null;
  const rest = sibling.slice(base.length);
  for (const [suffix, kind] of SIGNATURE_SUFFIXES) if (rest === suffix) return kind;
  if (/^\.[A-Za-z0-9]{1,40}\.sig$/.test(rest)) return 'detached';
  return null;
}

/** One listed file: its name relative to the checksum file's folder and its digest (lowercase hex). */
export interface ListedFile {
  name: string;
  digest: string;
  line: number;
}

/** A checksum file understood line by line, or the reason it is not used. */
export type ParsedChecksums =
  | { ok: true; format: 'gnu' | 'bsd' | 'bare'; algorithm: Algorithm; files: ListedFile[] }
  | { ok: false; reason: string };

/**
 * Parses a checksum file's bytes. `kind` is what its name said; a sidecar may hold only the digest
 * (`bare`, naming `kind.target`) or GNU/BSD lines. Names are normalised (a leading `./` dropped) and
 * must then be plain relative paths (shared/format/paths.ts) listed once each.
 */
export function parseChecksums(bytes: Uint8Array, kind: ChecksumFileKind): ParsedChecksums {
  if (bytes.length > MAX_CHECKSUM_FILE_BYTES) return { ok: false, reason: `larger than ${MAX_CHECKSUM_FILE_BYTES / 1024 / 1024} MiB` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text' };
  }
  if (text.startsWith('\ufeff')) return { ok: false, reason: 'starts with a byte order mark' };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (kind.kind === 'sidecar' && lines.length === 1) {
    const bare = /^([0-9A-Fa-f]+)\r?$/.exec(lines[0]!);
    if (bare) {
      if (bare[1]!.length !== HEX_LENGTH[kind.algorithm]) return { ok: false, reason: `holds a ${bare[1]!.length}-digit digest, not ${kind.algorithm.toUpperCase()}` };
      return { ok: true, format: 'bare', algorithm: kind.algorithm, files: [{ name: kind.target, digest: bare[1]!.toLowerCase(), line: 1 }] };
    }
  }
  let format: 'gnu' | 'bsd' | null = null;
  let algorithm: Algorithm | null = kind.algorithm;
  const files: ListedFile[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const at = `line ${i + 1}`;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const line = parseLine(raw);
    if (!line) return { ok: false, reason: `${at} is not a checksum line (${displayText(raw, { max: 80 })})` };
    if (format !== null && line.format !== format) return { ok: false, reason: `${at} mixes GNU and BSD formats` };
    format = line.format;
    const lineAlg = line.algorithm ?? BY_LENGTH.get(line.digest.length);
    if (!lineAlg || line.digest.length !== HEX_LENGTH[lineAlg]) return { ok: false, reason: `${at} holds a ${line.digest.length}-digit digest` };
    if (algorithm !== null && lineAlg !== algorithm) return { ok: false, reason: `${at} is ${lineAlg.toUpperCase()}, the file's other lines or name say ${algorithm.toUpperCase()}` };
    algorithm = lineAlg;
    const name = line.name.replace(/^(?:\.\/)+/, '');
    const problem = pathProblem(name);
    if (problem) return { ok: false, reason: `${at} names ${quoted(name, { max: 120 })}, not a file inside the checksum file's folder (${problem})` };
    if (seen.has(name)) return { ok: false, reason: `${at} lists ${displayText(name, { max: 120 })} a second time` };
    seen.add(name);
    files.push({ name, digest: line.digest.toLowerCase(), line: i + 1 });
  }
  if (format === null || algorithm === null) return { ok: false, reason: 'lists no files' };
  return { ok: true, format, algorithm, files };
}

/**
 * One line: GNU `<hex>  name` (text) or `<hex> *name` (binary), with GNU's escaped form (a leading
 * `\`, then `\\` and `\n` in the name); BSD `SHA256 (name) = <hex>`.
 */
function parseLine(raw: string): { format: 'gnu' | 'bsd'; algorithm: Algorithm | null; digest: string; name: string } | null {
  const bsd = /^(SHA256|SHA512|SHA1|MD5) ?\((.+)\) ?= ([0-9A-Fa-f]+)$/.exec(raw);
  if (bsd) return { format: 'bsd', algorithm: BSD_TAGS[bsd[1]!]!, digest: bsd[3]!, name: bsd[2]! };
  const gnu = /^(\\?)([0-9A-Fa-f]+) [ *](.+)$/.exec(raw);
  if (!gnu) return null;
  let name = gnu[3]!;
  if (gnu[1] === '\\') {
    // Only the two escapes GNU writes; any other backslash sequence is not understood. (The names
    // they make — a backslash or a newline in a name — are then refused as paths, with that reason.)
    if (!/^(?:[^\\]|\\[\\n])*$/.test(name)) return null;
    name = name.replace(/\\([\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
  }
  return { format: 'gnu', algorithm: null, digest: gnu[2]!, name };
}
