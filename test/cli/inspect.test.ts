// `sluice inspect`: shows the claimed manifest, always marked UNVERIFIED; refuses oversized or
// malformed manifests; escapes what could fool a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../shared/format/constants';
import { inspectCommand } from '../../electron/cli/commands/inspect';
import { dispatch } from '../../electron/cli/dispatch';
import { pack } from '../../electron/engine/pack/pack';
import { bufferIo } from '../helpers/cli';
import { makeTestKey } from '../helpers/keys';
import { makeTempDir } from '../helpers/tmp';

const BANNER = 'UNVERIFIED — nothing here has been checked; run sluice verify';
const registry = { inspect: inspectCommand };

async function packed(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await mkdir(join(dir, 'src/sub'), { recursive: true });
  await writeFile(join(dir, 'src/sub/a.txt'), 'abc');
  await mkdir(join(dir, 'out'));
  const r = await pack({ sources: [join(dir, 'src')], outDir: join(dir, 'out'), signingKey: key.signingKey, source: 'LOW', destination: 'HIGH',
    transferId: 'T-inspect', sequence: 3, expires: new Date(Date.now() + 86400_000), purpose: 'look' });
  return { dir, packageDir: r.packageDir, keyId: key.keyId };
}

test('prints the claimed summary between UNVERIFIED banners', async (t) => {
  const { packageDir, keyId } = await packed(t);
  const io = bufferIo();
  assert.equal(await dispatch(['inspect', packageDir], io, registry), 0);
  const out = io.out();
  assert.ok(out.startsWith(`${BANNER}\n`));
  assert.ok(out.trimEnd().endsWith(BANNER));
  assert.match(out, /Transfer id:\s+T-inspect/);
  assert.match(out, /Channel:\s+LOW → HIGH/);
  assert.match(out, new RegExp(`Signer key id:\\s+${keyId} \\(claimed\\)`));
  assert.match(out, /file 0644\s+3  src\/sub\/a\.txt/);
});

test('--json prints the manifest re-serialised, with the banner on stderr', async (t) => {
  const { packageDir } = await packed(t);
  const io = bufferIo();
  assert.equal(await dispatch(['inspect', packageDir, '--json'], io, registry), 0);
  assert.equal(JSON.parse(io.out()).transferId, 'T-inspect');
  assert.equal(io.err(), `${BANNER}\n`);
});

test('a malformed manifest exits 1 with its problems; terminal escapes are escaped', async (t) => {
  const { packageDir } = await packed(t);
  const m = JSON.parse(await readFile(join(packageDir, 'manifest.json'), 'utf8'));
  m.purpose = 'evil\u001b[2J';
  m.totals.files = 99;
  await writeFile(join(packageDir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  const io = bufferIo();
  assert.equal(await dispatch(['inspect', packageDir], io, registry), 1);
  assert.match(io.out(), /manifest field purpose/);
  assert.ok(!io.out().includes('\u001b'), 'no raw escape character reaches the terminal');
  const json = bufferIo();
  assert.equal(await dispatch(['inspect', packageDir, '--json'], json, registry), 0);
  assert.ok(!json.out().includes('\u001b'));
  assert.match(json.out(), /\\u001b\[2J/);
});

test('a manifest over the size cap is refused without being read', async (t) => {
  const { packageDir } = await packed(t);
  await truncate(join(packageDir, 'manifest.json'), LIMITS.maxManifestBytes + 1);
  const io = bufferIo();
  assert.equal(await dispatch(['inspect', packageDir], io, registry), 2);
  assert.match(io.err(), /more than the 256 MiB a manifest may be/);
  const missing = bufferIo();
  assert.equal(await dispatch(['inspect', join(packageDir, 'nope')], missing, registry), 2);
  assert.match(missing.err(), /Is this a package directory\?/);
});
