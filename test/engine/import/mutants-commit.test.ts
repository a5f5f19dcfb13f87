// Commit and staging rules that mutation testing (docs/SECURITY.md, "Mutation score") found with no
// in-process test behind them: the antivirus scan is recorded with the import (in the intent and the
// outcome); a ledger broken between staging and commit leaves nothing behind — not the staging
// folder, not a folder in the destination — and a broken ledger is refused as broken at staging; a
// staging refused by a station check still says which interrupted import it settled; a filesystem
// error while extracting is worded as importing the package; an outcome the ledger cannot record
// after the rename undoes the import. Expected values are written out here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitImport, stageImport } from '../../../electron/engine/import/import';
import { undoRelease } from '../../../electron/engine/import/commit';
import { appendEvent, readLedger } from '../../../electron/engine/ledger/index';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { makeFolderOfPathLength, removeTooDeepTree } from '../../helpers/deep-tree';
import { makeFixture, type Fixture } from '../verify/fixture';
import { freshStation } from './station';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-mut-commit-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const station = () => freshStation(dir, fx);
const pkgOf = async (transferId: string, sequence: number) => (await fx.makePackage({ transferId, sequence })).packageDir;

test('the antivirus scan given to commit is recorded in the intent and in the import line', async () => {
  const s = await station();
  const staged = await stageImport(await pkgOf('SC-1', 1), s);
  assert.ok(staged.ok);
  const scan = { engine: 'clamav', version: '1.4.3', files: 2, verdict: 'clean' };
  const r = await commitImport(staged.staged, { officer: 'olga', scan });
  assert.equal(r.imported?.path, join(s.destRoot, 'SC-1'));
  const lines = (await readLedger(s.ledgerFile)).filter((e) => e.event === 'transfer.importing' || e.event === 'transfer.imported');
  assert.deepEqual(lines.map((e) => [e.event, e.data.scan]), [['transfer.importing', scan], ['transfer.imported', scan]]);

  const plain = await stageImport(await pkgOf('SC-2', 2), s);
  assert.ok(plain.ok);
  await commitImport(plain.staged, { officer: 'olga' });
  const last = (await readLedger(s.ledgerFile)).at(-1)!;
  assert.equal(last.event, 'transfer.imported');
  assert.equal('scan' in last.data, false, 'no scan, no scan field');
});

test('a ledger broken between staging and commit: commit fails and leaves no staging folder and no import', async () => {
  const s = await station();
  const staged = await stageImport(await pkgOf('BR-1', 1), s);
  assert.ok(staged.ok);
  assert.equal((await readdir(s.destRoot)).length, 1, 'the staging folder, not empty');
  await appendFile(s.ledgerFile, 'this is not a ledger line\n');
  await assert.rejects(commitImport(staged.staged, { officer: 'olga' }), { code: 'ledger-broken' });
  assert.deepEqual(await readdir(s.destRoot), []);
});

test('staging on a broken ledger is refused as ledger-broken, before anything is written', async () => {
  const s = await station();
  await appendFile(s.ledgerFile, 'this is not a ledger line\n');
  await assert.rejects(stageImport(await pkgOf('BR-2', 2), s), { code: 'ledger-broken' });
  assert.deepEqual(await readdir(s.destRoot), []);
});

test('a staging refused by a station check still says which interrupted import it settled', async () => {
  const s = await station();
  const intent = await appendEvent(s.ledgerFile, {
    event: 'transfer.importing', station: 'HIGH', actor: 'olga', transferId: 'RS-1',
    data: { transferId: 'RS-1', keyId: fx.key.keyId, source: 'LOW', destination: 'HIGH', sequence: 1, manifestSha256: 'ab'.repeat(32),
      path: join(s.destRoot, 'RS-1'), staging: join(s.destRoot, '.sluice-staging-gone'), files: 1, bytes: 1 },
  } as never);
  const r = await stageImport(await pkgOf('RS-2', 2), { ...s, station: 'OTHER' });
  assert.equal(r.ok, false);
  assert.deepEqual(r.report.failures.map((f) => f.check), ['destination']);
  assert.deepEqual(r.settled, [{ transferId: 'RS-1', intentSeq: intent.seq, outcome: 'abandoned', detail: 'the import was interrupted; neither the destination nor the staging folder holds it' }]);
});

test('a filesystem error while extracting says it was importing the package, and leaves nothing behind', async () => {
  // A quarantine whose path is 3850 characters: the staging folder (~100 more) can be made, a
  // 200-character file name inside it cannot (ENAMETOOLONG, past the 4096-byte PATH_MAX).
  const src = join(dir, 'long-names');
  await mkdir(src);
  await writeFile(join(src, 'n'.repeat(200)), 'x');
  const pkg = (await fx.makePackage({ sources: [src], transferId: 'NL-1', sequence: 1 })).packageDir;
  const base = join(dir, 'deep');
  await mkdir(base);
  try {
    const quarantine = makeFolderOfPathLength(base, 3850);
    const s = { ...(await station()), destRoot: quarantine };
    await assert.rejects(stageImport(pkg, s), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'name-too-long');
      assert.ok(e.message.startsWith(`Cannot import the package (${base}/ddd`), e.message.slice(0, 120)); // the path is shown shortened
      assert.ok(e.message.endsWith(': the path is too long for this filesystem (ENAMETOOLONG); choose a shorter path.'), e.message.slice(-200));
      return true;
    });
    assert.deepEqual(await readdir(quarantine), [], 'the staging folder was removed');
  } finally {
    removeTooDeepTree(base);
  }
});

test("a ledger that cannot record the outcome after the rename: the import is undone, the error says so", async () => {
  const s = await station();
  const staged = await stageImport(await pkgOf('UN-1', 1), s);
  assert.ok(staged.ok);
  // A ledger inside the staging folder: the intent is recorded, then the rename into the
  // destination takes the ledger's folder away, so recording the outcome fails (its head file).
  const ledgerFile = join(staged.staged.stagingDir, 'ledger', 'ledger.jsonl');
  await assert.rejects(commitImport(staged.staged, { officer: 'olga', ledgerFile }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'ledger-append-failed');
    assert.ok(e.message.startsWith(`The import was undone because the ledger ${ledgerFile} could not record it: Cannot append to the ledger (`), e.message);
    return true;
  });
  assert.deepEqual(await readdir(s.destRoot), [], 'not in the destination, and the staging folder removed');
});

test('undoRelease moves the tree back out and removes it; when the move back fails it says why and leaves the tree', async () => {
  const root = join(dir, 'undo');
  const quarantine = join(root, 'quarantine');
  const dest = join(root, 'dest');
  await mkdir(join(dest, 'T-1', 'a'), { recursive: true });
  await mkdir(quarantine, { recursive: true });
  await writeFile(join(dest, 'T-1', 'a', 'f'), 'x');
  assert.equal(await undoRelease(join(dest, 'T-1'), join(quarantine, '.sluice-staging-1'), dest), null);
  assert.deepEqual([await readdir(dest), await readdir(quarantine)], [[], []], 'out of the destination, and removed');

  // The staging name is taken by a folder that is not empty: rename cannot replace it.
  await mkdir(join(dest, 'T-2'));
  await writeFile(join(dest, 'T-2', 'f'), 'x');
  await mkdir(join(quarantine, '.sluice-staging-2'));
  await writeFile(join(quarantine, '.sluice-staging-2', 'other'), 'y');
  const why = await undoRelease(join(dest, 'T-2'), join(quarantine, '.sluice-staging-2'), dest);
  assert.match(why ?? '', /^ENOTEMPTY: directory not empty, rename '.*T-2' -> '.*\.sluice-staging-2'$/);
  assert.deepEqual(await readdir(join(dest, 'T-2')), ['f'], 'the tree stays where it is');
  assert.deepEqual(await readdir(join(quarantine, '.sluice-staging-2')), ['other'], 'and nothing else is touched');
});
