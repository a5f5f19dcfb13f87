// The two checksum files, as a person runs `sha256sum -c` on them: one line per file in manifest
// order, and SHA256SUMS with manifest.json, FILES.SHA256SUMS and every volume, each on its own line.
// Written out literally: pack and verify both derive them with these functions, so only a test
// that states the bytes can see them change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFilesSums, renderPackageSums, writeFilesSums } from '../../../shared/format/sums';
import type { Manifest } from '../../../shared/format/manifest';

const h = (c: string) => c.repeat(64);
const m = {
  entries: [
    { path: 'd', type: 'dir', size: 0, mode: '0755', mtime: 0 },
    { path: 'd/a.txt', type: 'file', size: 1, mode: '0644', mtime: 0, sha256: h('a') },
    { path: 'd/b c.txt', type: 'file', size: 1, mode: '0644', mtime: 0, sha256: h('b') },
  ],
  payload: { size: 3, sha256: h('0'), volumes: [{ name: 'payload.tar.001', size: 2, sha256: h('1') }, { name: 'payload.tar.002', size: 1, sha256: h('2') }] },
} as unknown as Manifest;

test('FILES.SHA256SUMS: a line per file, none for folders, in order', () => {
  assert.equal(renderFilesSums(m), `${h('a')}  d/a.txt\n${h('b')}  d/b c.txt\n`);
  const lines: string[] = [];
  writeFilesSums(m, (l) => lines.push(l));
  assert.deepEqual(lines, [`${h('a')}  d/a.txt\n`, `${h('b')}  d/b c.txt\n`]);
});

test('SHA256SUMS: the manifest, FILES.SHA256SUMS, then each volume on its own line', () => {
  assert.equal(renderPackageSums(m, h('m'), h('f')), [
    `${h('m')}  manifest.json`, `${h('f')}  FILES.SHA256SUMS`, `${h('1')}  payload.tar.001`, `${h('2')}  payload.tar.002`, '',
  ].join('\n'));
});
