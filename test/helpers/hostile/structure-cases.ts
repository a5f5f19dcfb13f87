/**
 * Hostile sizes, checksums and endings (REFERENCES §3 "Sizes" and "End"): header sizes that
 * disagree with the manifest or with the body, a directory with a body (tar-stream hangs on it),
 * bad checksums, truncation anywhere, data after the end, missing, extra, reordered and
 * duplicated entries, and ten thousand extra entries.
 */
import { dirname, join } from 'node:path';
import { benignEntries, benignPrefix, benignTar, HELLO, NOTES, NOTES_OFFSET } from './benign';
import { dirEntry, fileEntry, sha256Hex } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import type { HostileCase } from './types';

const GIB = 1024n ** 3n;

const benign = (id: string, title: string, reason: RegExp, payload: () => Uint8Array): HostileCase => ({
  id, title, check: 'archive', reason, build: () => ({ entries: benignEntries(), volumes: [payload()] }),
});

export const STRUCTURE_CASES: HostileCase[] = [
  benign('t-size-mismatch', 'header size differs from the manifest', /size 726 does not match the manifest's 721/,
    () => benignPrefix().file('notes.txt', Buffer.concat([NOTES, Buffer.from('EXTRA')])).end().bytes()),
  benign('t-dir-with-size', 'directory entry with a non-zero size (tar-stream never ends it)', /directory .*non-zero size/,
    () => new RawTarWriter().entry({ name: 'docs/', typeflag: '5', mode: 0o755 }, Buffer.alloc(512, 0x41))
      .file('docs/hello.txt', HELLO).file('notes.txt', NOTES).end().bytes()),
  benign('t-bad-checksum', 'bad header checksum', /checksum/i, () => benignTar({ checksum: 'wrong' })),
  benign('t-size-base256-negative', 'base-256 negative size', /negative/,
    () => benignPrefix().entry({ name: 'notes.txt', size: { base256: -1n } }, NOTES).end().bytes()),
  benign('t-size-field-junk', 'non-octal size field', /size field is not an octal number/,
    () => benignPrefix().entry({ name: 'notes.txt', size: { raw: '0000000x726 ' } }, NOTES).end().bytes()),
  {
    id: 't-size-100gib',
    title: 'a 100 GiB size claim on a tiny body (manifest agrees)',
    check: 'archive',
    reason: /truncated in the middle of this file/,
    build: () => ({
      entries: [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO),
        { path: 'notes.txt', type: 'file', size: Number(100n * GIB), mode: '0644', mtime: 1_700_000_000, sha256: sha256Hex('never') }],
      volumes: [benignPrefix().entry({ name: 'notes.txt', size: { base256: 100n * GIB } }, NOTES).end().bytes()],
    }),
  },
  benign('t-data-after-end', 'an entry after the end-of-archive blocks', /data after the end/,
    () => Buffer.concat([benignTar(), new RawTarWriter().file('hidden.txt', 'after the end\n').end().bytes()])),
  benign('t-garbage-after-end', 'stray bytes after the end-of-archive blocks', /data after the end/,
    () => Buffer.concat([benignTar(), Buffer.from('junk')])),
  benign('t-trunc-mid-header', 'truncated in the middle of a header', /truncated in the middle of a header/, () => benignTar().subarray(0, NOTES_OFFSET + 200)),
  benign('t-trunc-mid-body', 'truncated in the middle of a body', /truncated in the middle of this file/, () => benignTar().subarray(0, NOTES_OFFSET + 512 + 300)),
  benign('t-trunc-boundary', 'cut exactly at an entry boundary (notes.txt missing, no end)', /missing from the payload/,
    () => benignPrefix().bytes()),
  benign('t-no-end-blocks', 'every entry but no end-of-archive blocks', /without the end-of-archive blocks/, () => benignPrefix().file('notes.txt', NOTES).bytes()),
  benign('t-one-end-block', 'only one end-of-archive block', /one end-of-archive block/, () => benignPrefix().file('notes.txt', NOTES).end(1).bytes()),
  benign('t-missing-entry', 'an entry of the manifest missing from the tar', /missing from the payload/,
    () => benignPrefix().end().bytes()),
  benign('t-extra-entry', 'an entry the manifest does not list', /more entries than the manifest declares/,
    () => benignPrefix().file('notes.txt', NOTES).file('zz-extra.txt', 'extra\n').end().bytes()),
  benign('t-duplicate-entry', 'the same entry twice in the tar', /more entries than the manifest declares/,
    () => benignPrefix().file('notes.txt', NOTES).file('notes.txt', NOTES).end().bytes()),
  benign('t-reordered', 'entries in a different order from the manifest', /path "notes\.txt" does not match the manifest's "docs"/,
    () => new RawTarWriter().file('notes.txt', NOTES).dir('docs').file('docs/hello.txt', HELLO).end().bytes()),
  benign('t-type-swap', 'a directory where the manifest says file', /type "dir" does not match the manifest's "file"/,
    () => benignPrefix().dir('notes.txt').end().bytes()),
  benign('t-ten-thousand-extra', '10^4 tiny entries the manifest does not list (bounded time)',
    /more entries than the manifest declares/,
    () => {
      const w = benignPrefix().file('notes.txt', NOTES);
      for (let i = 0; i < 10_000; i++) w.file(`zz/${String(i).padStart(5, '0')}`, '');
      return w.end().bytes();
    }),
  benign('t-mode-setuid', 'a file with mode 4755 (setuid)', /mode "04755"/, () => benignTar({ mode: 0o4755 })),
  benign('t-uid-nonzero', 'a file owned by uid 1000', /uid/, () => benignTar({ uid: 1000 })),
  benign('t-gid-nonzero', 'a file owned by gid 1000', /gid/, () => benignTar({ gid: 1000 })),
  benign('t-uname-set', 'a file with a user name', /user name/, () => benignTar({ uname: 'root' })),
  benign('t-devmajor-set', 'a regular file with device numbers', /device/, () => benignTar({ devmajor: 8, devminor: 1 })),
  benign('t-name-hidden-tail', 'bytes hidden after the NUL that ends the name', /name field/,
    () => benignTar({ name: Buffer.from('notes.txt\0../../sluice-esc-tail') })),
  benign('t-prefix-traversal', 'ustar prefix field "../.." in front of the name', /path "\.\.\/\.\.\/notes\.txt"/,
    () => benignTar({ prefix: '../..' })),
  benign('t-bad-magic', 'a header with an unknown magic', /not POSIX ustar/, () => benignTar({ magic: 'XXXXX\0' })),
  {
    id: 't-body-tampered',
    title: 'a file body that differs from the manifest (same size)',
    check: 'entries',
    reason: /SHA-256/,
    build: () => ({ entries: benignEntries(), volumes: [benignPrefix().file('notes.txt', Buffer.from(NOTES).fill(0x58, 0, 5)).end().bytes()] }),
  },
  {
    id: 'm-transfer-id-traversal',
    title: 'a transfer id of "../x" (DEST/<id> would escape the destination root)',
    check: 'manifest',
    reason: /transferId/,
    build: () => ({ entries: benignEntries(), volumes: [benignTar()], transferId: '../sluice-esc-id' }),
    escapeTargets: (ctx) => [join(ctx.sandbox, 'sluice-esc-id'), join(dirname(ctx.sandbox), 'sluice-esc-id')],
  },
];
