// An entry over 8 GiB (from a sparse file, so no disk is spent on the source): the size field is
// GNU base-256; GNU tar, bsdtar and python tarfile list the exact size; GNU tar streams the entry's
// content to sha256sum (matching the manifest) and bsdtar and python (filter='data') extract the
// entry after it, which only lands right if each decoded the size exactly; Sluice's own verifier
// accepts the package. Nothing extracts the 8 GiB to disk; the payload is deleted at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { verifyPackage } from '../../../electron/engine/verify/verify';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, CREATED, run, setMtimes, testKey } from './fixtures';
import { readRawTar } from './tar-reader';

const SIZE = 8 * 1024 ** 3 + 513;

test('a file of 8 GiB + 513 bytes packs with a base-256 size that every tar reader lists exactly', { timeout: 15 * 60_000 }, async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'huge.img'), '');
  await truncate(join(src, 'huge.img'), SIZE);
  await writeFile(join(src, 'small.txt'), 'after the big one\n');
  await setMtimes(src);
  const out = join(root, 'out');
  await mkdir(out);
  const key = testKey();
  const r = await pack(baseOptions([src], out, key.signingKey));
  const payload = join(r.packageDir, 'payload.tar');
  try {
    const huge = r.manifest.entries.find((e) => e.path === 'src/huge.img')!;
    assert.equal(huge.size, SIZE);
    // src/ header, huge.img header + data padded to 512, small.txt header + one data block, end blocks.
    assert.equal(r.manifest.payload.size, 512 + 512 + (SIZE + 511) + 512 + 512 + 1024);

    // Read only the first two header blocks (src/, src/huge.img) from disk.
    const fh = await open(payload, 'r');
    const head = Buffer.alloc(1024);
    await fh.read(head, 0, 1024, 0);
    await fh.close();
    assert.deepEqual(readRawTar(Buffer.concat([head.subarray(0, 512), Buffer.alloc(1024)])).headers.map((h) => h.name), ['src/']);
    assert.equal(head.subarray(512, 512 + 12).toString('latin1'), 'src/huge.img');
    const sizeField = head.subarray(512 + 124, 512 + 136);
    assert.equal(sizeField[0], 0x80, 'GNU base-256 marker');
    assert.equal(sizeField.readBigUInt64BE(4), BigInt(SIZE));
    assert.ok(sizeField.subarray(1, 4).every((b) => b === 0));

    const gnu = run('tar', ['-tvf', payload]);
    assert.equal(gnu.code, 0, gnu.stderr);
    assert.match(gnu.stdout, new RegExp(`\\s${SIZE}\\s[^\\n]*src/huge\\.img`));
    assert.match(gnu.stdout, /src\/small\.txt/);
    const bsd = run('bsdtar', ['-tvf', payload]);
    assert.equal(bsd.code, 0, bsd.stderr);
    assert.match(bsd.stdout, new RegExp(`\\s${SIZE}\\s[^\\n]*src/huge\\.img`));
    const py = run('python3', ['-c', 'import sys,tarfile\nfor m in tarfile.open(sys.argv[1]): print(m.name, m.size)', payload]);
    assert.equal(py.code, 0, py.stderr);
    assert.match(py.stdout, new RegExp(`^src/huge\\.img ${SIZE}$`, 'm'));
    assert.match(py.stdout, /^src\/small\.txt 18$/m);

    // Content round trip: the 8 GiB body through GNU tar to sha256sum, without touching the disk.
    const streamed = run('bash', ['-o', 'pipefail', '-c', `tar -xOf '${payload}' src/huge.img | sha256sum`]);
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.equal(streamed.stdout.slice(0, 64), huge.sha256);
    // The entry after the huge one, extracted by bsdtar and by python's data filter.
    const bsdOut = join(root, 'bsd');
    await mkdir(bsdOut);
    const bsdx = run('bsdtar', ['-xf', payload, '-C', bsdOut, 'src/small.txt']);
    assert.equal(bsdx.code, 0, bsdx.stderr);
    assert.equal(await readFile(join(bsdOut, 'src/small.txt'), 'utf8'), 'after the big one\n');
    const pyOut = join(root, 'py');
    const pyx = run('python3', ['-c', [
      'import sys,tarfile',
      'with tarfile.open(sys.argv[1]) as tf:',
      '    tf.extractall(sys.argv[2], members=[tf.getmember("src/small.txt")], filter="data")',
    ].join('\n'), payload, pyOut]);
    assert.equal(pyx.code, 0, pyx.stderr);
    assert.equal(await readFile(join(pyOut, 'src/small.txt'), 'utf8'), 'after the big one\n');
    // Sluice's own strict reader: base-256 size, 8 GiB body hashed, clean end.
    const store = { keys: [{ ...key.publicKey, label: 'test', fingerprint: '', file: '' }], revoked: [] };
    const report = await verifyPackage(r.packageDir, { store, now: CREATED });
    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
  } finally {
    await rm(r.packageDir, { recursive: true, force: true });
  }
});
