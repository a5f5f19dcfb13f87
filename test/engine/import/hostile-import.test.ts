/**
 * Every hostile package in the corpus is refused by `stageImport`, and the refusal leaves no
 * trace: the destination root is exactly as before (no staging directory, nothing at
 * DEST/<id>), the sentinel directory next to it is untouched, nothing else in the sandbox changed,
 * and no path an obedient extraction would have written (/etc/x, traversal targets) exists.
 * The control package, built by the same generator, stages, commits and lands intact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitImport, discardImport, stageImport, STAGING_PREFIX } from '../../../electron/engine/import/import';
import { HOSTILE_CASES, CHANNEL, testSigner, trustStoreFor, writeSignedPackage } from '../../helpers/hostile/index';
import { assertRefused } from '../../helpers/hostile/assert-refused';
import { benignPackageSpec } from '../../helpers/hostile/control';
import { HELLO, NOTES } from '../../helpers/hostile/benign';
import { createSandbox, snapshot } from '../../helpers/hostile/sandbox';

const signer = testSigner();
const store = trustStoreFor(signer);
/** The ledger (and its head and lock files) lives here; a rejection is recorded in it on purpose. */
const STATE_DIR = 'state';

test('control: the benign package from the same generator stages, commits and lands intact', { timeout: 20_000 }, async () => {
  const box = await createSandbox('import-control');
  try {
    await writeSignedPackage(box.packageDir, benignPackageSpec('import-control'), signer);
    const staged = await stageImport(box.packageDir, { store, destRoot: box.destRoot, station: CHANNEL.to, ledgerFile: box.ledgerFile });
    assert.ok(staged.ok, `control refused: ${JSON.stringify(staged.report.failures)}`);
    const report = await commitImport(staged.staged, { officer: 'officer', ledgerFile: box.ledgerFile });
    assert.equal(report.ok, true, JSON.stringify(report.failures));
    const landed = join(box.destRoot, 'H-import-control');
    assert.deepEqual(await readFile(join(landed, 'docs', 'hello.txt')), HELLO);
    assert.deepEqual(await readFile(join(landed, 'notes.txt')), NOTES);
    assert.deepEqual((await readdir(box.destRoot)).sort(), ['H-import-control', 'earlier-import.txt']);
  } finally {
    await box.cleanup();
  }
});

for (const c of HOSTILE_CASES) {
  test(`import refuses ${c.id} and leaves no trace: ${c.title}`, { timeout: 20_000 }, async () => {
    const box = await createSandbox(c.id);
    try {
      await writeSignedPackage(box.packageDir, { transferId: `H-${c.id}`, ...c.build(box) }, signer);
      const targets = c.escapeTargets?.(box) ?? [];
      for (const t of targets) assert.equal(existsSync(t), false, `premise: ${t} must not exist before the import`);
      const before = await snapshot(box.sandbox, [STATE_DIR]);

      const result = await stageImport(box.packageDir, { store, destRoot: box.destRoot, station: CHANNEL.to, ledgerFile: box.ledgerFile });
      if (result.ok) await discardImport(result.staged);
      assert.equal(result.ok, false, `${c.id} was staged`);
      assertRefused(result.report, c, true);

      const after = await snapshot(box.sandbox, [STATE_DIR]);
      assert.deepEqual([...after], [...before], 'the sandbox (destination, sentinel, package) changed');
      const dest = await readdir(box.destRoot);
      assert.deepEqual(dest.filter((n) => n.startsWith(STAGING_PREFIX)), [], 'a staging directory was left behind');
      assert.equal(existsSync(join(box.destRoot, `H-${c.id}`)), false, 'something landed at DEST/<id>');
      for (const t of targets) assert.equal(existsSync(t), false, `${t} was created`);
    } finally {
      await box.cleanup();
    }
  });
}
