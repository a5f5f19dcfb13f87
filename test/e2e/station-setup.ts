/**
 * E2E stations set up THROUGH THE APP: the set-up screen in the page, the data folder answered by
 * the bridge's scripted dialog, and main (`station:setup`) creating every folder. The test makes no
 * folder itself — what a fresh station has is what set-up made. `stationSettings` describes the
 * same station as data (for assertions, or a scenario that calls the handler table directly).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Settings } from '../../shared/settings';
import type { Bridge } from './bridge/server';

/** The people every E2E station has. */
export const PEOPLE = { operators: ['Olga Operator'], witnesses: ['Wim Witness'], officers: ['Oscar Officer'] };

/** An IMPORT (HIGH) or EXPORT (LOW) station with every folder where set-up proposes it under `dataDir`. */
export function stationSettings(role: 'EXPORT' | 'IMPORT', dataDir: string): Settings {
  return {
    version: 2, role, networkId: role === 'EXPORT' ? 'LOW' : 'HIGH', stationName: role === 'EXPORT' ? 'Low desk' : 'High desk',
    people: PEOPLE,
    paths: {
      keysDir: join(dataDir, 'keys'), trustDir: join(dataDir, 'trust'), inboxDir: join(dataDir, 'inbox'), quarantineDir: join(dataDir, 'quarantine'),
      importDir: join(dataDir, 'imported'), recordsDir: join(dataDir, 'records'), ledgerFile: join(dataDir, 'ledger', 'ledger.jsonl'),
    },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d', destination: 'HIGH' },
  };
}

/**
 * Sets up a fresh station through the set-up screen: role, network id, name, people, the data
 * folder chosen in (scripted) dialog, then "Create the station". Waits for the app's sections and
 * checks the saved settings are exactly `stationSettings(role, dataDir)`.
 */
export async function setUpThroughApp(s: { page: Page; bridge: Bridge }, role: 'EXPORT' | 'IMPORT', dataDir: string): Promise<Settings> {
  const { page, bridge } = s;
  const want = stationSettings(role, dataDir);
  await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
  await page.getByLabel(role === 'EXPORT' ? /EXPORT — the connected side/ : /IMPORT — the secure side/).check();
  await page.getByLabel(/^Network id/).fill(want.networkId);
  await page.getByLabel(/^Station name/).fill(want.stationName);
  await page.getByLabel(/^Operators/).fill(PEOPLE.operators.join('\n'));
  await page.getByLabel(/^Witnesses/).fill(PEOPLE.witnesses.join('\n'));
  await page.getByLabel(/^Security officers/).fill(PEOPLE.officers.join('\n'));
  bridge.nextDialog(dataDir);
  await page.getByRole('button', { name: 'Choose the data folder…' }).click();
  await page.getByTestId('proposed-folders').getByText(want.paths.importDir, { exact: true }).waitFor();
  await page.getByLabel(/^Default classification/).fill(want.defaults.classification);
  await page.getByLabel(/^Default destination network/).fill(want.defaults.destination!);
  await page.getByRole('button', { name: 'Create the station' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  const saved = await bridge.invoke('settings:get');
  assert.ok(saved.ok, JSON.stringify(saved.error));
  assert.deepEqual(saved.value, want, 'the set-up screen saved the station as proposed');
  return want;
}
