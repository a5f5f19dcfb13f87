/**
 * The extraction defence (docs/SECURITY.md): every file is created with O_CREAT|O_EXCL|O_NOFOLLOW,
 * so nothing already in the staging directory — a link planted there, or a file — is ever followed
 * or overwritten. Tested at the extract-sink level, where the staging directory can be prepared:
 * with O_TRUNC instead, the link below would be followed and the file outside truncated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExtractSink } from '../../../electron/engine/import/extract-sink';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { makeTempDir } from '../../helpers/tmp';

const BODY = Buffer.from('bytes from the package\n');
const fileEntry = (path: string): ManifestEntry => ({
  path, type: 'file', size: BODY.length, mode: '0644', mtime: 1_700_000_000,
  sha256: '0000000000000000000000000000000000000000000000000000000000000000',
});

/** Runs one file entry through the sink the way the payload pass does; returns the error, if any. */
async function extractOne(root: string, entry: ManifestEntry): Promise<NodeJS.ErrnoException | null> {
  const sink = new ExtractSink(root);
  try {
    await sink.begin(entry);
    await sink.data(entry, BODY);
    await sink.end(entry, true);
    return null;
  } catch (e) {
    await sink.abort();
    return e as NodeJS.ErrnoException;
  }
}

test('a symbolic link already in staging is not followed: the file it points at stays as it was', async (t) => {
  const dir = await makeTempDir(t, 'sluice-extract-link-');
  const staging = join(dir, 'staging');
  await mkdir(staging);
  const outside = join(dir, 'outside.txt');
  await writeFile(outside, 'precious\n');
  await symlink(outside, join(staging, 'a.txt'));

  const err = await extractOne(staging, fileEntry('a.txt'));
  assert.ok(err, 'extraction through a planted link must fail');
  assert.ok(err.code === 'EEXIST' || err.code === 'ELOOP', String(err));
  assert.equal(await readFile(outside, 'utf8'), 'precious\n');
  assert.equal(await readlink(join(staging, 'a.txt')), outside, 'the link is left alone, not replaced');
});

test('a dangling symbolic link in staging is not followed to create a file outside', async (t) => {
  const dir = await makeTempDir(t, 'sluice-extract-dangling-');
  const staging = join(dir, 'staging');
  await mkdir(staging);
  const target = join(dir, 'created-outside.txt');
  await symlink(target, join(staging, 'a.txt'));

  const err = await extractOne(staging, fileEntry('a.txt'));
  assert.ok(err, 'extraction through a dangling link must fail');
  await assert.rejects(lstat(target), { code: 'ENOENT' });
});

test('a file already in staging is not overwritten or truncated', async (t) => {
  const dir = await makeTempDir(t, 'sluice-extract-file-');
  const staging = join(dir, 'staging');
  await mkdir(staging);
  await writeFile(join(staging, 'a.txt'), 'already here\n');

  const err = await extractOne(staging, fileEntry('a.txt'));
  assert.equal(err?.code, 'EEXIST');
  assert.equal(await readFile(join(staging, 'a.txt'), 'utf8'), 'already here\n');
});

test('control: into an empty staging directory the same entry is extracted with its mode and mtime', async (t) => {
  const dir = await makeTempDir(t, 'sluice-extract-ok-');
  assert.equal(await extractOne(dir, fileEntry('a.txt')), null);
  assert.deepEqual(await readFile(join(dir, 'a.txt')), BODY);
  const st = await lstat(join(dir, 'a.txt'));
  assert.equal(st.mode & 0o777, 0o644);
  assert.equal(st.mtimeMs, 1_700_000_000_000);
});
