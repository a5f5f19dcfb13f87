// The CLI face of vendor checksums (issue 10 §2, CLI contract: "Vendor checksum mismatch at pack →
// exit 2 naming the file"): pack reports what was checked and the signatures it did not check,
// inspect and verify --json show the signed record, a mismatch is exit 2 with nothing written, and
// hostile text from a vendor's file reaches the terminal escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await makeTrustStore(join(dir, 'trust'), [key]);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  const rel = join(dir, 'release');
  await mkdir(rel);
  await writeFile(join(rel, 'app-image.tar'), Buffer.alloc(100_000, 3));
  await writeFile(join(rel, 'tool'), 'tool\n');
  const sums = spawnSync('sha256sum', ['app-image.tar', 'tool'], { cwd: rel, encoding: 'utf8' }).stdout;
  await writeFile(join(rel, 'SHA256SUMS'), `${sums}${'0'.repeat(64)}  vendor-only.iso\n`);
  await writeFile(join(rel, 'SHA256SUMS.minisig'), 'untrusted comment: signature from the vendor\n');
  await mkdir(join(dir, 'out'));
  const args = ['pack', rel, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json')];
  const pack = Object.assign(() => runCli(args), { args });
  return { dir, rel, pack };
}

test('pack checks the vendor SHA256SUMS and says so; inspect and verify --json show the signed record', async (t) => {
  const { dir, pack } = await setup(t);
  const r = await pack();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Vendor checksums: +2 files match 1 checksum file \(SHA-256\); 1 listed but not carried; 1 vendor signature present, not checked by Sluice/);
  assert.match(r.stderr, /^ {2}release\/SHA256SUMS: 2 of 3 listed files match \(SHA-256, gnu format\), 1 listed but not carried; signature present \(SHA256SUMS\.minisig\), not checked by Sluice$/m);
  const pkg = r.stdout.trim();
  const inspect = await runCli(['inspect', pkg]);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.match(inspect.stdout, /Vendor checksums \(as the packer recorded them\):\n {2}release\/SHA256SUMS: 2 of 3 listed files match/);
  const plain = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /Vendor checksums \(checked by the packer, signed\):\n {2}release\/SHA256SUMS: 2 of 3 listed files match/);
  const verify = await runCli(['verify', pkg, '--trust', join(dir, 'trust'), '--json']);
  assert.equal(verify.code, 0, verify.stderr);
  const report = JSON.parse(verify.stdout) as { manifest: { entries: { path: string; details?: Record<string, unknown> }[] } };
  const details = (p: string) => report.manifest.entries.find((e) => e.path === p)?.details;
  assert.deepEqual(details('release/tool'), { vouchedBy: ['release/SHA256SUMS'] });
  assert.deepEqual((details('release/SHA256SUMS') as { checksumFile: { absentNames: string[] } }).checksumFile.absentNames, ['vendor-only.iso']);
});

test('a file that does not match its vendor checksum: exit 2 naming the file, nothing in --out', async (t) => {
  const { dir, rel, pack } = await setup(t);
  await writeFile(join(rel, 'app-image.tar'), Buffer.alloc(100_000, 4));
  const r = await pack();
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /release\/app-image\.tar does not match its SHA-256 in release\/SHA256SUMS \(line 1\)/);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
});

test('a vendor line with terminal escapes is shown escaped, and the file is recorded as not checked', async (t) => {
  const { rel, pack } = await setup(t);
  await writeFile(join(rel, 'SHA256SUMS'), `${'0'.repeat(64)}  ../../etc/passwd\u001b]0;pwned\u0007\n`);
  const r = await pack();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /[\u001b\u0007]/);
  assert.match(r.stderr, /release\/SHA256SUMS: not checked: line 1 names "\.\.\/\.\.\/etc\/passwd\\u001b\]0;pwned\\u0007", not a file inside the checksum file's folder/);
  assert.match(r.stderr, /Vendor checksums: +1 checksum file NOT CHECKED; 1 vendor signature present, not checked by Sluice\n/);
});

test('the checklist\'s vendor-checksums item is answered by the machine when the sources carry checksum files it checks', async (t) => {
  const { dir, pack } = await setup(t);
  // The person left the item blank: the machine's answer fills it and is signed with the machine as "by".
  const answers = { 'sources-approved': true, 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true };
  await writeFile(join(dir, 'answers.json'), JSON.stringify({ by: 'alice', answers }));
  const env = { SLUICE_HOME: join(dir, 'home') };
  await mkdir(join(dir, 'home'));
  const r = await runCli([...pack.args, '--checklist', join(dir, 'answers.json')], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Checklist: +5 answers by alice \(vendor checksums answered by Sluice\)/);
  const m = JSON.parse(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8')) as { checklist: { itemId: string; value: unknown; by: string }[] };
  const item = m.checklist.find((c) => c.itemId === 'vendor-checksums');
  assert.deepEqual({ value: item?.value, by: item?.by }, { value: 'Checked, all match', by: 'Sluice: 1 vendor checksum file, every listed file checked while packing (machine)' });
  assert.ok(m.checklist.filter((c) => c.itemId !== 'vendor-checksums').every((c) => c.by === 'alice'));
});

test('without a checksum file Sluice can check, the person\'s answer stands (and a blank one is refused)', async (t) => {
  const { dir, rel, pack } = await setup(t);
  await writeFile(join(rel, 'SHA256SUMS'), `${'ab'.repeat(64)}  tool\n`); // SHA-512: recorded, not checked
  const env = { SLUICE_HOME: join(dir, 'home') };
  await mkdir(join(dir, 'home'));
  const answers = { 'sources-approved': true, 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true };
  await writeFile(join(dir, 'blank.json'), JSON.stringify({ by: 'alice', answers }));
  const blank = await runCli([...pack.args, '--checklist', join(dir, 'blank.json')], { env });
  assert.equal(blank.code, 2, blank.stderr);
  assert.match(blank.stderr, /vendor-checksums: is required/);
  await writeFile(join(dir, 'given.json'), JSON.stringify({ by: 'alice', answers: { ...answers, 'vendor-checksums': 'Not supplied by the vendor' } }));
  const r = await runCli([...pack.args, '--checklist', join(dir, 'given.json')], { env });
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8')) as { checklist: { itemId: string; value: unknown; by: string }[] };
  assert.deepEqual(m.checklist.find((c) => c.itemId === 'vendor-checksums'), { ...m.checklist.find((c) => c.itemId === 'vendor-checksums'), value: 'Not supplied by the vendor', by: 'alice' });
});
