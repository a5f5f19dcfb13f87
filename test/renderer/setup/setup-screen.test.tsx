import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import type { Settings } from '../../../shared/settings';
import { toSettings, valuesFrom } from '../../../renderer/setup/setup-form';
import { settingsFixture } from '../fake-api';

test('first run: set-up lists what is missing, proposes every folder, then main creates the station and only that side shows', async () => {
  let saved: Settings | null = null;
  const { fake } = await renderApp({
    'settings:get': () => ({ ok: true, value: saved }),
    'station:setup': (r) => { saved = r.settings; return { ok: true, value: { settings: r.settings, created: [] } }; },
    'dialog:openFolder': () => ({ ok: true, value: { canceled: false, paths: ['/srv/sluice'] } }),
  });
  await screen.findByRole('heading', { name: 'Set up this station' });
  fireEvent.click(screen.getByRole('button', { name: 'Create the station' }));
  assert.ok(await screen.findByText('Choose whether this station exports or imports.'));
  fireEvent.click(screen.getByLabelText(/IMPORT — the secure side/));
  fireEvent.change(screen.getByLabelText(/^Network id/), { target: { value: 'HIGH' } });
  fireEvent.change(screen.getByLabelText(/^Station name/), { target: { value: 'High desk' } });
  fireEvent.click(screen.getByRole('button', { name: 'Choose the data folder…' }));
  await screen.findByText('/srv/sluice/ledger/ledger.jsonl');
  const proposed = screen.getByTestId('proposed-folders').textContent!;
  for (const f of ['keys', 'trust', 'inbox', 'quarantine', 'imported', 'records']) assert.ok(proposed.includes(`/srv/sluice/${f}`), f);
  fireEvent.click(screen.getByRole('button', { name: 'Create the station' }));
  assert.ok(await screen.findByText('Name at least one security officer (one per line).'));
  fireEvent.change(screen.getByLabelText(/^Security officers/), { target: { value: 'Oscar Officer\n\n Ines Officer ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create the station' }));
  await screen.findByRole('navigation', { name: 'Sections' });
  assert.equal(fake.callsOf('station:setup').length, 1);
  assert.equal(fake.callsOf('settings:save').length, 0, 'first run goes through station:setup only');
  assert.deepEqual(saved!.people.officers, ['Oscar Officer', 'Ines Officer']);
  assert.equal(saved!.paths.trustDir, '/srv/sluice/trust');
  assert.equal(saved!.paths.quarantineDir, '/srv/sluice/quarantine');
  assert.equal(saved!.paths.importDir, '/srv/sluice/imported');
  assert.ok(screen.getByRole('button', { name: 'Import' }));
  assert.equal(screen.queryByRole('button', { name: 'Export' }), null, 'an import station shows no export flow');
  await waitFor(() => assert.ok(screen.getByRole('heading', { name: /Choose package/ })));
});

test('allowBothSides shows both flows', async () => {
  await renderApp({ 'settings:get': () => ({ ok: true, value: settingsFixture({ allowBothSides: true }) }) });
  assert.ok(await screen.findByRole('button', { name: 'Export' }));
  assert.ok(screen.getByRole('button', { name: 'Import' }));
});

test('settings round-trip through the form values unchanged', () => {
  const s = settingsFixture({ role: 'IMPORT' });
  const r = toSettings(valuesFrom(s), s);
  assert.ok(r.ok);
  assert.deepEqual(r.settings, s);
});

test('the import station\'s witness requirement survives a save exactly; the form has no field for it', () => {
  const s = { ...settingsFixture({ role: 'IMPORT' }), policy: { requireWitnesses: 2, replayWindow: 8 } };
  const kept = toSettings({ ...valuesFrom(s), stationName: 'Renamed desk' }, s);
  assert.ok(kept.ok);
  assert.deepEqual(kept.settings.policy, { requireWitnesses: 2, replayWindow: 8 }, 'saving a name change does not drop or change the two-person rule');
  assert.ok(!('requireWitnesses' in valuesFrom(s)), 'it changes only in Settings → Import policy (policy:setWitnesses, ledgered)');
  const fresh = toSettings({ ...valuesFrom(s), stationName: 'Renamed desk' }, { ...s, policy: undefined });
  assert.ok(fresh.ok && fresh.settings.policy === undefined);
});

test('settings: the form never changes a folder; Folders shows each one and Change… asks main', async () => {
  const s = settingsFixture({ role: 'IMPORT' });
  const folders = [
    { which: 'keysDir', title: 'keys folder', path: '/data/keys', exists: true },
    { which: 'quarantineDir', title: 'quarantine folder', path: '/data/q', exists: false },
  ] as const;
  const { fake } = await renderApp({
    'settings:get': () => ({ ok: true, value: s }),
    'settings:folders': () => ({ ok: true, value: folders.map((f) => ({ ...f })) }),
    'settings:chooseFolder': () => ({ ok: true, value: { canceled: false, settings: { ...s, paths: { ...s.paths, keysDir: '/other/keys' } } } }),
    'settings:save': (r) => ({ ok: true, value: r.settings }),
  }, (st) => st.setState({ screen: 'settings' }));
  await screen.findByRole('table', { name: 'Station folders' });
  assert.equal(screen.queryByLabelText(/^Data folder/), null, 'no data folder field after set-up');
  assert.ok(screen.getByText(/The quarantine folder/).textContent!.includes('is the data volume mounted?'));
  fireEvent.click(screen.getByRole('button', { name: 'Change the keys folder' }));
  await waitFor(() => assert.deepEqual(fake.callsOf('settings:chooseFolder'), [{ which: 'keysDir' }]));
  fireEvent.change(screen.getByLabelText(/^Station name/), { target: { value: 'Renamed desk' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
  await waitFor(() => assert.equal(fake.callsOf('settings:save').length, 1));
  const sent = (fake.callsOf('settings:save')[0] as { settings: Settings }).settings;
  assert.equal(sent.stationName, 'Renamed desk');
  assert.equal(sent.paths.keysDir, '/other/keys', 'the folder main chose, not one from the form');
});
