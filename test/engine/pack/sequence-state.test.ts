// The sequence state file: per signer and channel, atomic, and refusing (not resetting) damage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextSequence, recordSequence, reserveSequence } from '../../../electron/engine/pack/sequence-state';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';

test('a new channel starts at 1; recording moves it on, per key and per direction', async (t) => {
  const dir = await makeTempDir(t);
  const state = join(dir, 'nested', 'sequences.json');
  assert.equal(await nextSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH'), 1);
  await recordSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH', 1);
  await recordSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH', 2);
  assert.equal(await nextSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH'), 3);
  assert.equal(await nextSequence(state, 'AAAAAAAAAAAAAAAA', 'HIGH', 'LOW'), 1);
  assert.equal(await nextSequence(state, 'BBBBBBBBBBBBBBBB', 'LOW', 'HIGH'), 1);
  await recordSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH', 1); // an older number never lowers the mark
  assert.equal(await nextSequence(state, 'AAAAAAAAAAAAAAAA', 'LOW', 'HIGH'), 3);
  assert.deepEqual(await readdir(join(dir, 'nested')), ['sequences.json'], 'no temp files left');
  assert.equal(JSON.parse(await readFile(state, 'utf8')).format, 'sluice-sequences/1');
});

test('a damaged state file is refused rather than silently restarting at 1', async (t) => {
  const dir = await makeTempDir(t);
  const state = join(dir, 'sequences.json');
  for (const text of ['{not json', '{"format":"sluice-sequences/1","last":{"K LOW HIGH":-1}}', '[]']) {
    await writeFile(state, text);
    await assert.rejects(nextSequence(state, 'K', 'LOW', 'HIGH'), (e: unknown) => e instanceof SluiceError && e.code === 'sequence-state-corrupt');
    await assert.rejects(recordSequence(state, 'K', 'LOW', 'HIGH', 5), (e: unknown) => e instanceof SluiceError && e.code === 'sequence-state-corrupt');
    assert.equal(await readFile(state, 'utf8'), text, 'the damaged file is left for a person to look at');
  }
});

test('reservations are taken under a lock: 20 at once get 20 different numbers, written before they return', async (t) => {
  const dir = await makeTempDir(t);
  const state = join(dir, 'sequences.json');
  await recordSequence(state, 'K', 'LOW', 'HIGH', 100);
  const got = await Promise.all(Array.from({ length: 20 }, () => reserveSequence(state, 'K', 'LOW', 'HIGH')));
  assert.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => 101 + i));
  assert.equal(JSON.parse(await readFile(state, 'utf8')).last['K LOW HIGH'], 120);
  // An explicit number is reserved too, and never lowers the mark.
  assert.equal(await reserveSequence(state, 'K', 'LOW', 'HIGH', 500), 500);
  assert.equal(await reserveSequence(state, 'K', 'LOW', 'HIGH', 7), 7);
  assert.equal(await nextSequence(state, 'K', 'LOW', 'HIGH'), 501);
  assert.deepEqual((await readdir(dir)).sort(), ['sequences.json'], 'no lock or temp file left');
});
