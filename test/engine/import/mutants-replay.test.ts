// The replay state read from ledger lines this test writes by hand (replay-guard.ts is pure): which
// lines count as imported, what settles an intent, that channels (key, source, destination) are
// kept apart, that the first record of an id or a sequence is the one named, and that the highest
// sequence is the highest, not the latest. Mutation testing (docs/SECURITY.md) found these rules
// reached only by end-to-end imports that never told them apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highWaterMark, importedTransfers, judgeReplay, pendingIntents } from '../../../electron/engine/import/replay-guard';
import type { LedgerEntry } from '../../../shared/ledger-events';

const KEY = 'AAAAAAAAAAAAAAAA';
const OTHER_KEY = 'BBBBBBBBBBBBBBBB';
let seq = 0;
/** One ledger line as the ledger holds it; `data` is written out in each test. */
function line(event: string, data: Record<string, unknown>, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  seq++;
  return { seq, time: `2026-11-2${seq % 10}T1${seq % 10}:0${seq % 10}:3${seq % 10}Z`, prev: '0'.repeat(64), event, station: 'HIGH', actor: 'system', data, ...extra };
}
function renumber(lines: LedgerEntry[]): LedgerEntry[] {
  return lines.map((l, i) => ({ ...l, seq: i + 1 }));
}
const id = (transferId: string, sequence: number, over: Record<string, unknown> = {}) =>
  ({ transferId, keyId: KEY, source: 'LOW', destination: 'HIGH', sequence, officer: 'olga', ...over });
const t = (transferId: string, sequence: number, over: Partial<{ keyId: string; source: string; destination: string }> = {}) =>
  ({ transferId, keyId: KEY, source: 'LOW', destination: 'HIGH', sequence, ...over });

test('each channel — signing key, source, destination — has its own sequences and highest', () => {
  const ledger = [line('transfer.imported', id('A-101', 101), { transferId: 'A-101' })];
  assert.match(judgeReplay(ledger, t('N-101', 101)).replay ?? '', /^sequence 101 of LOW→HIGH by key AAAAAAAAAAAAAAAA was already imported as A-101 /);
  for (const other of [{ keyId: OTHER_KEY }, { source: 'LOW2' }, { destination: 'HIGH2' }]) {
    assert.deepEqual(judgeReplay(ledger, t('N-101', 101, other)), { replay: null, rollback: null }, JSON.stringify(other));
    assert.deepEqual(judgeReplay(ledger, t('N-30', 30, other)), { replay: null, rollback: null }, JSON.stringify(other));
  }
  assert.equal(highWaterMark(ledger, KEY, 'LOW', 'HIGH'), 101);
  assert.equal(highWaterMark(ledger, OTHER_KEY, 'LOW', 'HIGH'), 0);
});

test('the earlier import is named: first record of an id or sequence, its date, time, officer and line', () => {
  const ledger = renumber([
    line('transfer.imported', id('F-5', 5, { officer: 'olga' }), { transferId: 'F-5', time: '2026-11-20T14:03:05Z' }),
    line('transfer.imported', id('F-5', 6, { officer: 'peter' }), { transferId: 'F-5', time: '2026-11-21T09:00:00Z' }),
    line('transfer.imported', id('G-5', 5, { officer: 'peter' }), { transferId: 'G-5', time: '2026-11-22T09:00:00Z' }),
  ]);
  assert.deepEqual(judgeReplay(ledger, t('F-5', 77)), {
    replay: 'transfer F-5 was already imported on 2026-11-20 at 14:03:05 UTC by olga, ledger entry 1', rollback: null,
  });
  assert.equal(judgeReplay(ledger, t('H-5', 5)).replay,
    'sequence 5 of LOW→HIGH by key AAAAAAAAAAAAAAAA was already imported as F-5 on 2026-11-20 at 14:03:05 UTC by olga, ledger entry 1');
});

test("the officer named is the data's officer when it is a non-empty string, else the line's actor", () => {
  const cases: [unknown, string][] = [['olga', 'olga'], ['', 'alice'], [undefined, 'alice'], [42, 'alice']];
  for (const [officer, shown] of cases) {
    const data: Record<string, unknown> = id('O-1', 1);
    if (officer === undefined) delete data.officer;
    else data.officer = officer;
    const ledger = [line('transfer.imported', data, { transferId: 'O-1', actor: 'alice', time: '2026-11-20T14:03:05Z' })];
    assert.match(judgeReplay(ledger, t('O-1', 2)).replay ?? '', new RegExp(` UTC by ${shown}, ledger entry `), String(officer));
  }
});

test('the transfer id comes from the data, else from the line; a line without the identity fields is not an import', () => {
  const { transferId: _drop, ...noId } = id('x', 1);
  const fromLine = [line('transfer.imported', { ...noId, sequence: 1 }, { transferId: 'L-1' })];
  assert.match(judgeReplay(fromLine, t('L-1', 50)).replay ?? '', /^transfer L-1 was already imported /);
  const fromData = [line('transfer.imported', id('D-1', 1))];
  assert.match(judgeReplay(fromData, t('D-1', 50)).replay ?? '', /^transfer D-1 was already imported /);
  assert.deepEqual(importedTransfers([...fromLine, ...fromData]).map((r) => r.transferId), ['L-1', 'D-1']);

  const broken: Record<string, unknown>[] = [
    { ...noId },                              // no transfer id anywhere
    { ...id('M-1', 1), keyId: undefined },
    { ...id('M-1', 1), source: 7 },
    { ...id('M-1', 1), destination: null },
    { ...id('M-1', 1), sequence: '1' },
  ];
  for (const data of broken) {
    const ledger = [line('transfer.imported', data)];
    assert.deepEqual(importedTransfers(ledger), [], JSON.stringify(data));
    assert.deepEqual(judgeReplay(ledger, t('M-1', 1)), { replay: null, rollback: null }, JSON.stringify(data));
  }
});

test('an intent counts as imported until an imported or abandoned line names it; nothing else settles it', () => {
  const intent = line('transfer.importing', id('P-9', 9), { transferId: 'P-9' });
  const pendingReason = /^transfer P-9 is being imported, or its import was interrupted \(begun on .* not settled yet\)$/;
  assert.deepEqual(pendingIntents([intent]), [intent]);
  assert.match(judgeReplay([intent], t('P-9', 10)).replay ?? '', pendingReason);
  assert.match(judgeReplay([intent], t('Q-9', 9)).replay ?? '', /^sequence 9 .* was taken by P-9, which is being imported/);

  // Lines that are not an outcome, or name the intent wrongly, leave it pending.
  const notOutcomes = [
    line('transfer.rejected', { intentSeq: intent.seq, transferId: 'P-9' }),
    line('transfer.imported', { ...id('Z-1', 1), intentSeq: String(intent.seq) }),
    line('transfer.import-abandoned', { intentSeq: intent.seq + 1000 }),
  ];
  const stillPending = [intent, ...notOutcomes];
  assert.deepEqual(pendingIntents(stillPending), [intent]);
  assert.match(judgeReplay(stillPending, t('P-9', 10)).replay ?? '', pendingReason);

  const imported = [intent, line('transfer.imported', { ...id('P-9', 9), intentSeq: intent.seq })];
  assert.deepEqual(pendingIntents(imported), []);
  assert.match(judgeReplay(imported, t('P-9', 10)).replay ?? '', /^transfer P-9 was already imported /);

  // Abandoned: nothing was imported, so the transfer may come again.
  const abandoned = [intent, line('transfer.import-abandoned', { intentSeq: intent.seq, reason: 'r', transferId: 'P-9' })];
  assert.deepEqual(pendingIntents(abandoned), []);
  assert.deepEqual(judgeReplay(abandoned, t('P-9', 9)), { replay: null, rollback: null });
  assert.deepEqual(importedTransfers(abandoned), []);
});

test('the highest sequence is the highest imported, not the latest; exactly the window below is inside it', () => {
  const ledger = [
    line('transfer.imported', id('S-101', 101)),
    line('transfer.imported', id('S-50', 50)),
    line('transfer.imported', id('S-3', 3)),
  ];
  assert.equal(highWaterMark(ledger, KEY, 'LOW', 'HIGH'), 101);
  assert.match(judgeReplay(ledger, t('S-30', 30)).rollback ?? '', /^sequence 30 is more than 64 below 101, /);
  assert.equal(judgeReplay(ledger, t('S-37', 37)).rollback, null, '101 - 37 = 64: inside');
  assert.match(judgeReplay(ledger, t('S-36', 36)).rollback ?? '', /^sequence 36 is more than 64 below 101/);
  assert.match(judgeReplay(ledger, t('R-101', 101)).replay ?? '', /as S-101 /, 'every imported sequence is remembered, not only the latest');
  assert.match(judgeReplay(ledger, t('R-50', 50)).replay ?? '', /as S-50 /);
  assert.equal(judgeReplay(ledger, t('R-100', 100), { window: 0 }).rollback?.startsWith('sequence 100 is more than 0 below 101'), true);
});

test('an unsettled intent and a done import of one id or sequence: the earlier ledger line is named', () => {
  const pendingFirst = renumber([
    line('transfer.importing', id('E-1', 1), { transferId: 'E-1' }),
    line('transfer.imported', id('E-1', 2), { transferId: 'E-1' }),
  ]);
  assert.match(judgeReplay(pendingFirst, t('E-1', 40)).replay ?? '', /^transfer E-1 is being imported, .*ledger entry 1, not settled yet\)$/);
  assert.match(judgeReplay(pendingFirst, t('N-1', 1)).replay ?? '', /was taken by E-1, which is being imported.*ledger entry 1,/);
  const doneFirst = renumber([
    line('transfer.imported', id('E-2', 1), { transferId: 'E-2' }),
    line('transfer.importing', id('E-2', 2), { transferId: 'E-2' }),
  ]);
  assert.match(judgeReplay(doneFirst, t('E-2', 40)).replay ?? '', /^transfer E-2 was already imported .*ledger entry 1$/);
  // The same sequence, done first under another id, then a pending intent for it.
  const seqDoneFirst = renumber([
    line('transfer.imported', id('E-3', 7), { transferId: 'E-3' }),
    line('transfer.importing', id('E-4', 7), { transferId: 'E-4' }),
  ]);
  assert.match(judgeReplay(seqDoneFirst, t('E-5', 7)).replay ?? '', /was already imported as E-3 .*ledger entry 1$/);
});

test("an unsettled intent raises its own channel's highest, not another's", () => {
  const ledger = renumber([
    line('transfer.imported', id('H-10', 10)),
    line('transfer.importing', id('H-200', 200)),
    line('transfer.importing', id('X-900', 900, { source: 'ELSEWHERE' })),
  ]);
  assert.equal(highWaterMark(ledger, KEY, 'LOW', 'HIGH'), 200);
  assert.match(judgeReplay(ledger, t('H-100', 100)).rollback ?? '', /^sequence 100 is more than 64 below 200, /);
  assert.equal(judgeReplay(ledger, t('H-150', 150)).rollback, null);
  assert.equal(judgeReplay(ledger, t('H-150', 150)).replay, null);
  assert.equal(highWaterMark(ledger, KEY, 'ELSEWHERE', 'HIGH'), 900);
});

test('an outcome line written before the intent it names still settles it', () => {
  const ledger = renumber([
    line('transfer.import-abandoned', { intentSeq: 2, reason: 'r', transferId: 'B-1' }),
    line('transfer.importing', id('B-1', 1), { transferId: 'B-1' }),
  ]);
  assert.deepEqual(pendingIntents(ledger), []);
  assert.deepEqual(judgeReplay(ledger, t('B-1', 1)), { replay: null, rollback: null });
});

test('an intent without identity fields stays pending but names nothing; a lower pending intent does not lower the highest', () => {
  const ledger = renumber([
    line('transfer.imported', id('L-101', 101)),
    line('transfer.importing', { path: '/x' }, { transferId: 'broken' }),
    line('transfer.importing', id('L-50', 50), { time: '2026-11-20T14:03:05Z', actor: 'peter' }),
  ]);
  assert.equal(pendingIntents(ledger).length, 2);
  assert.match(judgeReplay(ledger, t('L-30', 30)).rollback ?? '', /^sequence 30 is more than 64 below 101, /);
  assert.equal(judgeReplay(ledger, t('L-50', 60)).replay,
    'transfer L-50 is being imported, or its import was interrupted (begun on 2026-11-20 at 14:03:05 UTC by olga, ledger entry 3, not settled yet)');
});
