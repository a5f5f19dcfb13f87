// The commit's crash hook (SLUICE_TEST_KILL_AT in electron/engine/import/commit.ts) is a test
// tool, and its safety catch must hold: without the test-only key cost (SLUICE_KDF_COST=test) a
// station that has the variable set by accident imports normally, and a hook point that is not
// the one named does not fire. Mutation testing (docs/SECURITY.md) found the catch unguarded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-crash-guard-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

test('SLUICE_TEST_KILL_AT without SLUICE_KDF_COST=test, or naming no hook point, does not stop an import', async () => {
  const cases: [string, Record<string, string | undefined>][] = [
    ['KG-1', { SLUICE_TEST_KILL_AT: 'after-intent', SLUICE_KDF_COST: undefined }],
    ['KG-2', { SLUICE_TEST_KILL_AT: 'after-rename', SLUICE_KDF_COST: 'production' }],
    ['KG-3', { SLUICE_TEST_KILL_AT: 'before-anything' }],
  ];
  for (const [id, env] of cases) {
    const dest = join(dir, `dest-${id}`);
    await mkdir(dest);
    const ledger = join(dir, `${id}.jsonl`);
    const pkg = (await fx.makePackage({ ...fresh(), transferId: id, sequence: 1 })).packageDir;
    const r = await runCli(['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga', '--ledger', ledger], { env });
    assert.equal(r.code, 0, `${id}: ${r.stdout}${r.stderr}`);
    assert.deepEqual(await readdir(dest), [id]);
    const events = (await readFile(ledger, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    assert.deepEqual(events, ['transfer.importing', 'transfer.imported'], id);
  }
});
