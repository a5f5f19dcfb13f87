/**
 * Entry types the format forbids (REFERENCES §3 "Types"): links, devices, FIFOs, GNU sparse,
 * dump-dir, volume-label, multi-volume and long-name headers, unknown typeflags. The manifest
 * describes the benign package; only the tar header's type lies.
 */
import { dirname, join } from 'node:path';
import { benignEntries, benignPrefix, HELLO, NOTES } from './benign';
import { dirEntry, fileEntry } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import type { HostileCase } from './types';

/** The benign manifest, but notes.txt is empty: what a link or device entry honestly carries. */
const entriesWithEmptyNotes = () => [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry('notes.txt', '')];

function typeCase(id: string, title: string, typeflag: string, reason: RegExp, extra: { linkname?: string; devmajor?: number } = {}): HostileCase {
  return {
    id: `t-type-${id}`,
    title,
    check: 'archive',
    reason,
    build: () => ({
      entries: entriesWithEmptyNotes(),
      volumes: [benignPrefix().entry({ name: 'notes.txt', typeflag, size: 0, ...extra }).end().bytes()],
    }),
    probe: (seen) => {
      if (seen.members[2]?.type !== typeflag) throw new Error(`tarfile sees type ${seen.members[2]?.type}`);
    },
  };
}

const GNU_MAGIC = { magic: 'ustar ', version: ' \0' };
const USTAR_MAGIC = { magic: 'ustar\0', version: '00' };

/**
 * GNU sparse and long-name headers, with GNU's magic (refused as not ustar) and again with POSIX
 * magic, so the typeflag defence itself is exercised. `reason` null: name the GNU type.
 */
function gnuCases(magic: typeof GNU_MAGIC, label: string, reason: RegExp | null): HostileCase[] {
  const longName = 'l'.repeat(150) + '.txt';
  return [
    {
      id: `t-${label}-sparse`,
      title: `GNU sparse 'S' header (${label} magic)`,
      check: 'archive',
      reason: reason ?? /GNU sparse/,
      build: () => ({ entries: benignEntries(), volumes: [benignPrefix().entry({ name: 'notes.txt', typeflag: 'S', ...magic }, NOTES).end().bytes()] }),
      probe: (seen) => {
        if (seen.members[2]?.type !== 'S') throw new Error(`tarfile sees type ${seen.members[2]?.type}`);
      },
    },
    {
      id: `t-${label}-longname`,
      title: `GNU 'L' long name (${label} magic)`,
      check: 'archive',
      reason: reason ?? /GNU long name/,
      build: () => ({
        entries: [fileEntry(longName, NOTES)],
        volumes: [new RawTarWriter().gnuLong(longName, 'L', magic).file(longName.slice(0, 100), NOTES, magic).end().bytes()],
      }),
      probe: (seen) => {
        if (seen.members[0]?.name !== longName) throw new Error('tarfile does not apply the long name');
      },
    },
    {
      id: `t-${label}-longlink`,
      title: `GNU 'K' long link name (${label} magic)`,
      check: 'archive',
      reason: reason ?? /GNU long link/,
      build: () => ({
        entries: entriesWithEmptyNotes(),
        volumes: [benignPrefix().gnuLong('/etc/' + 'k'.repeat(120), 'K', magic).file('notes.txt', '', magic).end().bytes()],
      }),
    },
    {
      id: `t-${label}-longname-orphan`,
      title: `orphan GNU 'L' header right before the end (${label} magic)`,
      check: 'archive',
      reason: reason ?? /GNU long name/,
      build: () => ({ entries: benignEntries(), volumes: [benignPrefix().file('notes.txt', NOTES).gnuLong('orphan', 'L', magic).end().bytes()] }),
    },
    {
      id: `t-${label}-pax-then-longname`,
      title: `pax header applied to a GNU 'L' header (${label} magic)`,
      check: 'archive',
      reason: reason ?? /GNU long name/,
      build: () => ({
        entries: benignEntries(),
        volumes: [benignPrefix().pax([['path', 'notes.txt']]).gnuLong('../../sluice-esc-paxl', 'L', magic).file('notes.txt', NOTES).end().bytes()],
      }),
      escapeTargets: (ctx) => [join(ctx.sandbox, 'sluice-esc-paxl'), join(dirname(ctx.sandbox), 'sluice-esc-paxl')],
    },
  ];
}

export const TYPE_CASES: HostileCase[] = [
  typeCase('symlink', 'symlink entry to /etc/passwd', '2', /link/, { linkname: '/etc/passwd' }),
  typeCase('hardlink', 'hardlink entry to /etc/passwd', '1', /link/, { linkname: '/etc/passwd' }),
  typeCase('chardev', 'character device', '3', /character device/, { devmajor: 1 }),
  typeCase('blockdev', 'block device', '4', /block device/, { devmajor: 8 }),
  typeCase('fifo', 'FIFO', '6', /FIFO/),
  typeCase('contiguous', 'contiguous file (7)', '7', /contiguous/),
  typeCase('gnu-dumpdir', "GNU dump-dir 'D'", 'D', /dump dir/i),
  typeCase('gnu-volume', "GNU volume label 'V'", 'V', /volume label/),
  typeCase('gnu-multivol', "GNU multi-volume continuation 'M'", 'M', /multi-volume/),
  typeCase('unknown', "unknown typeflag 'Z'", 'Z', /unknown type "Z"/),
  {
    id: 't-type-symlink-escape',
    title: 'symlink docs -> sentinel, then a file written through it',
    check: 'archive',
    reason: /link/i,
    build: (ctx) => ({
      entries: benignEntries(),
      volumes: [new RawTarWriter()
        .entry({ name: 'docs', typeflag: '2', linkname: ctx.sentinel, size: 0, mode: 0o755 })
        .file('docs/hello.txt', HELLO).file('notes.txt', NOTES).end().bytes()],
    }),
    escapeTargets: (ctx) => [join(ctx.sentinel, 'hello.txt')],
    probe: (seen, ctx) => {
      if (seen.members[0]?.type !== '2' || seen.members[0]?.linkname !== ctx.sentinel) throw new Error('no symlink to the sentinel');
    },
  },
  {
    id: 't-type-hardlink-escape',
    title: 'hardlink notes.txt -> docs/hello.txt (link to an earlier entry)',
    check: 'archive',
    reason: /link/i,
    build: () => ({
      entries: entriesWithEmptyNotes(),
      volumes: [benignPrefix().entry({ name: 'notes.txt', typeflag: '1', linkname: 'docs/hello.txt', size: 0 }).end().bytes()],
    }),
  },
  ...gnuCases(GNU_MAGIC, 'gnu', /not POSIX ustar/),
  ...gnuCases(USTAR_MAGIC, 'ustar', null),
];
