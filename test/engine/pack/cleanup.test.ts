// Nothing is left behind: cancel at any point, a source that changes underneath, an existing
// package — the output directory is exactly as it was before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { isAbort, SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, testKey, writeTree } from './fixtures';

const key = testKey();

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  await writeTree(join(root, 'src'), { 'a.bin': Buffer.alloc(3 * 1024 * 1024 + 5, 1), 'b.txt': 'second\n', 'c.bin': Buffer.alloc(2 * 1024 * 1024, 2) });
  const out = join(root, 'out');
  await mkdir(out);
  await writeFile(join(out, 'unrelated.txt'), 'already here');
  return { root, src: join(root, 'src'), out };
}

test('cancelling after the first progress report rejects with an abort and leaves the output directory as it was', async (t) => {
  const { src, out } = await setup(t);
  const controller = new AbortController();
  let reports = 0;
  await assert.rejects(
    pack(baseOptions([src], out, key.signingKey, { signal: controller.signal, onProgress: (p) => { if (p.phase === 'pack' && reports++ === 0) controller.abort(); } })),
    (e: unknown) => isAbort(e),
  );
  assert.equal(reports, 1, 'no progress after the cancel');
  assert.deepEqual(await readdir(out), ['unrelated.txt']);
});

test('cancelling before the start writes nothing', async (t) => {
  const { src, out } = await setup(t);
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { signal: AbortSignal.abort() })), (e: unknown) => isAbort(e));
  assert.deepEqual(await readdir(out), ['unrelated.txt']);
});

test('a file that grows while it is read is refused as changed, and nothing is left', async (t) => {
  const { src, out } = await setup(t);
  let grown = false;
  const onProgress = (p: { phase: string }) => { if (p.phase === 'pack' && !grown) { grown = true; void appendFile(join(src, 'a.bin'), 'more'); } };
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { onProgress })), (e: unknown) =>
    e instanceof SluiceError && e.code === 'source-changed' && e.details[0]!.path === join(src, 'a.bin') && e.details[0]!.reason === 'source changed during pack');
  assert.deepEqual(await readdir(out), ['unrelated.txt']);
});

test('a later file that changed size after the scan is refused, and nothing is left', async (t) => {
  const { src, out } = await setup(t);
  let done = false;
  const onProgress = async (p: { phase: string }) => { if (p.phase === 'pack' && !done) { done = true; await appendFile(join(src, 'c.bin'), 'x'); } };
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { onProgress: (p) => void onProgress(p) })), (e: unknown) =>
    e instanceof SluiceError && e.code === 'source-changed' && e.details[0]!.path === join(src, 'c.bin'));
  assert.deepEqual(await readdir(out), ['unrelated.txt']);
});

test('an existing package with the same id is refused and left untouched', async (t) => {
  const { src, out } = await setup(t);
  await pack(baseOptions([src], out, key.signingKey));
  const before = await readdir(join(out, 'T-test-1'));
  await assert.rejects(pack(baseOptions([src], out, key.signingKey)), (e: unknown) => e instanceof SluiceError && e.code === 'package-exists');
  assert.deepEqual((await readdir(out)).sort(), ['T-test-1', 'unrelated.txt']);
  assert.deepEqual(await readdir(join(out, 'T-test-1')), before);
});

test('bad manifest fields are refused before any byte is written', async (t) => {
  const { src, out } = await setup(t);
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { destination: 'no spaces allowed' })), (e: unknown) => e instanceof SluiceError && e.code === 'bad-manifest' && /destination/.test(e.message));
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { transferId: '../escape' })), (e: unknown) => e instanceof SluiceError && e.code === 'bad-transfer-id');
  await assert.rejects(pack(baseOptions([src], out, key.signingKey, { expires: new Date('2026-02-01T00:00:00Z') })), (e: unknown) => e instanceof SluiceError && /expires/.test(e.message));
  assert.deepEqual(await readdir(out), ['unrelated.txt']);
});

test('a default transfer id has the T<date>-<time>-<hex> form and names the directory', async (t) => {
  const { src, out } = await setup(t);
  const r = await pack({ ...baseOptions([src], out, key.signingKey), transferId: undefined });
  assert.match(r.manifest.transferId, /^T20260301-100000-[0-9a-f]{8}$/);
  assert.equal(r.packageDir, join(out, r.manifest.transferId));
});

// The small-file path reads each file in one call that asks for a byte past its planned end
// (write-payload.ts addSmallFile). Kernel files make both sides of that edge real without a race:
// /proc files are regular files of size 0 that read as text, /sys attributes say 4096 and read short.
test('a small file that reads longer or shorter than its planned size is refused as changed, and nothing is left', async (t) => {
  const { out } = await setup(t);
  const sys = ['/sys/kernel/address_bits', '/sys/kernel/mm/transparent_hugepage/enabled', '/sys/power/state'].find((p) => {
    try { return statSync(p).isFile() && statSync(p).size === 4096; } catch { return false; }
  });
  const cases = [['/proc/self/status', 'reads text past a planned size of 0'], [sys, 'reads short of a planned 4096 bytes']] as const;
  for (const [file, what] of cases) {
    if (file === undefined || !existsSync(file)) { t.diagnostic(`no kernel file that ${what} here`); continue; }
    await assert.rejects(pack(baseOptions([file], out, key.signingKey)), (e: unknown) =>
      e instanceof SluiceError && e.code === 'source-changed' && e.details[0]!.path === file, `${file} ${what}`);
    assert.deepEqual(await readdir(out), ['unrelated.txt']);
  }
});
