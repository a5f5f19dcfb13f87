import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkPool } from '../../../electron/engine/util/chunk-pool';

test('a slot returns to the pool only after its last holder releases it', async () => {
  const pool = new ChunkPool(16, 1);
  const a = await pool.acquire();
  const slot = pool.slotOf(a);
  assert.equal(slot, 0);
  pool.retain(slot);
  let got: Buffer | null = null;
  const waiting = pool.acquire().then((b) => (got = b));
  pool.release(slot);
  await new Promise((r) => setImmediate(r));
  assert.equal(got, null, 'one holder remains: the slot must not be handed out');
  pool.release(slot);
  await waiting;
  assert.equal(pool.slotOf(got!), 0);
  assert.throws(() => { pool.release(0); pool.release(0); }, /release of free slot 0/);
});

test('views of other memory are not slots; fail() wakes waiters with the error', async () => {
  const pool = new ChunkPool(8, 2);
  assert.equal(pool.slotOf(Buffer.alloc(8)), -1);
  const [x, y] = [await pool.acquire(), await pool.acquire()];
  assert.deepEqual([pool.slotOf(x), pool.slotOf(y.subarray(3, 5))].sort(), [0, 1]);
  const waiting = pool.acquire();
  pool.fail(new Error('worker died'));
  await assert.rejects(waiting, /worker died/);
  await assert.rejects(pool.acquire(), /worker died/);
});
