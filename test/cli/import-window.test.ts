// `sluice import --replay-window N`: out-of-order arrival within the window is imported, older is
// refused as a rollback (exit 1), and a bad value is a usage error (exit 2).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-window-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

test('sluice import: 101 then 100 both import by default; with --replay-window 0 the late one is a rollback', async () => {
  const dest = join(dir, 'dest');
  await mkdir(dest);
  const args = (p: string, ledger: string, ...more: string[]) => ['import', p, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga', '--ledger', join(dir, ledger), ...more];
  const pkg = async (id: string, sequence: number) => (await fx.makePackage({ ...fresh(), transferId: id, sequence })).packageDir;

  assert.equal((await runCli(args(await pkg('C-101', 101), 'a.jsonl'))).code, 0);
  const late = await runCli(args(await pkg('C-100', 100), 'a.jsonl'));
  assert.equal(late.code, 0, late.stdout);

  assert.equal((await runCli(args(await pkg('D-101', 101), 'b.jsonl', '--replay-window', '0'))).code, 0);
  const strict = await runCli(args(await pkg('D-100', 100), 'b.jsonl', '--replay-window', '0'));
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /^FAIL rollback: D-100: sequence 100 is more than 0 below 101, /m);
  assert.match(strict.stdout, /^Older than a package already imported$/m);

  const bad = await runCli(args(await pkg('E-1', 1), 'c.jsonl', '--replay-window', 'many'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--replay-window must be a whole number from 0 to 1000000, not "many"/);
});
