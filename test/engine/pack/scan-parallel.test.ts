// A broad tree is scanned on two threads (scan-shared.ts walkShared, scan.worker.ts): the plan and the
// refusals must be exactly those of one thread, whichever thread visited a path, and a worker that
// cannot start or dies must cost nothing but time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanSources, type PlannedEntry, type Refusal } from '../../../electron/engine/pack/scan';
import { walkShared } from '../../../electron/engine/pack/scan-shared';
import type { Walk } from '../../../electron/engine/pack/scan-walk';
import { startWorker } from '../../../electron/engine/util/worker-url';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { setMtimes } from './fixtures';

/** 30 folders of 12 files (360 paths two levels down: enough to share out), with problems in several. */
async function broadTree(root: string, problems: boolean): Promise<string> {
  const src = join(root, 'src');
  for (let d = 0; d < 30; d++) {
    const dir = join(src, `d${String(d).padStart(2, '0')}`);
    await mkdir(dir, { recursive: true });
    for (let f = 0; f < 12; f++) await writeFile(join(dir, `f${f}.txt`), `${d}/${f}\n`.repeat(f + 1));
  }
  if (problems) {
    for (const d of ['d03', 'd04', 'd17', 'd28']) await symlink('f0.txt', join(src, d, 'link'));
    await writeFile(join(src, 'd05', 'bad:name'), 'x');
    await writeFile(join(src, 'd22', 'trailing.'), 'x');
    await writeFile(join(src, 'd09', 'F0.txt'), 'collides with f0.txt');
  }
  await setMtimes(src);
  return src;
}

/** Walks `src` on one thread only (the worker's start fails, so its half is walked here). */
async function oneThread(src: string): Promise<Walk> {
  const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe: true };
  await walkShared([[src, 'src']], walk, () => { throw new Error('no worker here'); });
  return walk;
}

const byPath = <T extends { path: string }>(xs: T[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

test('two threads plan exactly what one thread plans', async (t) => {
  const src = await broadTree(await makeTempDir(t), false);
  let started = 0;
  const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe: true };
  await walkShared([[src, 'src']], walk, (...args) => { started++; return startWorker(...args); });
  assert.equal(started, 1, 'a tree of 360 paths below its top levels is shared with a worker');
  const single = await oneThread(src);
  assert.equal(walk.entries.length, 1 + 30 + 360);
  assert.deepEqual(byPath<PlannedEntry>(walk.entries), byPath(single.entries));
  assert.deepEqual(walk.refusals, []);
  // And through scanSources: sorted, counted.
  const plan = await scanSources([src], { probeReadable: false });
  assert.deepEqual(plan.entries.map((e) => e.path), byPath(single.entries).map((e) => e.path));
  assert.equal(plan.files, 360);
});

test('refusals found by either thread are all reported, and collisions across the halves are caught', async (t) => {
  const src = await broadTree(await makeTempDir(t), true);
  let refusals: Refusal[] = [];
  await assert.rejects(scanSources([src]), (e: unknown) => e instanceof SluiceError && e.code === 'sources-refused' && ((refusals = [...e.details]), true));
  const single = await oneThread(src);
  const expected = [
    ...['d03', 'd04', 'd17', 'd28'].map((d) => join(src, d, 'link')),
    join(src, 'd05', 'bad:name'), join(src, 'd22', 'trailing.'),
  ];
  for (const path of expected) assert.ok(refusals.some((r) => r.path === path), `${path} refused`);
  assert.ok(refusals.some((r) => /collides with/.test(r.reason)), 'F0.txt and f0.txt collide');
  // Every refusal of the walk itself is the one-thread walk's, with the same reason.
  assert.deepEqual(byPath(refusals.filter((r) => !/collides with/.test(r.reason))), byPath(single.refusals));
});

test('a worker that dies with batches in hand leaves them to this thread, and nothing is lost', async (t) => {
  const src = await broadTree(await makeTempDir(t), true);
  const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe: true };
  // Takes the batches it is sent, answers none, and exits.
  await walkShared([[src, 'src']], walk, () => new Worker('setTimeout(() => process.exit(3), 50)', { eval: true }));
  const single = await oneThread(src);
  assert.deepEqual(byPath<PlannedEntry>(walk.entries), byPath(single.entries));
  assert.deepEqual(byPath(walk.refusals), byPath(single.refusals));
});

test('a small tree is walked on this thread alone', async (t) => {
  const root = await makeTempDir(t);
  await mkdir(join(root, 'small', 'a'), { recursive: true });
  for (let i = 0; i < 40; i++) await writeFile(join(root, 'small', 'a', `f${i}`), 'x');
  const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe: false };
  await walkShared([[join(root, 'small'), 'small']], walk, () => assert.fail('no worker for 42 paths'));
  assert.equal(walk.entries.length, 42);
});
