// E2E in real Chromium through the bridge, import side: the inbox lists a package still being
// copied as arriving (not offered) and the media of a set mounted now (real ext4 images on loop
// devices, listed by the app's own lister with loop devices included, limited to this test's
// images); the set is gathered into the inbox one medium at a time, after which the package is
// offered for checking. Screenshots: docs/screenshots/inbox-*.png with SLUICE_UPDATE_SCREENSHOTS=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHOTS_DIR, e2eSuite, skipReason } from './helpers';
import { setUpThroughApp } from './station-setup';
import { pack } from '../../electron/engine/pack/pack';
import { ejectMedium, listMedia, writeMediaSet } from '../../electron/engine/media';
import { makeTestKey } from '../helpers/keys';
import { ext4Medium, mediaBench, mediaSkipReason } from '../helpers/media';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const suite = e2eSuite('sluice-e2e-inbox-');
const skip = skipReason || mediaSkipReason();

async function publishShot(name: string): Promise<void> {
  if (process.env.SLUICE_UPDATE_SCREENSHOTS !== '1') return;
  const shots = (await readdir(SHOTS_DIR)).filter((n) => new RegExp(`^media-inbox-\\d+-${name}\\.png$`).test(n)).sort();
  assert.ok(shots.length, `a ${name} screenshot was taken`);
  await copyFile(join(SHOTS_DIR, shots.at(-1)!), join(REPO, 'docs/screenshots', `inbox-${name}.png`));
}

test('inbox: an arriving package is not offered; a set on two media is gathered medium by medium, then offered', { skip, timeout: 240_000 }, async (t) => {
  const bench = await mediaBench(t);
  const s = await suite.station('inbox', 'media-inbox', {
    media: { list: async (o) => (await listMedia({ ...o, includeLoop: true })).filter((m) => m.mountPoint.startsWith(`${bench.dir}/`)), eject: ejectMedium },
  });
  const data = join(suite.root, 'inbox', 'data');
  await setUpThroughApp(s, 'IMPORT', data);
  const { page } = s;

  const key = await makeTestKey(bench.dir);
  const packOne = async (id: string, bytes: number, volumeSize: number) => {
    const src = join(bench.dir, `src-${id}`);
    await mkdir(src);
    await writeFile(join(src, 'data.bin'), randomBytes(bytes));
    await mkdir(join(bench.dir, `out-${id}`));
    return pack({ sources: [src], outDir: join(bench.dir, `out-${id}`), signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: id, sequence: 1, expires: new Date(Date.now() + 86400_000), volumeSize });
  };
  // A package still being copied into the inbox (a diode's receive folder): its last volume is short.
  const copying = await packOne('T20261129-copying', 60_000, 20_000);
  const arriving = join(data, 'inbox', 'T20261129-copying');
  await mkdir(arriving);
  for (const f of await readdir(copying.packageDir)) await copyFile(join(copying.packageDir, f), join(arriving, f));
  await truncate(join(arriving, 'payload.tar.003'), 4096);
  // A set on two media, both inserted now (gathered one at a time all the same).
  const set = await packOne('T20261129-set', 14 * 1024 * 1024, 3 * 1024 * 1024);
  const m1 = await ext4Medium(bench.t, bench.dir, 'stick-1', 12);
  const m2 = await ext4Medium(bench.t, bench.dir, 'stick-2', 12);
  assert.equal((await writeMediaSet({ packageDir: set.packageDir, targets: [m1.mountPoint, m2.mountPoint] })).media.length, 2);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  // The inbox was listed when the screen opened, before anything arrived.
  await page.getByRole('button', { name: 'Refresh the inbox' }).click();
  const inbox = page.getByRole('table', { name: 'Inbox' });
  await inbox.waitFor();
  const rowOf = (text: string) => inbox.getByRole('row').filter({ hasText: text });
  await rowOf('T20261129-copying').getByText(/arriving: payload\.tar\.003 is still growing/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Check T20261129-copying', exact: true }).isDisabled(), true);
  await page.getByRole('button', { name: `Gather T20261129-set from ${m2.mountPoint}` }).waitFor();
  await s.shot('arrivals');

  await page.getByRole('button', { name: `Gather T20261129-set from ${m2.mountPoint}` }).click();
  await page.getByText('Medium 2 of 2 gathered; 1 to go: insert medium 1 and refresh.').waitFor({ timeout: 60_000 });
  await rowOf('T20261129-set.gathering').getByText(/being gathered: a media set being gathered: 1 of 2 media in/).waitFor();
  await s.shot('gathering');
  await page.getByRole('button', { name: `Gather T20261129-set from ${m1.mountPoint}` }).click();
  await page.getByRole('button', { name: 'Check T20261129-set', exact: true }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByRole('button', { name: 'Check T20261129-set', exact: true }).isDisabled(), false, `the gathered package is offered: ${await inbox.innerText()}`);
  assert.deepEqual((await readdir(join(data, 'inbox'))).sort(), ['T20261129-copying', 'T20261129-set']);
  await s.shot('gathered');
  assert.deepEqual(s.errors, []);
  await publishShot('gathering');
});
