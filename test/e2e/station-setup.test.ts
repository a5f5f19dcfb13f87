// E2E in real Chromium through the bridge: a fresh import station is set up through the set-up
// screen with no folder made by the test — main creates every folder (0700); Settings → Folders
// lists them; a folder removed later is named on the import screen (is the volume mounted?) and
// not re-created; Change… goes through main's dialog and is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { e2eSuite, skipReason } from './helpers';
import { setUpThroughApp } from './station-setup';
import { STATION_FOLDERS, folderPath } from '../../shared/settings';

const suite = e2eSuite('sluice-e2e-setup-');

test('set-up through the app creates every folder; a missing one is named, never re-created; Change… uses main\'s dialog', { skip: skipReason, timeout: 60_000 }, async () => {
  const s = await suite.station('fresh', 'setup');
  const data = join(suite.root, 'fresh', 'data');
  assert.equal(existsSync(data), false, 'the test made no folder');
  await s.page.getByRole('heading', { name: 'Set up this station' }).waitFor();
  const settings = await setUpThroughApp(s, 'IMPORT', data);
  await s.shot('created');
  for (const which of STATION_FOLDERS) {
    const st = await stat(folderPath(settings, which));
    assert.ok(st.isDirectory(), which);
    assert.equal(st.mode & 0o777, 0o700, `${which} is private`);
  }

  const { page } = s;
  await page.getByRole('button', { name: 'Settings' }).click();
  const table = page.getByRole('table', { name: 'Station folders' });
  await table.getByText(settings.paths.importDir, { exact: true }).waitFor();
  assert.equal(await table.getByText('MISSING').count(), 0);
  await s.shot('folders');

  // The inbox volume goes away: the import screen names the folder and what to do.
  await rm(settings.paths.inboxDir, { recursive: true });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Refresh the inbox' }).click();
  await page.getByText(/The inbox folder .* is missing — is the data volume mounted\? Sluice does not re-create it/).first().waitFor();
  await s.shot('inbox-missing');
  assert.equal(existsSync(settings.paths.inboxDir), false, 'not re-created');

  // Change… the inbox: main's (scripted) dialog answers, main checks and saves.
  const newInbox = join(suite.root, 'fresh', 'media-inbox');
  await mkdir(newInbox);
  await page.getByRole('button', { name: 'Settings' }).click();
  await table.getByText('MISSING').waitFor();
  s.bridge.nextDialog(newInbox);
  await page.getByRole('button', { name: 'Change the inbox folder' }).click();
  await table.getByText(newInbox, { exact: true }).waitFor();
  const saved = await s.bridge.invoke('settings:get');
  assert.equal((saved.value as typeof settings).paths.inboxDir, newInbox);
  assert.deepEqual(s.errors, []);
});
