// The build, the test runner and the CLI work from a clone whose path has a space and an 'é', inside
// a 0700 directory (issue 9 §6/§7): every script finds the checkout with fileURLToPath, never
// URL.pathname (which keeps %20 and %C3%A9). The clone shares this checkout's node_modules through a
// symlink, so nothing is installed or downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/tmp';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const isGitCheckout = existsSync(join(repo, '.git'));

test('a clone under "a path é/with space", in a 0700 folder, builds, runs its tests and the README walk-through, and the CLI', { skip: isGitCheckout ? false : 'not a git checkout', timeout: 240_000 }, async (t) => {
  const base = await makeTempDir(t, 'sluice-clone-');
  await chmod(base, 0o700);
  const parent = join(base, 'a path é');
  await mkdir(parent);
  const clone = join(parent, 'with space');
  const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
    // Without NODE_TEST_CONTEXT the child's test runner runs its files instead of deferring to ours.
    const { NODE_TEST_CONTEXT: _ctx, ...outer } = process.env;
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...outer, ...env }, timeout: 200_000 });
    return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  const cloned = run('git', ['clone', '-q', '--no-hardlinks', repo, clone], base);
  assert.equal(cloned.code, 0, cloned.out);
  await symlink(join(repo, 'node_modules'), join(clone, 'node_modules'));

  // scripts/test.mjs builds every bundle, then runs the named test files from the clone: the
  // layering scan and the README walk-through, pasted as a newcomer would from that folder.
  const tested = run(process.execPath, ['scripts/test.mjs', 'test/architecture/layering.test.ts', 'test/docs/readme-walkthrough.test.ts'], clone);
  assert.equal(tested.code, 0, tested.out);
  // The spec reporter's summary (scripts/test.mjs): some tests ran, none failed.
  assert.match(tested.out, /ℹ pass [1-9]/);
  assert.match(tested.out, /ℹ fail 0\b/);
  assert.doesNotMatch(tested.out, /%20|%C3%A9/i);

  // The built CLI runs from there and writes into a folder whose path has the same characters.
  const work = join(parent, 'work dir é');
  await mkdir(work);
  await writeFile(join(work, 'note.txt'), 'hello\n');
  const env = { SLUICE_KDF_COST: 'test', SLUICE_PASSPHRASE: 'correct horse battery staple', SLUICE_HOME: join(work, 'home') };
  const keygen = run(process.execPath, [join(clone, 'bin/sluice.mjs'), 'keygen', '--out', join(work, 'keys'), '--name', 'k'], work, env);
  assert.equal(keygen.code, 0, keygen.out);
  await mkdir(join(work, 'out'));
  const packed = run(process.execPath, [join(clone, 'bin/sluice.mjs'), 'pack', join(work, 'note.txt'), '--key', join(work, 'keys/k.key'), '--out', join(work, 'out'), '--from', 'LOW', '--to', 'HIGH'], work, env);
  assert.equal(packed.code, 0, packed.out);
  assert.ok(packed.out.includes(join(work, 'out')), packed.out);
});
