/**
 * Hostile entry paths (REFERENCES §3 "Paths" and "Collisions"). Each path is attacked twice: once
 * in the manifest (the manifest check must refuse it, whatever the tar says) and once in the tar
 * only, under a manifest that describes the benign package (the archive check must refuse it).
 */
import { dirname, join } from 'node:path';
import { appendFile, benignEntries, HELLO, NOTES, withNotesNamed } from './benign';
import { dirEntry, fileEntry } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import type { CaseContext, HostileCase } from './types';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface HostilePath {
  id: string;
  title: string;
  path: (ctx: CaseContext) => string;
  /**
   * The manifest check's reason, written out here rather than asked of pathProblem() (the code
   * under test): a rule that stopped refusing, or refused for another reason, makes the case fail.
   */
  reason: string;
}

const fixed = (id: string, title: string, p: string, reason: string): HostilePath => ({ id, title, path: () => p, reason });

/** Every hostile path; `{sentinel}` cases aim straight at the directory next to destRoot. */
export const HOSTILE_PATHS: HostilePath[] = [
  fixed('abs-etc', 'absolute path /etc/x', '/etc/x', 'absolute path'),
  fixed('abs-double-slash', 'absolute path //x', '//sluice-esc-dslash', 'absolute path'),
  { id: 'abs-sentinel', title: 'absolute path into the sentinel dir', path: (c) => join(c.sentinel, 'pwned'), reason: 'absolute path' },
  fixed('dotdot', '.. traversal a/../../x', 'a/../../sluice-esc-dotdot', '".." segment in path'),
  fixed('dotdot-sentinel', '.. traversal to the sentinel', '../../sentinel/pwned', '".." segment in path'),
  fixed('dotdot-leading', 'leading ..', '../sluice-esc-lead', '".." segment in path'),
  fixed('empty-segment', 'empty segment a//b', 'a//b', 'empty path segment'),
  fixed('dot-segment', '. segment', 'a/./b', '"." segment in path'),
  fixed('backslash', 'backslash a\\b', 'a\\b', 'backslash in path'),
  fixed('backslash-traversal', 'backslash traversal ..\\x', '..\\..\\sluice-esc-bs', 'backslash in path'),
  fixed('drive-letter', 'drive letter C:x', 'C:x', 'drive letter in path'),
  fixed('drive-dotdot', 'drive-relative C:../x', 'C:../x', 'drive letter in path'),
  fixed('unc', 'UNC \\\\server\\share\\x', '\\\\server\\share\\x', 'backslash in path'),
  fixed('win32-device', 'Win32 device path \\\\?\\C:\\x', '\\\\?\\C:\\x', 'backslash in path'),
  fixed('nt-object', 'NT object path \\??\\C:\\x', '\\??\\C:\\x', 'backslash in path'),
  fixed('nul', 'NUL inside the path', 'a.txt\u0000.png', 'NUL or control character in path'),
  fixed('control', 'control character in the name', 'a\u0001b.txt', 'control or invisible character U+0001 in path'),
  fixed('newline', 'newline in the name', 'a\nb.txt', 'control or invisible character U+000A in path'),
  fixed('bidi-override', 'right-to-left override (invoice\u202etxt.exe shows as invoiceexe.txt)', 'invoice\u202etxt.exe', 'control or invisible character U+202E in path'),
  fixed('bidi-isolate', 'first-strong isolate U+2068', 'report\u2068.pdf', 'control or invisible character U+2068 in path'),
  fixed('zero-width', 'zero width space hiding a second readme', 're\u200badme.txt', 'control or invisible character U+200B in path'),
  fixed('bom', 'byte order mark inside the name', '\ufeffnotes.txt', 'control or invisible character U+FEFF in path'),
  fixed('reserved-con', 'Windows reserved name CON', 'CON', 'Windows reserved name "CON"'),
  fixed('reserved-nul-ext', 'Windows reserved name nul.txt', 'nul.txt', 'Windows reserved name "nul.txt"'),
  fixed('reserved-com1', 'Windows reserved name COM1', 'COM1', 'Windows reserved name "COM1"'),
  fixed('reserved-con-space', 'Windows reserved name with spaces before the extension, "CON .txt"', 'CON .txt', 'Windows reserved name "CON .txt"'),
  fixed('trailing-dot', 'trailing dot', 'notes.', 'path segment ends with a dot or a space'),
  fixed('trailing-space', 'trailing space', 'notes ', 'path segment ends with a dot or a space'),
  fixed('ads', 'colon (NTFS alternate data stream)', 'notes.txt:evil', 'colon in path'),
  fixed('nfd', 'NFD é (not NFC)', 'caf\u0065\u0301.txt', 'path is not in Unicode NFC form'),
  fixed('too-deep', 'depth over 64', Array.from({ length: 65 }, () => 'd').join('/'), 'path deeper than 64 levels'),
  fixed('too-long', 'path over 240 bytes', 'p'.repeat(241), 'path longer than 240 bytes'),
];

/** Where an extraction that obeyed `p` would have written: the absolute path, or the tail after the last `..` under each ancestor. */
function escapeTargets(p: string, ctx: CaseContext): string[] {
  if (p.startsWith('/')) return [p.replace(/^\/+/, '/')];
  const segments = p.split(/[\\/]/);
  const last = segments.lastIndexOf('..');
  if (last === -1) return [];
  const tail = segments.slice(last + 1).join('/');
  return [ctx.destRoot, ctx.sandbox, dirname(ctx.sandbox)].map((base) => join(base, tail));
}

/**
 * How a reason shows a hostile name (issue 9 §1): every control, C1, line-separator or Unicode Cf
 * character as a visible `\uXXXX`, a backslash doubled. Written out here from the Unicode
 * categories, not taken from shared/format/display-text.ts, the code under test.
 */
function shownEscaped(p: string): string {
  let out = '';
  for (const ch of p) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u.test(ch)) out += `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
    else out += ch === '\\' ? '\\\\' : ch;
  }
  return out;
}

/**
 * The archive check's refusal of a header path that is not the manifest's: it quotes the hostile
 * path, escaped, and cut after a couple of hundred characters ("…(N more characters)").
 */
function tarPathMismatch(path: HostilePath['path']): RegExp {
  // Sandbox-dependent paths are matched by their fixed tail.
  const p = path({ sandbox: '', destRoot: '', sentinel: '' });
  return new RegExp(`path "[^"]*${escapeRe(shownEscaped(p).slice(0, 150))}[^"]*" does not match the manifest's "notes\\.txt"`);
}

function manifestCase(h: HostilePath): HostileCase {
  return {
    id: `m-${h.id}`,
    title: `manifest entry: ${h.title}`,
    check: 'manifest',
    reason: new RegExp(`^entry "[^\n]*": ${escapeRe(h.reason)}$`),
    build: (ctx) => ({
      entries: [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry(h.path(ctx), NOTES)],
      volumes: [withNotesNamed(h.path(ctx)).end().bytes()],
    }),
    escapeTargets: (ctx) => escapeTargets(h.path(ctx), ctx),
  };
}

function tarCase(h: HostilePath): HostileCase {
  return {
    id: `t-${h.id}`,
    title: `tar header (manifest benign): ${h.title}`,
    check: 'archive',
    // The reader compares each header's path with the manifest's (which passed pathProblem), so a
    // hostile tar name is refused as a mismatch that quotes it; a NUL never gets that far.
    reason: h.id === 'nul' ? /pax path contains NUL/ : tarPathMismatch(h.path),
    build: (ctx) => ({ entries: benignEntries(), volumes: [withNotesNamed(h.path(ctx)).end().bytes()] }),
    escapeTargets: (ctx) => escapeTargets(h.path(ctx), ctx),
    probe: (seen, ctx) => {
      if (seen.members[2]?.name !== h.path(ctx)) throw new Error(`tarfile sees ${JSON.stringify(seen.members[2]?.name)}`);
    },
  };
}

const collides = /collides/;
const pairCase = (id: string, title: string, a: string, b: string): HostileCase => ({
  id: `m-${id}`,
  title: `manifest entries collide: ${title}`,
  check: 'manifest',
  reason: collides,
  build: () => ({
    entries: [fileEntry(a, HELLO), fileEntry(b, NOTES)],
    volumes: [appendFile(appendFile(new RawTarWriter(), a, HELLO), b, NOTES).end().bytes()],
  }),
});

/** Case and Unicode collisions, and a repeated entry, in the manifest. */
export const COLLISION_CASES: HostileCase[] = [
  pairCase('case-collision', 'README / readme', 'README', 'readme'),
  pairCase('sharp-s', 'ss / ß', 'ss.txt', 'ß.txt'),
  pairCase('capital-sharp-s', 'ß / ẞ (full case folding, not upper-then-lower)', 'ß.txt', 'ẞ.txt'),
  pairCase('ligature', 'fi / ﬁ', 'fi.txt', 'ﬁ.txt'),
  pairCase('accent-case', 'É / é', 'É.txt', 'é.txt'),
  {
    id: 'm-duplicate',
    title: 'manifest lists the same path twice',
    check: 'manifest',
    reason: /repeated/,
    build: () => ({
      entries: [fileEntry('notes.txt', NOTES), fileEntry('notes.txt', NOTES)],
      volumes: [new RawTarWriter().file('notes.txt', NOTES).file('notes.txt', NOTES).end().bytes()],
    }),
  },
];

/** Every path case, manifest and tar variants. */
export const PATH_CASES: HostileCase[] = [
  ...HOSTILE_PATHS.map(manifestCase),
  ...HOSTILE_PATHS.map(tarCase),
  ...COLLISION_CASES,
];
