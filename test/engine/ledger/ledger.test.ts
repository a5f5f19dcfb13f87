// Appending to a ledger: the exact line format, the head file, creation with 0600, in-process
// concurrency, refusal to append to a broken ledger, and input validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { appendEvent, readLedger, withLedger } from '../../../electron/engine/ledger/index';
import type { LedgerEventInput } from '../../../shared/ledger-events';
import { makeTempDir } from '../../helpers/tmp';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const at = new Date('2025-03-04T05:06:07.890Z');

function packed(n: number): LedgerEventInput {
  return {
    event: 'transfer.packed',
    station: 'low-1',
    actor: 'alice',
    transferId: `T-${n}`,
    data: { keyId: 'ABCDEF0123456789', source: 'low', destination: 'high', sequence: n, manifestSha256: 'a'.repeat(64) },
    time: at,
  };
}

test('appended lines have the documented keys, order, time format and hash chain', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'sub', 'dir', 'custody.ledger');
  const first = await appendEvent(file, packed(1));
  const second = await appendEvent(file, { event: 'key.revoked', station: 'low-1', actor: 'system', data: { label: 'bob' }, time: at });

  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  assert.equal(
    lines[0],
    `{"seq":1,"time":"2025-03-04T05:06:07Z","prev":"${'0'.repeat(64)}","event":"transfer.packed","station":"low-1","actor":"alice",` +
      `"transferId":"T-1","data":{"keyId":"ABCDEF0123456789","source":"low","destination":"high","sequence":1,"manifestSha256":"${'a'.repeat(64)}"}}`,
  );
  assert.equal(first.line, lines[0]);
  assert.equal(first.hash, sha256(lines[0]!));
  assert.equal(first.head, `1:${first.hash}`);
  assert.equal(lines[1], `{"seq":2,"time":"2025-03-04T05:06:07Z","prev":"${first.hash}","event":"key.revoked","station":"low-1","actor":"system","data":{"label":"bob"}}`);
  assert.equal(second.seq, 2);
  assert.equal(await readFile(`${file}.head`, 'utf8'), `2:${sha256(lines[1]!)}\n`);
  assert.equal((await stat(file)).mode & 0o777, 0o600);

  const entries = await readLedger(file);
  assert.deepEqual(entries.map((e) => [e.seq, e.event, e.transferId]), [[1, 'transfer.packed', 'T-1'], [2, 'key.revoked', undefined]]);
});

test('a missing ledger reads as empty, and the transaction sees entries it appends', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  assert.deepEqual(await readLedger(file), []);
  const heads = await withLedger(file, async (tx) => {
    assert.equal(tx.head, null);
    assert.equal((await tx.entries()).length, 0);
    const a = await tx.append(packed(1));
    const b = await tx.append(packed(2));
    assert.equal((await tx.entries()).length, 2);
    assert.equal(tx.head, b.head);
    return [a.head, b.head];
  });
  assert.equal(heads.length, 2);
  await withLedger(file, async (tx) => {
    assert.equal((await tx.entries()).length, 2);
    assert.equal(tx.head, heads[1]);
  });
});

test('concurrent appends from one process are serialised, and un-awaited appends keep order', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await Promise.all(Array.from({ length: 20 }, (_, i) => appendEvent(file, packed(i))));
  await withLedger(file, async (tx) => {
    const all = [tx.append(packed(100)), tx.append(packed(101)), tx.append(packed(102))];
    assert.deepEqual((await Promise.all(all)).map((a) => a.seq), [21, 22, 23]);
  });
  const entries = await readLedger(file);
  assert.deepEqual(entries.map((e) => e.seq), Array.from({ length: 23 }, (_, i) => i + 1));
  assert.deepEqual(new Set(entries.slice(0, 20).map((e) => e.transferId)).size, 20);
});

test('refuses to append to a ledger with an edited line, naming the line', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  for (let i = 1; i <= 3; i++) await appendEvent(file, packed(i));
  const text = await readFile(file, 'utf8');
  // A longer name moves the anchored last line, so the anchor no longer holds and the whole ledger
  // is checked (a same-length edit before the anchor is left to verify: anchor.test.ts).
  await writeFile(file, text.replace('"actor":"alice","transferId":"T-2"', '"actor":"mallory","transferId":"T-2"'));
  await assert.rejects(appendEvent(file, packed(4)), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'ledger-broken');
    assert.match(e.message, /at line 2: changed/);
    return true;
  });
  assert.equal((await readFile(file, 'utf8')).split('\n').length, 4, 'nothing was appended');
});

test('refuses to append after lines were cut off the end (the head file is ahead)', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  for (let i = 1; i <= 3; i++) await appendEvent(file, packed(i));
  const lines = (await readFile(file, 'utf8')).split('\n');
  await writeFile(file, `${lines.slice(0, 2).join('\n')}\n`);
  await assert.rejects(appendEvent(file, packed(4)), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-broken' && /truncated: the ledger ends at seq 2 but the anchored head .* is 3/.test(e.message));
});

test('refuses to append after a torn last line', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await appendEvent(file, packed(1));
  await appendFile(file, '{"seq":2,"time":"2025');
  await assert.rejects(appendEvent(file, packed(2)), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-broken' && /line 2: torn/.test(e.message));
  // readLedger skips a trailing partial line: it may be an append in progress.
  assert.equal((await readLedger(file)).length, 1);
});

test('rejects invalid events before writing anything', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const bad: [LedgerEventInput, RegExp][] = [
    [{ ...packed(1), station: 'bad station' }, /station "bad station" is not a network id/],
    [{ ...packed(1), actor: 'eve\nmallory' }, /actor contains a control or invisible character U\+000A/],
    [{ ...packed(1), actor: '' }, /actor must be a non-empty string/],
    [{ ...packed(1), transferId: '../x' }, /transfer id "..\/x" is not valid/],
    [{ ...packed(1), event: 'transfer.stolen' } as unknown as LedgerEventInput, /unknown event type "transfer.stolen"/],
    [{ ...packed(1), data: { ...packed(1).data, n: 10n } } as unknown as LedgerEventInput, /data is not JSON/],
  ];
  for (const [input, reason] of bad) {
    await assert.rejects(appendEvent(file, input), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-invalid-event' && reason.test(e.message));
  }
  assert.deepEqual(await readLedger(file), []);
});

test('nesting withLedger on the same file is refused instead of deadlocking', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await withLedger(file, async () => {
    await assert.rejects(appendEvent(file, packed(1)), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-nested');
  });
});

test('an invalid time is refused as an invalid event, not a crash', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await assert.rejects(appendEvent(file, { ...packed(1), time: new Date('nonsense') }), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-invalid-event' && /time is not a valid date/.test(e.message));
  await assert.rejects(appendEvent(file, { ...packed(1), time: new Date('+012000-01-01T00:00:00Z') }), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-invalid-event' && /time is not a UTC time/.test(e.message));
  assert.deepEqual(await readLedger(file), []);
});
