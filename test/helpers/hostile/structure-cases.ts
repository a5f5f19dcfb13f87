/**
 * Hostile sizes, checksums and endings (REFERENCES §3 "Sizes" and "End"): header sizes that
 * disagree with the manifest or with the body, a directory with a body (tar-stream hangs on it),
 * bad checksums, truncation anywhere, data after the end, missing, extra, reordered and
 * duplicated entries, and ten thousand extra entries.
 */
import { benignEntries, benignPrefix, benignTar, HELLO, NOTES, NOTES_OFFSET } from './benign';
import { dirEntry, fileEntry, sha256Hex } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import type { HostileCase } from './types';

const GIB = 1024n ** 3n;

const benign = (id: string, title: string, reason: RegExp, payload: () => Uint8Array): HostileCase => ({
  id, title, check: 'archive', reason, build: () => ({ entries: benignEntries(), volumes: [payload()] }),
});

const truncated = /truncat|end-of-archive|end of (the )?archive|unexpected end/i;

export const STRUCTURE_CASES: HostileCase[] = [
  benign('t-size-mismatch', 'header size differs from the manifest', /size/i,
    () => benignPrefix().file('notes.txt', Buffer.concat([NOTES, Buffer.from('EXTRA')])).end().bytes()),
  benign('t-dir-with-size', 'directory entry with a non-zero size (tar-stream never ends it)', /size|directory/i,
    () => new RawTarWriter().entry({ name: 'docs/', typeflag: '5', mode: 0o755 }, Buffer.alloc(512, 0x41))
      .file('docs/hello.txt', HELLO).file('notes.txt', NOTES).end().bytes()),
  benign('t-bad-checksum', 'bad header checksum', /checksum/i, () => benignTar({ checksum: 'wrong' })),
  benign('t-size-base256-negative', 'base-256 negative size', /size/i,
    () => benignPrefix().entry({ name: 'notes.txt', size: { base256: -1n } }, NOTES).end().bytes()),
  benign('t-size-field-junk', 'non-octal size field', /size/i,
    () => benignPrefix().entry({ name: 'notes.txt', size: { raw: '0000000x726 ' } }, NOTES).end().bytes()),
  {
    id: 't-size-100gib',
    title: 'a 100 GiB size claim on a tiny body (manifest agrees)',
    check: 'archive',
    reason: truncated,
    build: () => ({
      entries: [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO),
        { path: 'notes.txt', type: 'file', size: Number(100n * GIB), mode: '0644', mtime: 1_700_000_000, sha256: sha256Hex('never') }],
      volumes: [benignPrefix().entry({ name: 'notes.txt', size: { base256: 100n * GIB } }, NOTES).end().bytes()],
    }),
  },
  benign('t-data-after-end', 'an entry after the end-of-archive blocks', /after the end|trailing|end of (the )?archive/i,
    () => Buffer.concat([benignTar(), new RawTarWriter().file('hidden.txt', 'after the end\n').end().bytes()])),
  benign('t-garbage-after-end', 'stray bytes after the end-of-archive blocks', /after the end|trailing|end of (the )?archive/i,
    () => Buffer.concat([benignTar(), Buffer.from('junk')])),
  benign('t-trunc-mid-header', 'truncated in the middle of a header', truncated, () => benignTar().subarray(0, NOTES_OFFSET + 200)),
  benign('t-trunc-mid-body', 'truncated in the middle of a body', truncated, () => benignTar().subarray(0, NOTES_OFFSET + 512 + 300)),
  benign('t-trunc-boundary', 'cut exactly at an entry boundary (notes.txt missing, no end)', /truncat|end|missing|notes\.txt/i,
    () => benignPrefix().bytes()),
  benign('t-no-end-blocks', 'every entry but no end-of-archive blocks', truncated, () => benignPrefix().file('notes.txt', NOTES).bytes()),
  benign('t-one-end-block', 'only one end-of-archive block', truncated, () => benignPrefix().file('notes.txt', NOTES).end(1).bytes()),
  benign('t-missing-entry', 'an entry of the manifest missing from the tar', /missing|notes\.txt/i,
    () => benignPrefix().end().bytes()),
  benign('t-extra-entry', 'an entry the manifest does not list', /not in the manifest|extra|unexpected|more entries|zz-extra/i,
    () => benignPrefix().file('notes.txt', NOTES).file('zz-extra.txt', 'extra\n').end().bytes()),
  benign('t-duplicate-entry', 'the same entry twice in the tar', /not in the manifest|extra|unexpected|more entries|duplicate|repeated/i,
    () => benignPrefix().file('notes.txt', NOTES).file('notes.txt', NOTES).end().bytes()),
  benign('t-reordered', 'entries in a different order from the manifest', /order|expected|notes\.txt/i,
    () => new RawTarWriter().file('notes.txt', NOTES).dir('docs').file('docs/hello.txt', HELLO).end().bytes()),
  benign('t-type-swap', 'a directory where the manifest says file', /type|directory|file/i,
    () => benignPrefix().dir('notes.txt').end().bytes()),
  benign('t-ten-thousand-extra', '10^4 tiny entries the manifest does not list (bounded time)',
    /not in the manifest|extra|unexpected|more entries/i,
    () => {
      const w = benignPrefix().file('notes.txt', NOTES);
      for (let i = 0; i < 10_000; i++) w.file(`zz/${String(i).padStart(5, '0')}`, '');
      return w.end().bytes();
    }),
  benign('t-mode-setuid', 'a file with mode 4755 (setuid)', /mode/i, () => benignTar({ mode: 0o4755 })),
  benign('t-uid-nonzero', 'a file owned by uid 1000', /uid|owner/i, () => benignTar({ uid: 1000 })),
  benign('t-uname-set', 'a file with a user name', /uname|user name|owner/i, () => benignTar({ uname: 'root' })),
  benign('t-bad-magic', 'a header with an unknown magic', /magic|format|ustar/i, () => benignTar({ magic: 'XXXXX\0' })),
];
