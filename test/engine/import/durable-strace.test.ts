// Durability before release, seen from the kernel: a real `sluice import` child (and the
// `sync -f` it starts) run under `strace -f`. The staged tree's filesystem is synced (syncfs) after
// the last file is written and before the one rename that releases the tree into DEST, and DEST is
// fsynced after it. A faster import must not get there by dropping or reordering this.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { makeFixture, type Fixture } from '../verify/fixture';

const SYSCALLS = 'syncfs,fsync,fdatasync,rename,renameat,renameat2,openat,write,pwrite64';

function straceWorks(): string | null {
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=syncfs', '-o', '/dev/null', 'true'], { stdio: 'pipe', encoding: 'utf8' });
  if (r.error) return `strace is not installed (${r.error.message})`;
  if (r.status !== 0) return `strace cannot trace here (exit ${r.status}); ptrace is not allowed`;
  return null;
}
const skip = straceWorks();

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-durable-strace-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

test('syncfs of the staged tree comes after its last file write and before the rename into DEST', { skip: skip ?? false }, async () => {
  const pkg = (await fx.makePackage({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000), transferId: 'DUR-1' })).packageDir;
  const dest = join(dir, 'dest');
  await mkdir(dest);
  const traceFile = join(dir, 'trace.txt');
  const args = ['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--officer', 'olga', '--ledger', join(dir, 'ledger.jsonl')];
  const child = spawn('strace', ['-f', '-qq', '-e', `trace=${SYSCALLS}`, '-o', traceFile, process.execPath, '--import', 'tsx', join(repoRoot, 'electron/cli/main.ts'), ...args], {
    cwd: repoRoot, env: { ...process.env, SLUICE_KDF_COST: 'test' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  assert.equal(code, 0, out);
  const lines = (await readFile(traceFile, 'utf8')).split('\n');
  const final = join(dest, 'DUR-1');
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const release = at(new RegExp(`rename(at2?)?\\(.*\\.sluice-staging-[^"]*", .*"${esc(final)}"`));
  assert.ok(release > 0, 'the staged tree is released with one rename');
  const lastFile = lines.findLastIndex((l, i) => i < release && new RegExp(`openat\\(.*\\.sluice-staging-[^"]*/top\\.txt", O_WRONLY\\|O_CREAT\\|O_EXCL`).test(l));
  assert.ok(lastFile > 0, 'the last file was created in staging');
  const syncfs = lines.findIndex((l, i) => i > lastFile && /syncfs\(\d+\)\s+= 0/.test(l));
  assert.ok(syncfs > lastFile && syncfs < release, `syncfs after the last file (${lastFile}) and before the release (${release}); found at ${syncfs}`);
  const destSync = lines.findIndex((l, i) => i > release && /fsync\(\d+\)\s+= 0/.test(l));
  assert.ok(destSync > release, 'DEST is fsynced after the rename');
});
