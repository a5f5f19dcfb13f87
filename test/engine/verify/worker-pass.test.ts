/**
 * Verify and import of a payload many times larger than the volume-read worker's ring, split into
 * volumes whose boundaries fall mid-chunk and mid-file: the worker path must give the same verdict
 * as the inline path, name the damaged volume and file, extract the exact bytes, and stop cleanly
 * when cancelled.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { importPackage } from '../../../electron/engine/import/import';
import { isAbort } from '../../../electron/engine/errors';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from './fixture';

let dir: string;
let fx: Fixture;
let pkg: string;
const big = randomBytes(700 * 1024 + 77);
const mid = randomBytes(300 * 1024);
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-worker-pass-');
  fx = await makeFixture(dir);
  const src = join(dir, 'large');
  await mkdir(join(src, 'images'), { recursive: true });
  await writeFile(join(src, 'images', 'big.tar'), big);
  await writeFile(join(src, 'images', 'mid.tar'), mid);
  await writeFile(join(src, 'images', 'note.txt'), 'three files\n');
  pkg = (await fx.makePackage({ sources: [join(src, 'images')], volumeSize: 200_000 })).packageDir;
});
after(() => removeTempDir(dir));

/** Flips one byte of `file` at `at`; returns the undo. */
async function flip(file: string, at: number): Promise<() => Promise<void>> {
  const orig = await readFile(file);
  const copy = Buffer.from(orig);
  copy[at] = copy[at]! ^ 0x80;
  await writeFile(file, copy);
  return () => writeFile(file, orig);
}

test('the worker path and the inline path agree on a good package', async () => {
  const inWorker = await verifyPackage(pkg, { store: fx.store, now: FIXED_NOW, hashInWorker: true });
  const inline = await verifyPackage(pkg, { store: fx.store, now: FIXED_NOW, hashInWorker: false });
  assert.equal(inWorker.ok, true, JSON.stringify(inWorker.failures));
  assert.ok(inWorker.manifest!.payload.volumes.length >= 5, 'several volumes');
  assert.deepEqual(inWorker.files, inline.files);
  assert.deepEqual(inWorker.checks, inline.checks);
});

test('a flipped byte inside a file in the third volume names the volume, the file and the payload', async () => {
  const undo = await flip(join(pkg, 'payload.tar.003'), 1000);
  try {
    const r = await verifyPackage(pkg, { store: fx.store, now: FIXED_NOW, hashInWorker: true });
    assert.equal(r.ok, false);
    const where = (check: string) => r.failures.filter((f) => f.check === check).map((f) => f.where);
    assert.deepEqual(where('volumes'), ['payload.tar.003']);
    assert.deepEqual(where('entries'), ['images/big.tar']);
    assert.deepEqual(where('payload'), ['payload']);
    assert.equal(r.files.find((f) => f.path === 'images/mid.tar')?.status, 'pass');
  } finally {
    await undo();
  }
});

test('import through the worker extracts the exact bytes; a damaged package leaves DEST empty', async () => {
  const station = async (name: string) => {
    const destRoot = join(dir, name);
    await mkdir(destRoot);
    return { destRoot, ledgerFile: join(dir, `${name}.jsonl`), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga', hashInWorker: true };
  };
  const bad = await station('dest-bad');
  const undo = await flip(join(pkg, 'payload.tar.002'), 5000);
  try {
    const r = await importPackage(pkg, bad);
    assert.equal(r.ok, false);
    assert.deepEqual(await readdir(bad.destRoot), [], 'nothing left behind');
  } finally {
    await undo();
  }
  const good = await station('dest-good');
  const r = await importPackage(pkg, good);
  assert.equal(r.ok, true, JSON.stringify(r.failures));
  const root = r.imported!.path;
  assert.ok((await readFile(join(root, 'images', 'big.tar'))).equals(big));
  assert.ok((await readFile(join(root, 'images', 'mid.tar'))).equals(mid));
  assert.equal(await readFile(join(root, 'images', 'note.txt'), 'utf8'), 'three files\n');
});

test('cancelling mid-pass stops the worker and throws an abort error', async () => {
  const ac = new AbortController();
  let progressAtAbort = -1;
  const p = verifyPackage(pkg, {
    store: fx.store, now: FIXED_NOW, hashInWorker: true, signal: ac.signal,
    onProgress: (e) => {
      if (e.bytesDone > 0 && progressAtAbort < 0) {
        progressAtAbort = e.bytesDone;
        ac.abort();
      }
    },
  });
  await assert.rejects(p, (e) => isAbort(e));
  assert.ok(progressAtAbort > 0 && progressAtAbort < big.length, `aborted part-way (at ${progressAtAbort})`);
});
