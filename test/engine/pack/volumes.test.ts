// Split payloads and determinism: volumes of at most N bytes whose concatenation is the unsplit
// payload, and the same sources and metadata giving byte-identical packages.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../../shared/format/manifest';
import { pack } from '../../../electron/engine/pack/pack';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { baseOptions, run, runReadmeCommands, testKey, writeTree } from './fixtures';

const key = testKey();
let root: string;

before(async () => {
  root = await makeTempDir(undefined, 'sluice-volumes-');
  await writeTree(join(root, 'src'), {
    'a.bin': Buffer.alloc(25_000, 1),
    'b/c.bin': Buffer.alloc(17_000, 2),
    'b/d.txt': 'small\n',
    'e.bin': Buffer.alloc(9_000, 3),
  });
  await writeFile(join(root, 'key.pub'), key.pubText);
});
after(() => removeTempDir(root));

async function packInto(name: string, extra = {}) {
  const out = join(root, name);
  await mkdir(out);
  return pack(baseOptions([join(root, 'src')], out, key.signingKey, extra));
}

test('the same sources and metadata give byte-identical packages', async () => {
  const one = await packInto('det-1');
  const two = await packInto('det-2');
  for (const file of await readdir(one.packageDir)) {
    assert.ok((await readFile(join(one.packageDir, file))).equals(await readFile(join(two.packageDir, file))), `${file} differs`);
  }
  assert.equal(one.manifestSha256, two.manifestSha256);
});

test('a split payload: volumes of exactly N bytes (the last shorter), named in order, concatenating to the unsplit payload', async () => {
  const whole = await readFile(join((await packInto('unsplit')).packageDir, 'payload.tar'));
  const N = 10_240;
  const split = await packInto('split', { volumeSize: N });
  const m = split.manifest;
  const count = Math.ceil(whole.length / N);
  assert.ok(count >= 5, `expected several volumes, got ${count}`);
  assert.deepEqual(m.payload.volumes.map((v) => v.name), Array.from({ length: count }, (_, i) => `payload.tar.${String(i + 1).padStart(3, '0')}`));
  const parts: Buffer[] = [];
  for (const [i, v] of m.payload.volumes.entries()) {
    const bytes = await readFile(join(split.packageDir, v.name));
    assert.equal(bytes.length, v.size);
    assert.equal(v.size, i < count - 1 ? N : whole.length - N * (count - 1));
    parts.push(bytes);
  }
  assert.ok(Buffer.concat(parts).equals(whole), 'cat of the volumes is the unsplit payload');
  assert.equal(m.payload.size, whole.length);
  assert.ok(parseManifest(await readFile(join(split.packageDir, 'manifest.json'), 'utf8')).ok);
  assert.ok(!(await readdir(split.packageDir)).includes('payload.tar'));
  const sums = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: split.packageDir });
  assert.equal(sums.code, 0, sums.stderr);
  assert.equal(sums.stdout.split('\n').filter((l) => /^payload\.tar\.\d{3}: OK$/.test(l)).length, count);
  await runReadmeCommands(split.packageDir, join(root, 'key.pub'), join(root, 'readme-out'));
});

test('a volume size below the minimum or giving more than 999 volumes is refused before writing', async () => {
  const out = join(root, 'bad-volumes');
  await mkdir(out);
  await assert.rejects(pack(baseOptions([join(root, 'src')], out, key.signingKey, { volumeSize: 1000 })),
    (e: unknown) => e instanceof SluiceError && e.code === 'bad-volume-size');
  assert.deepEqual(await readdir(out), []);
});
