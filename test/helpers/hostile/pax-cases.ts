/**
 * Hostile pax headers (REFERENCES §3 "PAX"): keys other than path/size/mtime, global headers,
 * non-decimal numbers, NUL in values, stacked and orphan headers, a pax header applied to a GNU
 * long-name header, and TARmageddon (ustar size 0, pax size non-zero, smuggled entries in the body).
 */
import { benignEntries, benignPrefix, HELLO, NOTES } from './benign';
import { dirEntry, fileEntry } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import type { HostileCase } from './types';

/** notes.txt preceded by one pax header carrying `records`. */
function paxCase(id: string, title: string, records: [string, string][], reason: RegExp): HostileCase {
  return {
    id: `t-pax-${id}`,
    title,
    check: 'archive',
    reason,
    build: () => ({ entries: benignEntries(), volumes: [benignPrefix().pax(records).file('notes.txt', NOTES).end().bytes()] }),
    probe: (seen) => {
      if (seen.error === null && seen.members[2] && Object.keys(seen.members[2].pax).length === 0) throw new Error('tarfile sees no pax records');
    },
  };
}

export const PAX_CASES: HostileCase[] = [
  paxCase('linkpath', 'pax linkpath=/etc/passwd', [['linkpath', '/etc/passwd']], /"linkpath"/),
  paxCase('uid', 'pax uid=1000', [['uid', '1000']], /"uid"/),
  paxCase('gnu-sparse', 'pax GNU.sparse.size', [['GNU.sparse.size', '1048576'], ['GNU.sparse.map', '0,10']], /GNU\.sparse/),
  paxCase('xattr', 'pax SCHILY.xattr.security.capability', [['SCHILY.xattr.security.capability', 'x']], /SCHILY\.xattr/),
  paxCase('size-junk', 'pax size=3junk', [['size', '3junk']], /size "3junk"/),
  paxCase('size-negative', 'pax size=-1', [['size', '-1']], /size "-1"/),
  paxCase('size-plus', 'pax size=+726', [['size', `+${NOTES.length}`]], /size "\+\d+"/),
  paxCase('mtime-exponent', 'pax mtime=1e9', [['mtime', '1e9']], /mtime "1e9"/),
  paxCase('path-nul-tail', 'pax path with NUL then a traversal', [['path', 'notes.txt\u0000/../../sluice-esc-nul']], /NUL|control/),
  {
    id: 't-pax-bad-length',
    title: 'pax record whose length prefix lies',
    check: 'archive',
    reason: /pax record length/,
    build: () => ({
      entries: benignEntries(),
      volumes: [benignPrefix().entry({ name: 'PaxHeader', typeflag: 'x' }, Buffer.from('99 path=notes.txt\n')).file('notes.txt', NOTES).end().bytes()],
    }),
  },
  {
    id: 't-pax-global',
    title: "global 'g' pax header",
    check: 'archive',
    reason: /global/,
    build: () => ({ entries: benignEntries(), volumes: [new RawTarWriter().pax([['path', 'evil']], 'g').dir('docs').file('docs/hello.txt', HELLO).file('notes.txt', NOTES).end().bytes()] }),
  },
  {
    id: 't-pax-stacked',
    title: 'two pax headers in a row',
    check: 'archive',
    reason: /more than one pax header/,
    build: () => ({ entries: benignEntries(), volumes: [benignPrefix().pax([['path', 'other.txt']]).pax([['path', 'notes.txt']]).file('notes.txt', NOTES).end().bytes()] }),
  },
  {
    id: 't-pax-orphan',
    title: 'pax header with no entry after it',
    check: 'archive',
    reason: /pax header .*end of the archive/,
    build: () => ({ entries: benignEntries(), volumes: [benignPrefix().file('notes.txt', NOTES).pax([['path', 'ghost.txt']]).end().bytes()] }),
  },
  {
    id: 't-tarmageddon',
    title: 'TARmageddon: ustar size 0, pax size non-zero, an entry smuggled in the body',
    check: 'archive',
    reason: /pax size \d+ differs from the header's size 0/,
    build: () => {
      const smuggled = new RawTarWriter().file('smuggled.txt', 'payload the manifest never saw\n').bytes();
      return {
        entries: [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry('notes.txt', '')],
        volumes: [benignPrefix().pax([['size', String(smuggled.length)]]).entry({ name: 'notes.txt', size: 0 }).raw(smuggled).end().bytes()],
      };
    },
    probe: (seen) => {
      const notes = seen.members.find((m) => m.name === 'notes.txt');
      if (!notes || notes.size === 0) throw new Error('tarfile does not honour the pax size');
    },
  },
];
