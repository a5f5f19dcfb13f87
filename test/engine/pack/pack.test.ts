// pack(): the package's structure, its manifest, determinism, and interop with the stock tools a
// person would use without Sluice (GNU tar, bsdtar, python3 tarfile, sha256sum, minisign).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest } from '../../../shared/format/manifest';
import { parseTrustedComment } from '../../../shared/format/trusted-comment';
import { verifySignature } from '../../../electron/engine/crypto/minisign';
import { pack, type PackResult } from '../../../electron/engine/pack/pack';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { baseOptions, MTIME, run, runReadmeCommands, testKey, writeTree } from './fixtures';
import { readRawTar } from './tar-reader';

const LONG = `deep/${'d'.repeat(60)}/${'f'.repeat(70)}.txt`; // > 100 bytes, ASCII, with slashes
const TREE: Record<string, string | Buffer | null> = {
  'hello.txt': 'hello\n',
  'run.sh': '#!/bin/sh\necho hi\n',
  'empty.bin': '',
  'empty-dir': null,
  'résumé/naïve 日本.txt': 'non-ascii\n',
  [LONG]: 'long name\n',
  'data/block.bin': Buffer.alloc(70_000, 7),
};
const key = testKey();
let root: string;
let result: PackResult;

before(async () => {
  root = await makeTempDir(undefined, 'sluice-pack-');
  await writeTree(join(root, 'src'), TREE, ['run.sh']);
  await writeFile(join(root, 'single.txt'), 'a top-level file\n');
  await writeTree(join(root, 'src'), {}); // reset mtimes after writing
  await mkdir(join(root, 'out'));
  await writeFile(join(root, 'key.pub'), key.pubText);
  const { utimes } = await import('node:fs/promises');
  await utimes(join(root, 'single.txt'), MTIME, MTIME);
  result = await pack(baseOptions([join(root, 'src'), join(root, 'single.txt')], join(root, 'out'), key.signingKey));
});
after(() => removeTempDir(root));

test('the package directory holds exactly the format\'s files and no staging leftovers', async () => {
  assert.equal(result.packageDir, join(root, 'out', 'T-test-1'));
  assert.deepEqual((await readdir(join(root, 'out'))).sort(), ['T-test-1']);
  assert.deepEqual((await readdir(result.packageDir)).sort(), [
    'FILES.SHA256SUMS', 'README.txt', 'SHA256SUMS', 'SHA256SUMS.minisig', 'manifest.json', 'manifest.json.minisig', 'payload.tar',
  ]);
});

test('manifest.json parses, is consistent, and records every entry with its digest', async () => {
  const text = await readFile(join(result.packageDir, FILE_NAMES.manifest), 'utf8');
  const parsed = parseManifest(text);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  const m = parsed.manifest;
  assert.equal(createHash('sha256').update(text).digest('hex'), result.manifestSha256);
  assert.equal(m.signer.keyId, key.publicKey.keyId);
  assert.equal(result.keyId, key.publicKey.keyId);
  assert.deepEqual([m.transferId, m.sequence, m.source, m.destination, m.created, m.expires], ['T-test-1', 7, 'LOW', 'HIGH', '2026-03-01T10:00:00Z', '2026-03-08T10:00:00Z']);
  assert.deepEqual(m.entries.map((e) => e.path), [
    'single.txt', 'src', 'src/data', 'src/data/block.bin', `src/${LONG.split('/')[0]}`, `src/${LONG.split('/').slice(0, 2).join('/')}`, `src/${LONG}`,
    'src/empty-dir', 'src/empty.bin', 'src/hello.txt', 'src/run.sh', 'src/résumé', 'src/résumé/naïve 日本.txt',
  ]);
  const byPath = new Map(m.entries.map((e) => [e.path, e]));
  assert.equal(byPath.get('src/run.sh')!.mode, '0755');
  assert.equal(byPath.get('src/hello.txt')!.mode, '0644');
  assert.equal(byPath.get('src/empty-dir')!.type, 'dir');
  const block = byPath.get('src/data/block.bin')!;
  assert.equal(block.type === 'file' && block.sha256, createHash('sha256').update(Buffer.alloc(70_000, 7)).digest('hex'));
  assert.ok(m.entries.every((e) => e.mtime === MTIME));
  assert.deepEqual(m.totals, { files: 7, directories: 6, bytes: 6 + 18 + 0 + 10 + 10 + 70_000 + 17 });
  const payload = await readFile(join(result.packageDir, 'payload.tar'));
  assert.equal(m.payload.size, payload.length);
  assert.equal(m.payload.sha256, createHash('sha256').update(payload).digest('hex'));
  assert.deepEqual(m.payload.volumes, [{ name: 'payload.tar', size: payload.length, sha256: m.payload.sha256 }]);
});

test('both signatures verify with their trusted comments, in Sluice and with the real minisign', async () => {
  for (const file of [FILE_NAMES.manifest, FILE_NAMES.sums]) {
    const bytes = await readFile(join(result.packageDir, file));
    const sig = await readFile(join(result.packageDir, `${file}.minisig`), 'utf8');
    const check = verifySignature(bytes, sig, [key.publicKey]);
    assert.ok(check.ok);
    assert.deepEqual(parseTrustedComment(check.trustedComment), { file, id: 'T-test-1', seq: 7, from: 'LOW', to: 'HIGH' });
    const r = run('minisign', ['-Vm', file, '-p', join(root, 'key.pub')], { cwd: result.packageDir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`file=${file.replace('.', '\\.')} id=T-test-1 seq=7 from=LOW to=HIGH`));
  }
});

test('the tar stream is exactly as specified: ustar headers, uid/gid 0, empty owner names, pax path only, clean end', async () => {
  const payload = await readFile(join(result.packageDir, 'payload.tar'));
  const { headers, endOffset } = readRawTar(payload);
  assert.equal(endOffset + 1024, payload.length, 'exactly two zero blocks and nothing after');
  assert.ok(payload.subarray(endOffset).every((b) => b === 0));
  const names: string[] = [];
  let pendingPath: string | null = null;
  for (const h of headers) {
    assert.ok(h.checksumOk, `checksum of header at ${h.offset}`);
    assert.equal(h.magic, 'ustar\0');
    assert.equal(h.version, '00');
    assert.equal(h.uid, '000000 \0');
    assert.equal(h.gid, '000000 \0');
    assert.equal(h.uname, '');
    assert.equal(h.gname, '');
    assert.equal(h.prefix, '', 'the ustar prefix field is never used');
    assert.equal(h.linkname, '');
    assert.equal(h.mtime, MTIME);
    if (h.typeflag === 'x') {
      assert.equal(h.name, 'PaxHeader');
      assert.deepEqual(Object.keys(h.pax!), ['path'], 'the only pax key written is path');
      pendingPath = h.pax!.path!;
      continue;
    }
    assert.ok(h.typeflag === '0' || h.typeflag === '5', `typeflag ${h.typeflag}`);
    const name: string = pendingPath ?? h.name;
    if (pendingPath !== null) assert.equal(h.name, 'PaxHeader');
    pendingPath = null;
    assert.equal(h.mode, h.typeflag === '5' || name === 'src/run.sh' ? '000755 \0' : '000644 \0');
    assert.equal(name.endsWith('/'), h.typeflag === '5', 'directories and only directories end with /');
    names.push(name);
  }
  assert.ok(names.includes(`src/${LONG}`), 'long ASCII name carried by pax');
  assert.ok(names.includes('src/résumé/naïve 日本.txt'));
  assert.ok(names.includes('src/empty-dir/'));
});

test('GNU tar, bsdtar and python tarfile (data filter) extract it, and sha256sum -c passes', async (t) => {
  const sums = run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: result.packageDir });
  assert.equal(sums.code, 0, sums.stderr);
  const payload = join(result.packageDir, 'payload.tar');
  const extractors: [string, (dir: string) => { code: number; stdout: string; stderr: string }][] = [
    ['gnu', (dir) => run('tar', ['-x', '--no-same-owner', '-f', payload, '-C', dir])],
    ['bsd', (dir) => run('bsdtar', ['-x', '-f', payload, '-C', dir])],
    ['python', (dir) => run('python3', ['-c', 'import sys,tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter="data")', payload, dir])],
  ];
  for (const [label, extract] of extractors) {
    const dir = join(root, `x-${label}`);
    await mkdir(dir);
    t.after(() => removeTempDir(dir));
    const r = extract(dir);
    assert.equal(r.code, 0, `${label}: ${r.stderr}`);
    const check = run('sha256sum', ['--strict', '-c', join(result.packageDir, 'FILES.SHA256SUMS')], { cwd: dir });
    assert.equal(check.code, 0, `${label}: ${check.stdout}${check.stderr}`);
    assert.equal(check.stdout.split('\n').filter((l) => l.endsWith(': OK')).length, 7, label);
    assert.ok((await stat(join(dir, 'src/empty-dir'))).isDirectory(), `${label}: empty directory`);
    assert.equal((await stat(join(dir, 'src/empty.bin'))).size, 0, `${label}: empty file`);
    assert.ok((await stat(join(dir, 'src/run.sh'))).mode & 0o100, `${label}: executable bit`);
    assert.equal(Math.floor((await stat(join(dir, 'src/hello.txt'))).mtimeMs / 1000), MTIME, `${label}: mtime`);
  }
});

test('README.txt\'s commands, run exactly as written with the placeholders filled in, all succeed', async () => {
  await runReadmeCommands(result.packageDir, join(root, 'key.pub'), join(root, 'readme-out'));
});
