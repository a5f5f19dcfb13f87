// The append anchor (`<ledger>.anchor`, issue 12) on a 5,000-line ledger: an append checks only
// the lines after the anchor, yet an edited, deleted or swapped line is still refused by the append
// when it is after the anchor or moves it, and found by the full verify when it is before it; a
// missing, corrupt or stale anchor means a full check and a fresh anchor; several processes
// appending at once still chain; the replay state kept per process follows lines other writers add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SluiceError } from '../../../electron/engine/errors';
import { anchorFilePath, appendEvent, primeFold, repairLedger, verifyLedger, withLedger, type LedgerEventInput } from '../../../electron/engine/ledger/index';
import { parseAnchor } from '../../../electron/engine/ledger/anchor';
import { hashLine, serializeEntry } from '../../../electron/engine/ledger/line';
import { judgeReplay, replayFold } from '../../../electron/engine/import/replay-guard';
import { GENESIS_PREV, type LedgerEntry } from '../../../shared/ledger-events';
import { makeTempDir } from '../../helpers/tmp';

const N = 5_000;

function entry(seq: number, prev: string): LedgerEntry {
  return {
    seq, time: '2026-11-29T12:00:00Z', prev, event: 'transfer.imported', station: 'high-1', actor: 'alice', transferId: `T-${seq}`,
    data: { keyId: '0123456789ABCDEF', source: 'low', destination: 'high', sequence: seq, manifestSha256: 'a'.repeat(64), path: `/in/T-${seq}` },
  };
}

/**
 * Writes lines `from`..`to` chained onto `prev` (GENESIS for a new ledger) the way the engine
 * would, and the head file: another writer's lines, without going through this process.
 */
function writeLines(file: string, from: number, to: number, prev: string): string {
  const parts: string[] = [];
  for (let seq = from; seq <= to; seq++) {
    const line = serializeEntry(entry(seq, prev));
    parts.push(`${line}\n`);
    prev = hashLine(line);
  }
  (from === 1 ? writeFileSync : appendFileSync)(file, parts.join(''));
  writeFileSync(`${file}.head`, `${to}:${prev}\n`);
  return prev;
}

const packed = (i: number): LedgerEventInput => ({
  event: 'transfer.packed', station: 'high-1', actor: 'bob', transferId: `P-${i}`,
  data: { keyId: 'FEDCBA9876543210', source: 'high', destination: 'low', sequence: i, manifestSha256: 'b'.repeat(64) },
});

/** A 5,000-line ledger plus one engine append, so `<ledger>.anchor` sits on line 5,001. */
async function longLedger(t: { after: (fn: () => void | Promise<void>) => void }): Promise<{ file: string; lines: () => Promise<string[]> }> {
  const dir = await makeTempDir(t);
  const file = join(dir, 'custody.ledger');
  writeLines(file, 1, N, GENESIS_PREV);
  await appendEvent(file, packed(0));
  return { file, lines: async () => (await readFile(file, 'utf8')).split('\n').slice(0, -1) };
}

async function rejectsBroken(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SluiceError, String(e));
    assert.equal(e.code, 'ledger-broken');
    assert.match(e.message, pattern);
    return true;
  });
}

async function lastLineOf(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).split('\n').at(-2)!;
}

test('the anchor names the last line (seq, byte offset, length, hash) after every append', async (t) => {
  const { file, lines } = await longLedger(t);
  const all = await lines();
  const a = parseAnchor(await readFile(anchorFilePath(file), 'utf8'))!;
  assert.equal(a.seq, N + 1);
  assert.equal(a.hash, hashLine(all[N]!));
  assert.equal(a.length, Buffer.byteLength(all[N]!));
  assert.equal(a.offset, Buffer.byteLength(all.slice(0, N).join('\n')) + 1);
  await appendEvent(file, packed(1));
  const b = parseAnchor(await readFile(anchorFilePath(file), 'utf8'))!;
  assert.deepEqual([b.seq, b.offset, b.hash], [N + 2, a.offset + a.length + 1, hashLine(await lastLineOf(file))]);
});

test('an edited, deleted or swapped line after the anchor is refused by the append, naming the line', async (t) => {
  const cases: [string, (ls: string[]) => string[], RegExp][] = [
    ['edited', (ls) => ls.map((l, i) => (i === N + 2 ? l.replace('"actor":"alice"', '"actor":"mallo"') : l)), new RegExp(`at line ${N + 3}: changed`)],
    ['deleted', (ls) => ls.filter((_, i) => i !== N + 2), new RegExp(`at line ${N + 3}: seq ${N + 4} where ${N + 3} was expected`)],
    ['swapped', (ls) => [...ls.slice(0, N + 2), ls[N + 3]!, ls[N + 2]!, ...ls.slice(N + 4)], new RegExp(`at line ${N + 3}: seq ${N + 4} where ${N + 3} was expected`)],
  ];
  for (const [what, change, pattern] of cases) {
    const { file, lines } = await longLedger(t);
    // Another writer's five lines after the anchor (line N+1), then the change among them.
    writeLines(file, N + 2, N + 6, hashLine(await lastLineOf(file)));
    const before = await lines();
    await writeFile(file, `${change(before).join('\n')}\n`);
    await rejectsBroken(appendEvent(file, packed(9)), pattern);
    assert.ok((await readFile(file, 'utf8')).split('\n').length <= before.length + 1, `${what}: nothing was appended`);
  }
});

test('a prefix line edited in place (same length) is left to the full verify, which names it, before and after later appends', async (t) => {
  const { file, lines } = await longLedger(t);
  const all = await lines();
  all[99] = all[99]!.replace('"actor":"alice"', '"actor":"mallo"');
  await writeFile(file, `${all.join('\n')}\n`);
  // The anchored line 5,001 has not moved: the append checks only what follows it (docs/SECURITY.md).
  await appendEvent(file, packed(1));
  const v = await verifyLedger(file);
  assert.equal(v.ok, false);
  assert.equal(v.firstBad?.line, 100);
  assert.match(v.firstBad!.reason, /^changed/);
  // Without the anchor the append itself does the full check and refuses.
  await rm(anchorFilePath(file));
  await rejectsBroken(appendEvent(file, packed(2)), /at line 100: changed/);
});

test('two prefix lines swapped are found by the full verify', async (t) => {
  const { file, lines } = await longLedger(t);
  const all = await lines();
  [all[1999], all[2000]] = [all[2000]!, all[1999]!];
  await writeFile(file, `${all.join('\n')}\n`);
  const v = await verifyLedger(file);
  assert.equal(v.ok, false);
  assert.equal(v.firstBad?.line, 2000);
});

test('a prefix edit that moves the anchored line (longer, shorter, deleted) makes the append check everything and refuse', async (t) => {
  const cases: [(ls: string[]) => string[], RegExp][] = [
    [(ls) => ls.map((l, i) => (i === 1233 ? l.replace('"actor":"alice"', '"actor":"mallory"') : l)), /at line 1234: changed/],
    [(ls) => ls.map((l, i) => (i === 1233 ? l.replace('"actor":"alice"', '"actor":"al"') : l)), /at line 1234: changed/],
    [(ls) => ls.filter((_, i) => i !== 1233), /at line 1234: seq 1235 where 1234 was expected/],
  ];
  for (const [change, pattern] of cases) {
    const { file, lines } = await longLedger(t);
    await writeFile(file, `${change(await lines()).join('\n')}\n`);
    await rejectsBroken(appendEvent(file, packed(1)), pattern);
  }
});

test('a missing, malformed, stale or lying anchor means a full check, and the anchor is rewritten', async (t) => {
  const lies: [string, (a: string, file: string) => Promise<void>][] = [
    ['deleted', async (_a, file) => rm(anchorFilePath(file))],
    ['not an anchor', async (_a, file) => writeFile(anchorFilePath(file), 'garbage\n')],
    ['past the end', async (a, file) => writeFile(anchorFilePath(file), a.replace(/"offset":\d+/, '"offset":99999999'))],
    ['wrong hash', async (a, file) => writeFile(anchorFilePath(file), a.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'c'.repeat(64)}"`))],
    ['another line\'s offset', async (a, file) => writeFile(anchorFilePath(file), a.replace(/"offset":\d+/, '"offset":0'))],
  ];
  for (const [what, lie] of lies) {
    const { file, lines } = await longLedger(t);
    // An in-place edit before the anchor: only a full check finds it, so a refusal proves one ran.
    const all = await lines();
    await writeFile(file, `${all.map((l, i) => (i === 41 ? l.replace('"actor":"alice"', '"actor":"mallo"') : l)).join('\n')}\n`);
    await lie(await readFile(anchorFilePath(file), 'utf8'), file);
    await rejectsBroken(appendEvent(file, packed(1)), /at line 42: changed/);
    // Restored, the full check passes and writes a true anchor again.
    await writeFile(file, `${all.join('\n')}\n`);
    await appendEvent(file, packed(2));
    const a = parseAnchor(await readFile(anchorFilePath(file), 'utf8'));
    assert.equal(a?.seq, N + 2, what);
    assert.equal(a?.hash, hashLine(await lastLineOf(file)), what);
  }
});

test('a torn line after the anchor is refused as torn, repaired, and appends go on with a true anchor', async (t) => {
  const { file } = await longLedger(t);
  appendFileSync(file, '{"seq":5002,"time":"2026-');
  await rejectsBroken(appendEvent(file, packed(1)), new RegExp(`at line ${N + 2}: torn`));
  const r = await repairLedger(file, { actor: 'alice' });
  assert.equal(r.line.seq, N + 2);
  await appendEvent(file, packed(2));
  assert.equal((await verifyLedger(file)).ok, true);
  assert.equal(parseAnchor(await readFile(anchorFilePath(file), 'utf8'))?.seq, N + 3);
});

test('the replay state kept by this process takes in lines another writer appended, and is dropped when the file changes under it', async (t) => {
  const { file } = await longLedger(t);
  const judge = (transferId: string, sequence: number) => withLedger(file, async (tx) =>
    judgeReplay(await tx.fold(replayFold), { transferId, keyId: '0123456789ABCDEF', source: 'low', destination: 'high', sequence }));
  assert.match((await judge('T-17', 9_999)).replay ?? '', /T-17 was already imported/);
  assert.equal((await judge('NEW', N + 2)).replay, null);
  // Another process imports N+2 (a line written outside this process, after its position).
  const withoutEngine = (await readFile(file, 'utf8')).split('\n').at(-2)!;
  writeLines(file, N + 2, N + 2, hashLine(withoutEngine));
  assert.match((await judge('NEW', N + 2)).replay ?? '', new RegExp(`sequence ${N + 2} of low→high .* already imported as T-${N + 2}`));
  // An in-place edit of a line before the position: the state is not trusted past a changed file.
  const ls = (await readFile(file, 'utf8')).split('\n');
  ls[N + 1] = ls[N + 1]!.replace('"actor":"alice"', '"actor":"mallory"');
  await writeFile(file, ls.join('\n'));
  await rejectsBroken(judge('NEW', N + 3), new RegExp(`at line ${N + 2}: changed`));
});

test('a state primed without the lock (an import\'s stage) is the one the next transaction feeds, not rebuilt; a ledger that does not check primes nothing', async (t) => {
  const { file, lines } = await longLedger(t);
  const primed = await primeFold(file, replayFold);
  assert.ok(primed);
  writeLines(file, N + 2, N + 2, hashLine(await lastLineOf(file)));
  const inTx = await withLedger(file, (tx) => tx.fold(replayFold));
  assert.equal(inTx, primed, 'the same state object: fed the new line, not rebuilt from a full read');
  assert.match(judgeReplay(inTx, { transferId: 'NEW', keyId: '0123456789ABCDEF', source: 'low', destination: 'high', sequence: N + 2 }).replay ?? '', /already imported as T-5002/);
  const all = await lines();
  all[9] = all[9]!.replace('"actor":"alice"', '"actor":"mallo"');
  await writeFile(file, `${all.join('\n')}\n`);
  assert.equal(await primeFold(file, replayFold), null);
});

const appendMany = fileURLToPath(new URL('./fixtures/append-many.ts', import.meta.url));

test('three processes appending to a 5,000-line ledger at once: every line once, the chain holds, the anchor is on the last line', async (t) => {
  const { file } = await longLedger(t);
  const dir = join(file, '..');
  const runs = ['a', 'b', 'c'].map((tag) => new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', appendMany, file, dir, tag, '15'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', resolve);
  }));
  writeFileSync(join(dir, 'go'), '');
  assert.deepEqual(await Promise.all(runs), [0, 0, 0]);
  const v = await verifyLedger(file);
  assert.equal(v.ok, true, JSON.stringify(v.firstBad));
  assert.equal(v.count, N + 1 + 45);
  const tags = (await readFile(file, 'utf8')).split('\n').slice(N + 1, -1).map((l) => JSON.parse(l).actor as string);
  for (const tag of ['a', 'b', 'c']) assert.equal(tags.filter((x) => x === tag).length, 15);
  const a = parseAnchor(await readFile(anchorFilePath(file), 'utf8'));
  assert.equal(a?.seq, N + 46);
  assert.equal(a?.hash, hashLine(await lastLineOf(file)));
});
