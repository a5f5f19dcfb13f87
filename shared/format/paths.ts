/**
 * Entry-path rules of the format. Every path in a manifest and every name in a tar header must pass
 * `pathProblem`; two paths collide when their `collisionKey`s are equal. The same code refuses
 * sources at pack time and rejects hostile archives at import time.
 */
import { LIMITS } from './constants';
import { forbiddenChar } from './text-rules';

/**
 * Windows device names. A segment is reserved when the part before its FIRST dot, without trailing
 * spaces, is one of them in any case: `CON`, `con.txt`, `Con.tar.gz`, `CON .txt` (Windows strips
 * the spaces and opens the console) — but not `CONsole.txt` or `.con`.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** The part of a segment Windows compares with its device names (see WINDOWS_RESERVED). */
export function deviceStem(segment: string): string {
  const dot = segment.indexOf('.');
  return (dot === -1 ? segment : segment.slice(0, dot)).replace(/ +$/, '');
}

/**
 * Why `path` is not an acceptable entry path, or null when it is. Paths are relative, use `/`
 * between segments, and each segment is a plain name that every common filesystem can hold.
 */
export function pathProblem(path: string): string | null {
  if (path.length === 0) return 'empty path';
  const bad = forbiddenChar(path);
  if (bad) return bad === 'U+0000' ? 'NUL or control character in path' : `control or invisible character ${bad} in path`;
  if (path.includes('\\')) return 'backslash in path';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive letter in path';
  if (path.includes(':')) return 'colon in path';
  if (path !== path.normalize('NFC')) return 'path is not in Unicode NFC form';
  if (utf8Length(path) > LIMITS.maxPathBytes) return `path longer than ${LIMITS.maxPathBytes} bytes`;
  const segments = path.split('/');
  if (segments.length > LIMITS.maxDepth) return `path deeper than ${LIMITS.maxDepth} levels`;
  for (const segment of segments) {
    if (segment === '') return 'empty path segment';
    if (segment === '.' || segment === '..') return `"${segment}" segment in path`;
    if (/[. ]$/.test(segment)) return 'path segment ends with a dot or a space';
    if (WINDOWS_RESERVED.test(deviceStem(segment))) return `Windows reserved name "${segment}"`;
    if (/[<>"|?*]/.test(segment)) return 'character not allowed on Windows (<>"|?*) in path';
  }
  return null;
}

/**
 * The key under which two paths collide on a case-insensitive or normalising filesystem
 * (FORMAT.md §3.2): NFKD, then — until nothing changes — every code point upper-cased, every code
 * point lower-cased (Unicode's full default mappings, one code point at a time: no context such as
 * Final_Sigma, no language rules) and NFKD again. The fixpoint identifies exactly the strings that
 * Unicode full case folding identifies (`ß`, `ẞ`, `ss`, `SS`; `σ`, `ς`, `Σ`; Cherokee; `ǅ`) plus
 * dotless `ı` with `i`, as NTFS's upcase table does. Upper-then-lower once is not enough:
 * `ẞ` → `ẞ` → `ß`, which a second round takes to `ss`.
 */
export function collisionKey(path: string): string {
  // ASCII is its own NFKD, and there the fixpoint is plain lower case.
  if (/^[\x00-\x7f]*$/.test(path)) return path.toLowerCase();
  let key = path.normalize('NFKD');
  for (let round = 0; round < MAX_FOLD_ROUNDS; round++) {
    const next = caseRound(key);
    if (next === key) return key;
    key = next;
  }
  return key;
}

/** A bound on collisionKey's loop: a single code point of Unicode 17 settles after at most two changing rounds. */
const MAX_FOLD_ROUNDS = 8;

/** One round: per code point upper case, per code point lower case, NFKD. */
function caseRound(text: string): string {
  let upper = '';
  for (const ch of text) upper += ch.toUpperCase();
  let lower = '';
  for (const ch of upper) lower += ch.toLowerCase();
  return lower.normalize('NFKD');
}

/** The parent directory of an entry path, or null for a top-level entry. */
export function parentPath(path: string): string | null {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? null : path.slice(0, slash);
}

/** Number of UTF-8 bytes in `text`, without needing Node's Buffer. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Compares two paths by the bytes of their UTF-8 encoding: the order of entries in the payload and
 * the manifest. A directory sorts before everything inside it. For well-formed strings (paths
 * with a lone surrogate are refused before they are ever ordered).
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  // UTF-16 units order like code points — and so like UTF-8 bytes — except that a surrogate (half
  // of a code point above U+FFFF) must sort after U+E000–U+FFFF. Only when both units are
  // U+D800 or above can that matter: move the surrogates above the rest. (A whole-string
  // code-point walk made sorting a 100,000-entry plan three times slower.)
  if (x >= 0xd800 && y >= 0xd800) {
    x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
  }
  return x < y ? -1 : 1;
}
