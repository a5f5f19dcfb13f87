// Package files are staged as NAME.partial, made durable side by side, then renamed in order
// (durable.ts): nothing is renamed unless every file is durable, every file is closed whatever
// fails, and a staged file's bytes are exactly what was written, piece by piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitStaged, stageFile, type StagedFile } from '../../../electron/engine/pack/durable';
import { makeTempDir } from '../../helpers/tmp';
import { openUnder } from '../../helpers/open-files';

test('a staged file holds what was written, stays .partial until committed, and is made durable once', async (t) => {
  const dir = await makeTempDir(t);
  const f = await stageFile(dir, 'a.txt', (write) => { write(Buffer.from('one ')); write(Buffer.from('two')); });
  assert.deepEqual(await readdir(dir), ['a.txt.partial']);
  await Promise.all([f.durable(), f.durable()]);
  await f.durable();
  await f.commit();
  assert.deepEqual(await readdir(dir), ['a.txt']);
  assert.equal(await readFile(join(dir, 'a.txt'), 'utf8'), 'one two');
});

test('a producer that throws leaves its partial file closed and the error thrown', async (t) => {
  const dir = await makeTempDir(t);
  await assert.rejects(stageFile(dir, 'b.txt', () => { throw new Error('no bytes'); }), /no bytes/);
  assert.deepEqual(await readdir(dir), ['b.txt.partial']);
  assert.deepEqual(await openUnder(dir), [], 'its descriptor is closed');
});

test('commitStaged renames in the order given, and nothing at all when one file cannot be made durable', async () => {
  const log: string[] = [];
  const file = (name: string, fails = false): StagedFile => ({
    durable: async () => { log.push(`sync ${name}`); if (fails) throw new Error(`EIO on ${name}`); },
    commit: async () => { log.push(`rename ${name}`); },
  });
  await commitStaged([file('x'), file('y'), file('z')]);
  assert.deepEqual(log.filter((l) => l.startsWith('rename')), ['rename x', 'rename y', 'rename z']);
  assert.ok(log.indexOf('rename x') > log.lastIndexOf('sync z'), 'every file durable before the first rename');
  log.length = 0;
  await assert.rejects(commitStaged([file('x'), file('y', true), file('z')]), /EIO on y/);
  assert.deepEqual(log, ['sync x', 'sync y', 'sync z'], 'every file was still closed; none renamed');
});
