// Describing a signature folder: official .cvd/.cld files by version and build date from their
// headers (daily's version leads), custom files by name and hash; an empty folder is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeClamDatabase } from '../../../electron/engine/scan/clamav-database';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';

const cvd = (version: number, seconds: number) => Buffer.concat([Buffer.from(`ClamAV-VDB:x:${version}:100:90:md5:dsig:builder:${seconds}`.padEnd(512, ' ')), Buffer.alloc(64)]);

test('official databases by version and date, custom ones by hash; daily leads', async (t) => {
  const dir = await makeTempDir(t);
  const db = join(dir, 'db');
  await mkdir(db);
  await writeFile(join(db, 'main.cvd'), cvd(62, 1631795520));
  await writeFile(join(db, 'daily.cld'), cvd(27456, 1795858200));
  await writeFile(join(db, 'local.hdb'), 'd41d8cd98f00b204e9800998ecf8427e:0:Empty.File\n');
  await writeFile(join(db, 'freshclam.dat'), 'not a database');
  const d = await describeClamDatabase(db);
  assert.deepEqual(d, {
    description: 'daily 27456 (2026-11-28), main 62 (2021-09-16), custom: local.hdb sha256:' + d.description.slice(-16),
    version: '27456',
    date: '2026-11-28T09:30:00Z',
  });
  assert.match(d.description, /sha256:[0-9a-f]{16}$/);
});

test('a folder with no signature file is av-database-missing', async (t) => {
  const dir = await makeTempDir(t);
  await writeFile(join(dir, 'freshclam.dat'), 'x');
  await assert.rejects(describeClamDatabase(dir), (e: unknown) => e instanceof SluiceError && e.code === 'av-database-missing');
});
