// Sequence numbers are reserved before packing: two real `sluice pack` processes at once on one key
// and channel never get the same number (several rounds), and a pack killed with SIGKILL midway
// keeps its number used, so the next pack does not reuse it (a gap is harmless, a duplicate is not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'report.txt'), 'quarterly numbers\n');
  await mkdir(join(dir, 'out'));
  const base = ['--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json')];
  return { dir, base };
}

async function sequenceOf(packageDir: string): Promise<number> {
  return (JSON.parse(await readFile(join(packageDir, 'manifest.json'), 'utf8')) as { sequence: number }).sequence;
}

test('two sluice pack at once on one key and channel get different sequences, round after round', async (t) => {
  const { dir, base } = await setup(t);
  const seen: number[] = [];
  for (let round = 0; round < 3; round++) {
    const runs = await Promise.all([0, 1].map((i) => runCli(['pack', join(dir, 'src'), ...base, '--id', `R${round}-${i}`])));
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      seen.push(await sequenceOf(r.stdout.trim()));
    }
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6], `sequences: ${seen.join(', ')}`);
});

test('a pack killed with SIGKILL midway keeps its sequence used; the next pack takes the one after', async (t) => {
  const { dir, base } = await setup(t);
  // Big enough that the pack is still writing when the .partial folder appears.
  await writeFile(join(dir, 'src', 'big.bin'), Buffer.alloc(96 * 1024 * 1024, 1));
  const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}/electron/cli/main.ts`, 'pack', join(dir, 'src'), ...base, '--id', 'KILLED'], {
    env: { ...process.env, SLUICE_KDF_COST: 'test' }, stdio: 'ignore',
  });
  const exited = new Promise<string | null>((r) => child.on('exit', (_c, signal) => r(signal)));
  const deadline = Date.now() + 60_000;
  while (!(await readdir(join(dir, 'out'))).some((n) => n.startsWith('KILLED')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.ok(!(await readdir(join(dir, 'out'))).includes('KILLED'), 'killed before the package was complete');

  const next = await runCli(['pack', join(dir, 'src', 'report.txt'), ...base, '--id', 'NEXT']);
  assert.equal(next.code, 0, next.stderr);
  assert.equal(await sequenceOf(next.stdout.trim()), 2, 'sequence 1 stays reserved by the killed pack');
});

test('a pack killed with SIGKILL just after its final rename: the next pack still takes a new sequence', async (t) => {
  const { dir, base } = await setup(t);
  const out = join(dir, 'out');
  const seen: number[] = [];
  for (let round = 0; round < 3; round++) {
    const id = `RENAMED-${round}`;
    const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}/electron/cli/main.ts`, 'pack', join(dir, 'src'), ...base, '--id', id], {
      env: { ...process.env, SLUICE_KDF_COST: 'test' }, stdio: 'ignore',
    });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    // fs.watch is inotify here: the final rename (moved_to) of <id>.partial to <id> is seen at once.
    const watcher = watch(out, (_event, name) => {
      if (name === id) child.kill('SIGKILL');
    });
    await exited;
    watcher.close();
    seen.push(await sequenceOf(join(out, id)));
  }
  const next = await runCli(['pack', join(dir, 'src'), ...base, '--id', 'NEXT']);
  assert.equal(next.code, 0, next.stderr);
  seen.push(await sequenceOf(next.stdout.trim()));
  assert.deepEqual(seen, [1, 2, 3, 4], 'no sequence was handed out twice');
});
