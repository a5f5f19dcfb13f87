// The ledger lock across processes: concurrent writers never interleave or lose lines, a lock left
// by a dead process is broken, a live one (or one from another host) times out naming its holder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { appendEvent, readLedger, verifyLedger, type LedgerEventInput } from '../../../electron/engine/ledger/index';
import { makeTempDir } from '../../helpers/tmp';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/append-many.ts', import.meta.url));
const event: LedgerEventInput = { event: 'key.trusted', station: 'st-1', actor: 'alice', data: { keyId: '0123456789ABCDEF', label: 'a' } };

function run(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

test('three processes appending 100 events each at once (past a stale lock): every line once, chain valid, seqs 1..300', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'shared.ledger');
  // All three find a lock left by a dead process and race to break it: exactly one may.
  const dead = spawnSync(process.execPath, ['-e', '']);
  await writeFile(`${file}.lock`, JSON.stringify({ pid: dead.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z' }));
  const tags = ['p1', 'p2', 'p3'];
  const exits = tags.map((tag) => run([file, dir, tag, '100']));
  // Start them together: each says it is ready, then all wait for "go".
  const deadline = Date.now() + 30_000;
  while (!tags.every((tag) => existsSync(join(dir, `ready-${tag}`)))) {
    assert.ok(Date.now() < deadline, 'the writer processes did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  await writeFile(join(dir, 'go'), '');
  assert.deepEqual(await Promise.all(exits), [0, 0, 0]);

  const v = await verifyLedger(file);
  assert.equal(v.ok, true, JSON.stringify(v.firstBad));
  assert.equal(v.count, 300);
  const entries = await readLedger(file);
  assert.deepEqual(entries.map((e) => e.seq), Array.from({ length: 300 }, (_, i) => i + 1));
  for (const tag of tags) {
    const mine = entries.filter((e) => e.actor === tag).map((e) => e.data.i);
    assert.deepEqual(mine, Array.from({ length: 100 }, (_, i) => i), `${tag}'s events are all there, once, in order`);
  }
  // They really overlapped: the writers' lines are interleaved, not three blocks.
  const switches = entries.filter((e, i) => i > 0 && e.actor !== entries[i - 1]!.actor).length;
  assert.ok(switches > 2, `expected interleaved writers, saw ${switches} switches`);
  assert.equal(existsSync(`${file}.lock`), false, 'the lock was released');
  assert.equal(existsSync(`${file}.lock.break`), false);
});

test('a lock left by a dead process on this host is broken', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const dead = spawnSync(process.execPath, ['-e', '']);
  assert.equal(dead.status, 0);
  await writeFile(`${file}.lock`, JSON.stringify({ pid: dead.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z' }));
  const a = await appendEvent(file, event, { lockTimeoutMs: 2_000 });
  assert.equal(a.seq, 1);
  assert.equal(existsSync(`${file}.lock`), false);
});

test('an empty lock file older than the grace period (crash between create and write) is broken', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await writeFile(`${file}.lock`, '');
  const past = new Date(Date.now() - 60_000);
  await utimes(`${file}.lock`, past, past);
  assert.equal((await appendEvent(file, event, { lockTimeoutMs: 2_000 })).seq, 1);
});

test('a live lock times out with its holder named, and is left in place', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const holder = JSON.stringify({ pid: process.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z' });
  await writeFile(`${file}.lock`, holder);
  const started = Date.now();
  await assert.rejects(appendEvent(file, event, { lockTimeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'ledger-locked');
    assert.match(e.message, new RegExp(`locked by pid ${process.pid} on host ${hostname()} \\(since 2025-01-01T00:00:00.000Z\\)`));
    assert.match(e.message, /remove .*l\.ledger\.lock/);
    return true;
  });
  assert.ok(Date.now() - started >= 290, 'it waited for the timeout');
  assert.equal(await readFile(`${file}.lock`, 'utf8'), holder);
  assert.equal(existsSync(file), false, 'nothing was written');
});

test("a lock from another host is never broken, even if that pid is not alive here", async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const dead = spawnSync(process.execPath, ['-e', '']);
  await writeFile(`${file}.lock`, JSON.stringify({ pid: dead.pid, host: `not-${hostname()}`, time: '2025-01-01T00:00:00.000Z' }));
  await assert.rejects(appendEvent(file, event, { lockTimeoutMs: 200 }), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-locked' && e.message.includes(`on host not-${hostname()}`));
});

test('a lock from an earlier boot is broken even if its pid is alive now; one from this boot with a live pid is not', async (t) => {
  const { bootId } = await import('../../../electron/engine/util/leftovers');
  if (!bootId()) return t.skip('no /proc/sys/kernel/random/boot_id here');
  const dir = await makeTempDir(t);
  const file = join(dir, 'ledger.jsonl');
  // After a reboot a pid is reused by an unrelated process: the boot id tells the lock is stale.
  await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z', boot: '000000000000' }));
  await appendEvent(file, event, { lockTimeoutMs: 2_000 });
  assert.equal((await readLedger(file)).length, 1);
  await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), time: '2025-01-01T00:00:00.000Z', boot: bootId() }));
  await assert.rejects(appendEvent(file, event, { lockTimeoutMs: 200 }), (e) => e instanceof SluiceError && e.code === 'ledger-locked');
});
