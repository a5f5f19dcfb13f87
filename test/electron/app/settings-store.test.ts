import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { sampleSettings } from './station-fixture';
import { makeTempDir } from '../../helpers/tmp';

test('first run has no settings; a save round-trips and leaves no temporary file', async (t) => {
  const dir = await makeTempDir(t);
  const store = createSettingsStore(join(dir, 'userdata'));
  assert.equal(await store.load(), null);
  const s = sampleSettings(dir);
  await store.save(s);
  assert.deepEqual(await store.load(), s);
  assert.deepEqual(await readdir(join(dir, 'userdata')), ['settings.json']);
  await store.save({ ...s, stationName: 'Renamed' });
  assert.equal((await store.load())!.stationName, 'Renamed');
});

test('an invalid settings file is refused with the reason, never half-used; an invalid save writes nothing', async (t) => {
  const dir = await makeTempDir(t);
  const store = createSettingsStore(dir);
  await writeFile(store.file, '{ not json');
  await assert.rejects(store.load(), { code: 'bad-settings', message: /not valid JSON/ });
  await writeFile(store.file, JSON.stringify({ ...sampleSettings(dir), role: 'BOTH' }));
  await assert.rejects(store.load(), (e: { code: string; details: { path: string }[] }) => e.code === 'bad-settings' && e.details[0]!.path === 'role');
  const before = await readFile(store.file, 'utf8');
  await assert.rejects(store.save({ ...sampleSettings(dir), networkId: 'has space' }), { code: 'bad-settings' });
  await assert.rejects(store.save({ ...sampleSettings(dir), paths: { ...sampleSettings(dir).paths, inboxDir: 'relative/inbox' } }), { code: 'bad-settings' });
  assert.equal(await readFile(store.file, 'utf8'), before);
});

test('a version-1 settings file is migrated on read: an import folder is proposed beside quarantine, not created', async (t) => {
  const dir = await makeTempDir(t);
  const store = createSettingsStore(dir);
  const v2 = sampleSettings(dir);
  const { importDir: _importDir, ...v1paths } = v2.paths;
  await writeFile(store.file, JSON.stringify({ ...v2, version: 1, paths: v1paths }));
  const loaded = await store.load();
  assert.equal(loaded!.version, 2);
  assert.equal(loaded!.paths.importDir, join(dir, 'imported'));
  assert.deepEqual((await readdir(dir)).sort(), ['settings.json'], 'nothing created');
  assert.equal(JSON.parse(await readFile(store.file, 'utf8')).version, 1, 'the file is rewritten only by the next save');
  await store.save(loaded!);
  assert.equal(JSON.parse(await readFile(store.file, 'utf8')).version, 2);
});
