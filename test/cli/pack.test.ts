// `sluice pack` end to end through the real CLI: package path on stdout, sequence numbering from
// the state file, refusals one line per source with exit 2, and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/format/manifest';
import { makeTempDir } from '../helpers/tmp';
import { runCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'report.txt'), 'quarterly numbers\n');
  await mkdir(join(dir, 'out'));
  const base = ['--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json')];
  return { dir, key, base };
}

test('packs, prints only the package path on stdout, and numbers sequences per channel', async (t) => {
  const { dir, key, base } = await setup(t);
  const first = await runCli(['pack', join(dir, 'src'), ...base, '--classification', 'OFFICIAL', '--purpose', 'monthly report', '--operator', 'alice', '--expires', '2d']);
  assert.equal(first.code, 0, first.stderr);
  const packageDir = first.stdout.trim();
  assert.equal(first.stdout, `${packageDir}\n`);
  assert.match(packageDir, /\/out\/T\d{8}-\d{6}-[0-9a-f]{8}$/);
  const parsed = parseManifest(await readFile(join(packageDir, 'manifest.json'), 'utf8'));
  assert.ok(parsed.ok);
  const m = parsed.manifest;
  assert.deepEqual([m.sequence, m.source, m.destination, m.classification, m.purpose, m.operator, m.signer.keyId], [1, 'LOW', 'HIGH', 'OFFICIAL', 'monthly report', 'alice', key.keyId]);
  assert.equal(Date.parse(m.expires) - Date.parse(m.created), 2 * 86400 * 1000);
  assert.match(first.stderr, /Manifest SHA-256/);

  const second = await runCli(['pack', join(dir, 'src'), ...base, '--id', 'second-transfer', '--volume-size', '10k']);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout.trim(), join(dir, 'out', 'second-transfer'));
  const m2 = JSON.parse(await readFile(join(dir, 'out', 'second-transfer', 'manifest.json'), 'utf8'));
  assert.equal(m2.sequence, 2, 'the next sequence comes from the state file');
  assert.equal(m2.payload.volumes.length, 1, 'a payload smaller than the volume size is not split');
  const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
  assert.equal(state.last[`${key.keyId} LOW HIGH`], 2);
});

test('refused sources are listed one per line, exit 2, nothing is written to the output', async (t) => {
  const { dir, base } = await setup(t);
  await symlink('report.txt', join(dir, 'src', 'link'));
  await writeFile(join(dir, 'src', 'bad\\name.txt'), 'x');
  const r = await runCli(['pack', join(dir, 'src'), ...base]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /2 sources were refused/);
  assert.match(r.stderr, new RegExp(`^  ${join(dir, 'src', 'link')}: is a symbolic link`, 'm'));
  assert.match(r.stderr, /bad\\name\.txt: name not allowed \(backslash in path\)/);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
  // The sequence was reserved before packing and stays used: a gap is harmless, a duplicate is not.
  const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { last: Record<string, number> };
  assert.deepEqual(Object.values(state.last), [1]);
});

test('usage errors name the flag', async (t) => {
  const { dir, base } = await setup(t);
  const noOut = await runCli(['pack', join(dir, 'src'), '--key', 'k', '--from', 'LOW', '--to', 'HIGH']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /missing --out DIR/);
  const badExpiry = await runCli(['pack', join(dir, 'src'), ...base, '--expires', 'soon']);
  assert.equal(badExpiry.code, 2);
  assert.match(badExpiry.stderr, /--expires must be a duration/);
  const badNet = await runCli(['pack', join(dir, 'src'), ...base.slice(0, -2), '--state', join(dir, 's.json'), '--to', 'HIGH SIDE']);
  assert.equal(badNet.code, 2);
  assert.match(badNet.stderr, /destination/);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
});
