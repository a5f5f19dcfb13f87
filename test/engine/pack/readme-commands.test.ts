// README.txt's stock-tool commands (FORMAT.md §7), run verbatim as a person would: from their own
// folder with relative paths, on a read-only medium, for a package with no files, and against a
// legacy `Ed` signature that §5 requires refusing. (pack.test.ts and volumes.test.ts run them with
// absolute paths for a single and a split payload.)
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import nacl from 'tweetnacl';
import { pack, type PackResult } from '../../../electron/engine/pack/pack';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { baseOptions, readmeCommands, run, runReadme, runReadmeCommands, testKey, writeTree } from './fixtures';

const key = testKey();
let root: string;
let single: PackResult;
let split: PackResult;

async function packInto(name: string, sources: string[], extra = {}): Promise<PackResult> {
  const out = join(root, name);
  await mkdir(out);
  return pack(baseOptions(sources, out, key.signingKey, extra));
}

before(async () => {
  root = await makeTempDir(undefined, 'sluice-readme-');
  await writeTree(join(root, 'src'), { 'a.bin': Buffer.alloc(25_000, 1), 'b/c.txt': 'small\n', 'b/empty': null });
  await writeTree(join(root, 'nothing'), { 'only-a-folder': null });
  await writeFile(join(root, 'key.pub'), key.pubText);
  await mkdir(join(root, 'home'));
  single = await packInto('single', [join(root, 'src')]);
  split = await packInto('split', [join(root, 'src')], { volumeSize: 16_384 });
});
after(() => removeTempDir(root));

test('the commands run from the person\'s own folder with relative paths, and nothing lands in the package', async () => {
  const home = join(root, 'home');
  for (const p of [single, split]) {
    const before = (await readdir(p.packageDir)).sort();
    const r = await runReadme(p.packageDir, { packageDir: relative(home, p.packageDir), pubFile: '../key.pub', outDir: 'extracted' }, { cwd: home });
    assert.equal(r.code, 0, `${r.script}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /a\.bin: OK/);
    assert.match(r.stdout, /b\/c\.txt: OK/);
    assert.deepEqual((await readdir(p.packageDir)).sort(), before, 'OUT is not created inside the package');
    assert.equal(await readFile(join(home, 'extracted', 'src', 'b', 'c.txt'), 'utf8'), 'small\n');
    run('rm', ['-rf', join(home, 'extracted')]);
  }
});

test('the commands succeed on a read-only package (a write-protected medium), single and split', async () => {
  const home = join(root, 'home');
  for (const p of [single, split]) {
    // OUT relative to where the person stands: before the fix `mkdir OUT` ran inside the package.
    const r = await runReadme(p.packageDir, { packageDir: p.packageDir, pubFile: join(root, 'key.pub'), outDir: 'ro-out' }, { cwd: home, readOnly: true });
    assert.equal(r.code, 0, `${r.script}\n${r.stdout}\n${r.stderr}`);
    run('rm', ['-rf', join(home, 'ro-out')]);
  }
  // The read-only run really was read-only: the same run cannot create a file in the package.
  const probe = await runReadme(single.packageDir, { packageDir: single.packageDir, pubFile: join(root, 'key.pub'), outDir: join(single.packageDir, 'inside') }, { readOnly: true });
  assert.notEqual(probe.code, 0, 'writing into the package must fail while it is read-only');
});

test('a package with no files: every command written in its README succeeds', async () => {
  const empty = await packInto('empty', [join(root, 'nothing')]);
  assert.equal(empty.manifest.totals.files, 0);
  assert.equal(await readFile(join(empty.packageDir, 'FILES.SHA256SUMS'), 'utf8'), '', 'an empty file list');
  assert.equal(run('sha256sum', ['-c', 'FILES.SHA256SUMS'], { cwd: empty.packageDir }).code, 1, 'why the step is left out: sha256sum -c refuses an empty list');
  const commands = await readmeCommands(empty.packageDir);
  assert.ok(!commands.some((c) => c.includes('FILES.SHA256SUMS')));
  assert.match(await readFile(join(empty.packageDir, 'README.txt'), 'utf8'), /This package holds no files \(FILES\.SHA256SUMS is empty\)/);
  await runReadmeCommands(empty.packageDir, join(root, 'key.pub'), join(root, 'empty-out'));
});

/** A minisign signature in the legacy `Ed` format (Ed25519 over the raw bytes), with the given trusted comment. */
function legacySignature(bytes: Uint8Array, trustedComment: string): string {
  const sig = nacl.sign.detached(bytes, key.signingKey.secretKey);
  const blob = Buffer.concat([Buffer.from('Ed', 'latin1'), Buffer.from(key.signingKey.keyIdBytes), Buffer.from(sig)]);
  const global = nacl.sign.detached(Buffer.concat([Buffer.from(sig), Buffer.from(trustedComment, 'utf8')]), key.signingKey.secretKey);
  return `untrusted comment: legacy signature\n${blob.toString('base64')}\ntrusted comment: ${trustedComment}\n${Buffer.from(global).toString('base64')}\n`;
}

test('a legacy Ed signature by the right key is refused by the README\'s commands (§5), though plain minisign -V accepts it', async () => {
  for (const file of ['manifest.json', 'SHA256SUMS']) {
    const p = await packInto(`legacy-${file}`, [join(root, 'src')]);
    const sigFile = join(p.packageDir, `${file}.minisig`);
    const comment = (await readFile(sigFile, 'utf8')).split('\n')[2]!.replace(/^trusted comment: /, '');
    await writeFile(sigFile, legacySignature(await readFile(join(p.packageDir, file)), comment));
    const plain = run('minisign', ['-Vm', join(p.packageDir, file), '-p', join(root, 'key.pub')]);
    assert.equal(plain.code, 0, `the forged file is a valid legacy signature: ${plain.stderr}`);
    const r = await runReadme(p.packageDir, { packageDir: p.packageDir, pubFile: join(root, 'key.pub'), outDir: join(root, `legacy-out-${file}`) });
    assert.notEqual(r.code, 0, `${file}: the README's commands accepted a legacy signature\n${r.stdout}`);
    assert.match(r.stderr, /legacy|prehash/i);
  }
});
