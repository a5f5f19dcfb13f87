// E2E in real Chromium through the bridge: the export target step lists removable media — real
// ext4 media in image files on loop devices, found by the app's own lister (lsblk and the mount
// table) with loop devices included and limited to this test's images (the bridge's `media`
// option; docs/ARCHITECTURE.md) — and a package larger than one medium is written across three,
// inserted one at a time as with one USB port: "medium 2 of 3: insert the next one", each read back
// and ejected (a real unmount), after which "medium ejected" is answered by the machine.
// Screenshots go to docs/screenshots/media-*.png with SLUICE_UPDATE_SCREENSHOTS=1 (the README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHOTS_DIR, answerChecklist, e2eSuite, fillExportDetails, skipReason, addSourceFolder } from './helpers';
import { setUpThroughApp } from './station-setup';
import { readLedger } from '../../electron/engine/ledger';
import { ejectMedium, listMedia } from '../../electron/engine/media';
import { ext4Medium, isMounted, mediaBench, mediaSkipReason, type TestMedium } from '../helpers/media';

const PASSPHRASE = 'e2e media operator words';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const suite = e2eSuite('sluice-e2e-media-');
const skip = skipReason || mediaSkipReason();

async function publishShot(name: string): Promise<void> {
  if (process.env.SLUICE_UPDATE_SCREENSHOTS !== '1') return;
  const shots = (await readdir(SHOTS_DIR)).filter((n) => new RegExp(`^media-set-\\d+-${name}\\.png$`).test(n)).sort();
  assert.ok(shots.length, `a ${name} screenshot was taken`);
  await copyFile(join(SHOTS_DIR, shots.at(-1)!), join(REPO, 'docs/screenshots', `media-${name}.png`));
}

test('a package larger than one medium: chosen from the media list, written across three media one at a time, each read back and ejected', { skip, timeout: 300_000 }, async (t) => {
  const bench = await mediaBench(t);
  const s = await suite.station('media', 'media-set', {
    media: {
      list: async (o) => (await listMedia({ ...o, includeLoop: true })).filter((m) => m.mountPoint.startsWith(`${bench.dir}/`)),
      eject: ejectMedium,
    },
  });
  const data = join(suite.root, 'media', 'data');
  await setUpThroughApp(s, 'EXPORT', data);
  assert.ok((await s.bridge.invoke('keys:generate', { name: 'low-op', passphrase: PASSPHRASE, actor: 'Olga Operator' })).ok);
  const { page, bridge } = s;
  await page.reload();
  await page.getByRole('heading', { name: /Step 1 of 9: Transfer details/ }).waitFor();
  const src = join(suite.root, 'media-src');
  await mkdir(src, { recursive: true });
  for (let i = 0; i < 3; i++) await writeFile(join(src, `scan-${i}.bin`), randomBytes(10 * 1024 * 1024));

  // Only the first medium is in (one USB port).
  const media: TestMedium[] = [await ext4Medium(bench.t, bench.dir, 'stick-1', 16)];
  await fillExportDetails(page, 'Quarterly scans');
  await addSourceFolder(page, bridge, src);
  await page.getByRole('button', { name: 'Next' }).click();
  await answerChecklist(page, 'export-pre');
  await page.getByRole('button', { name: 'Next' }).click();

  // The target step: the media list (never a system disk), and what packing onto this one means.
  const table = page.getByRole('table', { name: /Mounted removable media/ });
  await table.waitFor();
  assert.equal(await table.getByRole('row').count(), 2, 'one medium listed');
  await table.getByRole('button', { name: /^Use / }).click();
  await page.getByText(/A media set: about 3 media like this one/).waitFor();
  await s.shot('target');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Passphrase of the signing key').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Pack and sign' }).click();
  await page.getByRole('heading', { name: /Witness co-signature/ }).waitFor({ timeout: 60_000 });
  assert.deepEqual((await readdir(media[0]!.mountPoint)).sort(), ['lost+found'], 'packed on the station disk, not yet on the medium');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /: Manifest$/ }).waitFor();
  // "Onto the medium": beside the package on the station's disk now, onto every medium when written.
  await page.getByRole('button', { name: 'Save the manifest PDF onto the medium' }).click();
  await page.getByTestId('manifest-medium-message').waitFor({ timeout: 30_000 });
  const outbox = join(suite.root, 'media', 'userdata', 'outbox');
  const pdf = (await readdir(outbox)).find((n) => n.endsWith('.manifest.pdf'));
  assert.ok(pdf, 'the manifest PDF is beside the package in the outbox');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /After packing/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Record and finish' }).isDisabled(), true);

  for (let k = 1; k <= 3; k++) {
    if (k > 1) {
      await page.getByText(new RegExp(`^Medium ${k} of 3: insert the next one`)).waitFor();
      media.push(await ext4Medium(bench.t, bench.dir, `stick-${k}`, 16));
      await page.getByRole('button', { name: 'Refresh' }).click();
      if (k === 2) await s.shot('next');
    }
    await page.getByRole('button', { name: new RegExp(`^Write medium ${k}( of 3)? to ${media[k - 1]!.loop} `) }).click();
    await page.getByText(`Medium ${k} of 3 written and read back`).waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await s.shot('failure');
      throw new Error(`${String(e)}\n${await page.locator('section').last().innerText()}`);
    });
    if (k === 1) await s.shot('written');
    assert.ok((await readdir(media[k - 1]!.mountPoint)).includes(pdf), `the manifest PDF is on medium ${k}`);
    await page.getByRole('button', { name: `Eject medium ${k} of 3` }).click();
    await page.waitForFunction((mp) => !document.body.textContent?.includes(`Eject medium ${mp}`), `${k} of 3`);
    assert.equal(isMounted(media[k - 1]!.mountPoint), false, `medium ${k} unmounted`);
  }
  await page.getByText('Every medium is written, read back and ejected').waitFor();
  assert.equal(await page.locator('[data-item="medium-ejected"]').getByRole('checkbox').isChecked(), true, 'answered by the machine');
  await answerChecklist(page, 'export-post');
  await s.shot('ejected');
  await page.getByRole('button', { name: 'Record and finish' }).click();
  await page.getByTestId('export-summary').waitFor();

  const ledger = await readLedger(join(data, 'ledger', 'ledger.jsonl'));
  const written = ledger.filter((e) => e.event === 'media.written');
  assert.deepEqual(written.map((e) => [e.data.medium, e.data.of, e.data.verified, e.data.readBack]), [[1, 3, true, 'o_direct'], [2, 3, true, 'o_direct'], [3, 3, true, 'o_direct']]);
  const post = ledger.find((e) => e.event === 'checklist.completed' && (e.data as { stage: string }).stage === 'export-post')!;
  const item = (post.data as { records: { itemId: string; by: string; value: unknown }[] }).records.find((r) => r.itemId === 'medium-ejected');
  assert.match(item!.by, /machine.*3 of 3 media/);
  assert.deepEqual(s.errors, []);
  for (const name of ['target', 'next', 'written', 'ejected']) await publishShot(name);
});
