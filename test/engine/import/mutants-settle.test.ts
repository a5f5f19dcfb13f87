// Settling an interrupted import (electron/engine/import/settle.ts), in this process so mutation
// testing's per-test coverage sees it (the kill -9 tests in test/cli/import-crash.test.ts run the
// CLI in a child). Each test writes the intent line by hand, builds the folders the crash left, and
// checks the outcome, the line appended and what is left on disk: the staged tree recognised by its
// inode (or, for an intent without one, by its file and byte counts with the staging folder gone),
// anything else abandoned and its staging folder removed, and an intent whose folders cannot be
// seen left alone. Expected values are written out here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settleInterruptedImports } from '../../../electron/engine/import/settle';
import { appendEvent, readLedger, withLedger } from '../../../electron/engine/ledger/index';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { makeTooDeepTree, removeTooDeepTree } from '../../helpers/deep-tree';

let dir: string;
before(async () => { dir = await makeTempDir(undefined, 'sluice-mut-settle-'); });
after(() => removeTempDir(dir));

const SHA = 'a'.repeat(64);
let n = 0;
/** A quarantine, a destination and a ledger of their own for one test. */
async function place() {
  n++;
  const root = join(dir, `case-${n}`);
  const quarantine = join(root, 'quarantine');
  const dest = join(root, 'dest');
  await mkdir(quarantine, { recursive: true });
  await mkdir(dest, { recursive: true });
  return { root, quarantine, dest, ledger: join(root, 'ledger.jsonl'), staging: join(quarantine, '.sluice-staging-x'), final: join(dest, 'T-1') };
}

/** A staged tree: a/one (3 bytes), a/b/two (5 bytes) and a link (counted as neither). 2 files, 8 bytes. */
async function stagedTree(path: string) {
  await mkdir(join(path, 'a', 'b'), { recursive: true });
  await writeFile(join(path, 'a', 'one'), 'one');
  await writeFile(join(path, 'a', 'b', 'two'), 'two!!');
  await symlink('a/one-with-a-long-target-name', join(path, 'link'));
  const st = await lstat(path);
  return { ino: st.ino, dev: st.dev };
}

/** The intent commit writes, by hand; `data` overrides or removes (undefined) its fields. */
async function intent(ledger: string, data: Record<string, unknown>, transferId: string | null = 'T-1') {
  const full = Object.fromEntries(Object.entries({
    transferId: 'T-1', sequence: 4, keyId: 'AAAAAAAAAAAAAAAA', source: 'LOW', destination: 'HIGH', manifestSha256: SHA,
    officer: 'olga', files: 2, bytes: 8, ...data,
  }).filter(([, v]) => v !== undefined));
  return appendEvent(ledger, { event: 'transfer.importing', station: 'HIGH', actor: 'olga', ...(transferId ? { transferId } : {}), data: full } as never);
}
const settle = (ledger: string) => withLedger(ledger, (tx) => settleInterruptedImports(tx));
const linesAfter = async (ledger: string, seq: number) => (await readLedger(ledger)).filter((e) => e.seq > seq);

test('the staged tree in the destination (same inode) was imported: the record without staging fields, counts found', async () => {
  const p = await place();
  const id = await stagedTree(p.staging);
  // The counts recorded do not match what is there: the inode decides, not the counts.
  const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingIno: id.ino, stagingDev: id.dev, files: 7, bytes: 70 });
  await rename(p.staging, p.final);
  assert.deepEqual(await settle(p.ledger), [{ transferId: 'T-1', intentSeq: i.seq, outcome: 'imported', detail: p.final }]);
  const [line, ...more] = await linesAfter(p.ledger, i.seq);
  assert.deepEqual(more, []);
  assert.equal(line!.event, 'transfer.imported');
  assert.equal(line!.station, 'HIGH');
  assert.equal(line!.actor, 'olga');
  assert.equal(line!.transferId, 'T-1');
  assert.deepEqual(line!.data, {
    transferId: 'T-1', sequence: 4, keyId: 'AAAAAAAAAAAAAAAA', source: 'LOW', destination: 'HIGH', manifestSha256: SHA,
    officer: 'olga', files: 7, bytes: 70, path: p.final,
    intentSeq: i.seq, settled: 'after-interruption', found: { files: 2, bytes: 8 },
  });
  assert.deepEqual(await readdir(p.final), ['a', 'link']);
  assert.deepEqual(await settle(p.ledger), [], 'settled once');
});

test('a destination folder with the right inode on another device, or another inode, is not the staged tree', async () => {
  const p = await place();
  const id = await stagedTree(p.staging);
  const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingIno: id.ino, stagingDev: id.dev + 1 });
  await rename(p.staging, p.final);
  const [r] = await settle(p.ledger);
  assert.equal(r!.outcome, 'abandoned');
  assert.equal(r!.detail, `the import was interrupted; ${p.final} is not the staged tree and the staging folder is gone`);

  // Another folder (same device, other inode) in the destination, the staging folder still there.
  const q = await place();
  const id2 = await stagedTree(q.staging);
  await stagedTree(q.final);
  const j = await intent(q.ledger, { path: q.final, staging: q.staging, stagingIno: id2.ino, stagingDev: id2.dev });
  assert.deepEqual(await settle(q.ledger), [{ transferId: 'T-1', intentSeq: j.seq, outcome: 'abandoned', detail: 'the import was interrupted before its release into the destination; the staging folder was removed' }]);
  assert.deepEqual(await readdir(q.quarantine), [], 'the staging folder (not empty) was removed');
  assert.deepEqual(await readdir(q.final), ['a', 'link'], 'the folder that is not ours is left alone');
  const [line, ...more] = await linesAfter(q.ledger, j.seq);
  assert.deepEqual(more, []);
  assert.equal(line!.event, 'transfer.import-abandoned');
  assert.equal(line!.actor, 'system');
  assert.equal(line!.station, 'HIGH');
  assert.equal(line!.transferId, 'T-1');
  assert.deepEqual(line!.data, {
    intentSeq: j.seq, reason: 'the import was interrupted before its release into the destination; the staging folder was removed',
    transferId: 'T-1', path: q.final, staging: q.staging, manifestSha256: SHA,
  });
  assert.ok(i.seq > 0);
});

test('the staged tree recognised by its inode but unreadable below: imported, its counts recorded as unknown', async () => {
  const p = await place();
  await mkdir(p.staging);
  makeTooDeepTree(p.staging); // a file under it cannot be lstat'ed: the count fails
  try {
    const st = await lstat(p.staging);
    const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingIno: st.ino, stagingDev: st.dev });
    await rename(p.staging, p.final);
    assert.deepEqual(await settle(p.ledger), [{ transferId: 'T-1', intentSeq: i.seq, outcome: 'imported', detail: p.final }]);
    const [line] = await linesAfter(p.ledger, i.seq);
    assert.deepEqual(line!.data.found, { files: null, bytes: null });
  } finally {
    removeTooDeepTree(p.final);
  }
});

test('an intent without an inode: the staging folder gone and the same files and bytes in the destination is the import', async () => {
  const p = await place();
  await stagedTree(p.final);
  // stagingIno alone is not an inode record: the counts decide.
  const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingIno: 12345 });
  assert.deepEqual(await settle(p.ledger), [{ transferId: 'T-1', intentSeq: i.seq, outcome: 'imported', detail: p.final }]);
  const [line] = await linesAfter(p.ledger, i.seq);
  assert.deepEqual(line!.data.found, { files: 2, bytes: 8 });
  assert.equal(line!.data.settled, 'after-interruption');
  assert.equal(line!.data.stagingIno, undefined);

  const q = await place();
  await stagedTree(q.final);
  const j = await intent(q.ledger, { path: q.final, staging: q.staging, stagingDev: 12345 });
  assert.deepEqual(await settle(q.ledger), [{ transferId: 'T-1', intentSeq: j.seq, outcome: 'imported', detail: q.final }], 'stagingDev alone');
});

test('an intent without an inode: other counts, or the staging folder still there, is not the import', async () => {
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['one file more', { files: 3, bytes: 8 }, false],
    ['one byte more', { files: 2, bytes: 9 }, false],
    ['the same counts, but the staging folder is still there', {}, true],
  ];
  for (const [what, counts, keepStaging] of cases) {
    const p = await place();
    await stagedTree(p.final);
    if (keepStaging) await stagedTree(p.staging);
    const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingDev: 66, ...counts });
    const [r] = await settle(p.ledger);
    assert.equal(r!.outcome, 'abandoned', what);
    assert.equal(r!.intentSeq, i.seq);
    assert.deepEqual(await readdir(p.quarantine), [], what);
    assert.deepEqual(await readdir(p.final), ['a', 'link'], what);
  }
});

test('nothing in either place: abandoned; a manifest digest is copied only when it is a string', async () => {
  const p = await place();
  const i = await intent(p.ledger, { path: p.final, staging: p.staging, stagingIno: 1, stagingDev: 2 });
  const reason = 'the import was interrupted; neither the destination nor the staging folder holds it';
  assert.deepEqual(await settle(p.ledger), [{ transferId: 'T-1', intentSeq: i.seq, outcome: 'abandoned', detail: reason }]);
  const [line] = await linesAfter(p.ledger, i.seq);
  assert.deepEqual(line!.data, { intentSeq: i.seq, reason, transferId: 'T-1', path: p.final, staging: p.staging, manifestSha256: SHA });

  const q = await place();
  const j = await intent(q.ledger, { path: q.final, staging: q.staging, manifestSha256: 5 });
  await settle(q.ledger);
  const [other] = await linesAfter(q.ledger, j.seq);
  assert.deepEqual(other!.data, { intentSeq: j.seq, reason, transferId: 'T-1', path: q.final, staging: q.staging });
});

test("the transfer id: the intent's own valid field first, then the line's, else '?' and none on the outcome line", async () => {
  const p = await place();
  const a = await intent(p.ledger, { transferId: 'FROM-DATA', path: p.final, staging: p.staging }, 'FROM-LINE');
  const b = await intent(p.ledger, { transferId: undefined, path: join(p.dest, 'B'), staging: join(p.quarantine, 'b') }, 'FROM-LINE');
  // The data's id is not a transfer id: the line's is used.
  const c = await intent(p.ledger, { transferId: 'no id/..', path: join(p.dest, 'C'), staging: join(p.quarantine, 'c') }, 'FROM-LINE-C');
  // No id anywhere, but folders that can be seen: settled all the same, the outcome naming the
  // intent by its seq and carrying no transfer id (the ledger would refuse '?' as one, and every
  // later import would then fail at this intent).
  const d = await intent(p.ledger, { transferId: undefined, path: join(p.dest, 'D'), staging: join(p.quarantine, 'd') }, null);
  const e = await intent(p.ledger, { transferId: 'bad id', path: join(p.dest, 'E'), staging: join(p.quarantine, 'e') }, null);
  const r = await settle(p.ledger);
  assert.deepEqual(r.map((x) => [x.intentSeq, x.transferId, x.outcome]), [
    [a.seq, 'FROM-DATA', 'abandoned'], [b.seq, 'FROM-LINE', 'abandoned'], [c.seq, 'FROM-LINE-C', 'abandoned'],
    [d.seq, '?', 'abandoned'], [e.seq, 'bad id', 'abandoned'],
  ]);
  const appended = await linesAfter(p.ledger, e.seq);
  assert.deepEqual(appended.map((x) => [x.data.intentSeq, 'transferId' in x, x.transferId, x.data.transferId]), [
    [a.seq, true, 'FROM-DATA', 'FROM-DATA'], [b.seq, true, 'FROM-LINE', 'FROM-LINE'], [c.seq, true, 'FROM-LINE-C', 'FROM-LINE-C'],
    [d.seq, false, undefined, null], [e.seq, false, undefined, 'bad id'],
  ]);
  // Settled: a second run finds nothing left to settle.
  assert.deepEqual(await settle(p.ledger), []);
});

test('an intent without a valid transfer id whose tree is in the destination is recorded as imported, without an id', async () => {
  const p = await place();
  const id = await stagedTree(p.staging);
  const i = await intent(p.ledger, { transferId: undefined, path: p.final, staging: p.staging, stagingIno: id.ino, stagingDev: id.dev }, null);
  await rename(p.staging, p.final);
  assert.deepEqual((await settle(p.ledger)).map((x) => [x.transferId, x.outcome]), [['?', 'imported']]);
  const [line] = await linesAfter(p.ledger, i.seq);
  assert.equal(line!.event, 'transfer.imported');
  assert.equal('transferId' in line!, false);
  assert.equal(line!.data.intentSeq, i.seq);
});

test('an intent that names no folders, or folders on a volume that is not there, is left unsettled', async () => {
  const p = await place();
  const file = join(p.root, 'a-file');
  await writeFile(file, 'x');
  const none = 'the intent names no destination or staging folder';
  const notThere = (f: string, s: string) => `${f} or ${s} is not there (is the volume mounted?)`;
  const cases: [Record<string, unknown>, string][] = [
    [{ path: p.final }, none],
    [{ staging: p.staging }, none],
    [{ path: 5, staging: p.staging }, none],
    [{ path: p.final, staging: 5 }, none],
    [{ path: join(p.root, 'gone', 'T-1'), staging: p.staging }, notThere(join(p.root, 'gone'), p.quarantine)],
    [{ path: p.final, staging: join(p.root, 'gone', 's') }, notThere(p.dest, join(p.root, 'gone'))],
    [{ path: join(file, 'T-1'), staging: p.staging }, notThere(file, p.quarantine)],
  ];
  for (const [data, detail] of cases) {
    const i = await intent(p.ledger, data);
    assert.deepEqual(await settle(p.ledger), [{ transferId: 'T-1', intentSeq: i.seq, outcome: 'unreachable', detail }], JSON.stringify(data));
    assert.deepEqual(await linesAfter(p.ledger, i.seq), [], 'nothing recorded');
    // Left pending: settled as abandoned once it is readable, by a line appended by hand here.
    await appendEvent(p.ledger, { event: 'transfer.import-abandoned', station: 'HIGH', actor: 'system', transferId: 'T-1', data: { intentSeq: i.seq, reason: 'test' } } as never);
  }
});
