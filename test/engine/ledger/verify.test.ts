// verifyLedger against the tampering it exists to find: each kind of edit is detected and the
// right line is named; truncation passes a bare chain check but fails against an anchored head.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { appendEvent, verifyLedger, type AppendedLine } from '../../../electron/engine/ledger/index';
import { makeTempDir } from '../../helpers/tmp';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A six-line ledger; returns its path, its lines (without newlines) and each append's result. */
async function sixLines(t: { after: (fn: () => Promise<void> | void) => void }) {
  const dir = await makeTempDir(t);
  const file = join(dir, 'custody.ledger');
  const appended: AppendedLine[] = [];
  for (let i = 1; i <= 6; i++) {
    appended.push(await appendEvent(file, {
      event: 'transfer.verified',
      station: 'high-1',
      actor: i % 2 ? 'alice' : 'bob',
      transferId: `T-${i}`,
      data: { ok: true, note: `check ${i}` },
    }));
  }
  const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
  return { file, lines, appended };
}

const write = (file: string, lines: string[]) => writeFile(file, lines.map((l) => `${l}\n`).join(''));

test('an untouched ledger verifies against its head file, and against an older receipt head', async (t) => {
  const { file, appended } = await sixLines(t);
  const r = await verifyLedger(file);
  assert.deepEqual(r, { ok: true, count: 6, head: appended[5]!.head, anchor: { head: appended[5]!.head, source: 'head-file' }, firstBad: null });
  const older = await verifyLedger(file, { head: appended[2]!.head });
  assert.equal(older.ok, true);
  assert.deepEqual(older.anchor, { head: appended[2]!.head, source: 'argument' });
});

test('a changed byte in a middle line names that line', async (t) => {
  const { file, lines } = await sixLines(t);
  lines[2] = lines[2]!.replace('check 3', 'check 8');
  await write(file, lines);
  const r = await verifyLedger(file);
  assert.equal(r.ok, false);
  assert.equal(r.firstBad!.line, 3);
  assert.match(r.firstBad!.reason, /^changed: this line does not hash to the prev that line 4 records/);
  assert.equal(r.head, `2:${sha256(lines[1]!)}`, 'head is that of the last good line');
});

test('a byte change that breaks the JSON, the form or the encoding names that line', async (t) => {
  const { file, lines } = await sixLines(t);
  const cases: [string, RegExp][] = [
    [lines[3]!.replace('"seq":4', '"seq":4,'), /^malformed: not valid JSON/],
    [lines[3]!.replace('"seq":4,', '"seq": 4,'), /^malformed: not in canonical form/],
    [lines[3]!.replace('"actor":"bob",', ''), /^malformed: keys are seq,time,prev,event,station,transferId,data/],
    [lines[3]!.replace(/"time":"[^"]+"/, '"time":"2025-13-01T00:00:00Z"'), /^malformed: time is not a UTC time/],
    [lines[3]!.replace('"data":{', '"data":{"x":"\\u00e9",').replace('\\u00e9', 'é'), /^changed/],
  ];
  for (const [edited, reason] of cases) {
    const copy = [...lines];
    copy[3] = edited;
    await write(file, copy);
    const r = await verifyLedger(file);
    assert.equal(r.firstBad?.line, 4, edited);
    assert.match(r.firstBad!.reason, reason);
  }
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  bytes[bytes.indexOf('bob') + 1] = 0xff;
  await writeFile(file, bytes);
  const r = await verifyLedger(file);
  assert.deepEqual(r.firstBad, { line: 2, reason: 'malformed: not valid UTF-8' });
});

test('a deleted middle line names the line where the gap is', async (t) => {
  const { file, lines } = await sixLines(t);
  lines.splice(2, 1);
  await write(file, lines);
  const r = await verifyLedger(file);
  assert.deepEqual(r.firstBad, { line: 3, reason: 'seq 4 where 3 was expected: 1 line(s) before it were removed, or lines were reordered' });
  assert.equal(r.count, 5);
});

test('an inserted forged line with a recomputed prev and seq is named', async (t) => {
  const { file, lines } = await sixLines(t);
  const forged = lines[2]!.replace('"actor":"alice"', '"actor":"mallory"');
  const forgedEntry = JSON.parse(forged) as { prev: string };
  assert.equal(forgedEntry.prev, sha256(lines[1]!), 'the forgery chains correctly to line 2');
  lines.splice(2, 0, forged);
  await write(file, lines);
  const r = await verifyLedger(file);
  assert.equal(r.firstBad?.line, 3);
  assert.match(r.firstBad!.reason, /^inserted: line 4 \(seq 3\) chains to the line before this one/);
});

test('two swapped lines are detected at the first of them', async (t) => {
  const { file, lines } = await sixLines(t);
  [lines[2], lines[3]] = [lines[3]!, lines[2]!];
  await write(file, lines);
  const r = await verifyLedger(file);
  assert.equal(r.firstBad?.line, 3);
  assert.match(r.firstBad!.reason, /^seq 4 where 3 was expected/);
});

test('a first line whose prev is not zeros is named', async (t) => {
  const { file, lines } = await sixLines(t);
  lines[0] = lines[0]!.replace(`"prev":"${'0'.repeat(64)}"`, `"prev":"${'1'.repeat(64)}"`);
  await write(file, lines);
  const r = await verifyLedger(file);
  assert.equal(r.firstBad?.line, 1);
  assert.match(r.firstBad!.reason, /prev of the first line must be 64 zeros/);
});

test('cutting the last two lines passes a bare chain check but not the anchored head or the head file', async (t) => {
  const { file, lines, appended } = await sixLines(t);
  await write(file, lines.slice(0, 4));
  const headFile = await verifyLedger(file);
  assert.equal(headFile.ok, false);
  assert.deepEqual(headFile.anchor, { head: appended[5]!.head, source: 'head-file' });
  assert.equal(headFile.firstBad!.line, 5);
  assert.match(headFile.firstBad!.reason, /^truncated: the ledger ends at seq 4 but the anchored head \(.*custody\.ledger\.head\) is 6$/);

  const receipt = await verifyLedger(file, { head: appended[5]!.head });
  assert.deepEqual(receipt.firstBad, { line: 5, reason: 'truncated: the ledger ends at seq 4 but the anchored head (--head) is 6' });

  await rm(`${file}.head`);
  const bare = await verifyLedger(file);
  assert.deepEqual(bare, { ok: true, count: 4, head: appended[3]!.head, anchor: null, firstBad: null });
});

test('an edited last line is found only against the anchored head', async (t) => {
  const { file, lines, appended } = await sixLines(t);
  lines[5] = lines[5]!.replace('check 6', 'check 9');
  await write(file, lines);
  const r = await verifyLedger(file, { head: appended[5]!.head });
  assert.equal(r.firstBad?.line, 6);
  assert.match(r.firstBad!.reason, /^changed: line 6 does not match the anchored head \(--head\)/);
  assert.equal((await verifyLedger(file)).firstBad?.line, 6, 'the head file catches it too');
  // A receipt head whose hash is wrong at a line the ledger has.
  const wrong = await verifyLedger(file, { head: `3:${'f'.repeat(64)}` });
  assert.equal(wrong.firstBad?.line, 3);
});

test('a torn last line is reported', async (t) => {
  const { file } = await sixLines(t);
  await appendFile(file, '{"seq":7,"time":"20');
  const r = await verifyLedger(file);
  assert.deepEqual(r.firstBad, { line: 7, reason: 'torn: the last line has no newline (a write was interrupted, or the file was cut)' });
  assert.equal(r.count, 7);
});

test('a malformed head file or head argument is an error, not a pass', async (t) => {
  const { file } = await sixLines(t);
  await assert.rejects(verifyLedger(file, { head: '6:abc' }), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-bad-head');
  await writeFile(`${file}.head`, 'nonsense\n');
  const r = await verifyLedger(file);
  assert.equal(r.ok, false);
  assert.match(r.firstBad!.reason, /head file .* is not SEQ:HASH/);
});

test('a missing ledger is empty: fine alone, truncated against a head', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'none.ledger');
  assert.deepEqual(await verifyLedger(file), { ok: true, count: 0, head: null, anchor: null, firstBad: null });
  const r = await verifyLedger(file, { head: `2:${'a'.repeat(64)}` });
  assert.deepEqual(r.firstBad, { line: 1, reason: 'truncated: the ledger ends at seq 0 but the anchored head (--head) is 2' });
});
