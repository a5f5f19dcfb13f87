// Arrival from names and sizes: a real package copied into an inbox piece by piece is "arriving"
// until every file is there at its signed size, and again whenever its size changed since the last
// look; a .partial folder or a staging file inside is arriving; a gathering folder says how far
// the set is. Nothing here is verified (that comes next, for what is ready).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { arrivalOf } from '../../../electron/engine/media/arrival';
import { GATHER_STATE } from '../../../electron/engine/media/gather-one';
import { makeTestKey } from '../../helpers/keys';
import { makeTempDir } from '../../helpers/tmp';

test('a package copied file by file is arriving until complete; truncated volumes, .partial and changed sizes are arriving', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'data.bin'), randomBytes(64 * 1024));
  await mkdir(join(dir, 'out'));
  const p = await pack({ sources: [join(dir, 'src')], outDir: join(dir, 'out'), signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: 'T-arr', sequence: 1, expires: new Date(Date.now() + 86400_000), volumeSize: 20 * 1024 });
  const files = (await readdir(p.packageDir)).sort();
  const volumes = files.filter((f) => f.startsWith('payload.tar'));
  assert.ok(volumes.length >= 3);
  const inbox = join(dir, 'inbox', 'T-arr');
  await mkdir(inbox, { recursive: true });

  const empty = await arrivalOf(inbox);
  assert.equal(empty.state, 'arriving');
  assert.ok(empty.reasons.includes('manifest.json is not there yet'));
  // The volumes first, the manifest last: still arriving until the signature is in too.
  for (const v of volumes) await copyFile(join(p.packageDir, v), join(inbox, v));
  await copyFile(join(p.packageDir, 'manifest.json'), join(inbox, 'manifest.json'));
  assert.deepEqual((await arrivalOf(inbox)).reasons, ['manifest.json.minisig is not there yet']);
  for (const f of files) await copyFile(join(p.packageDir, f), join(inbox, f));
  const ready = await arrivalOf(inbox);
  assert.deepEqual([ready.state, ready.reasons], ['ready', []]);
  assert.equal((await arrivalOf(inbox, ready.bytes)).state, 'ready', 'same size as at the last look');

  // A volume still growing, or gone, names it.
  await truncate(join(inbox, volumes[1]!), 100);
  const growing = await arrivalOf(inbox, ready.bytes);
  assert.equal(growing.state, 'arriving');
  assert.ok(growing.reasons.some((r) => r.startsWith(`${volumes[1]} is still growing: 100 B of`)), growing.reasons.join('|'));
  assert.ok(growing.reasons.some((r) => /size changed since the last look/.test(r)));
  await rename(join(inbox, volumes[1]!), join(inbox, `${volumes[1]}.partial`));
  const staged = await arrivalOf(inbox);
  assert.ok(staged.reasons.includes(`${volumes[1]} is not there yet`));
  assert.ok(staged.reasons.some((r) => r.startsWith('files still being copied: payload.tar')));

  // A manifest cut short while it is copied does not parse yet: arriving, not offered.
  await copyFile(join(p.packageDir, volumes[1]!), join(inbox, volumes[1]!));
  await writeFile(join(inbox, 'manifest.json'), (await readFile(join(p.packageDir, 'manifest.json'))).subarray(0, 200));
  assert.ok((await arrivalOf(inbox)).reasons.includes('manifest.json does not parse yet (still being copied?)'));

  const partialDir = join(dir, 'inbox', 'T-two.partial');
  await mkdir(partialDir);
  assert.ok((await arrivalOf(partialDir)).reasons.includes('still being written (a .partial folder)'));
});

test('a gathering folder says how many media of the set are in', async (t) => {
  const dir = join(await makeTempDir(t), 'T-set.gathering');
  await mkdir(dir);
  await writeFile(join(dir, GATHER_STATE), JSON.stringify({ transferId: 'T-set', manifestSha256: 'a'.repeat(64), of: 3, media: [2] }));
  const a = await arrivalOf(dir);
  assert.deepEqual([a.state, a.reasons], ['gathering', ['a media set being gathered: 1 of 3 media in; insert the next medium']]);
});
