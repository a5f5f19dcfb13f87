import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import type { Settings } from '../../../shared/settings';
import { toSettings, valuesFrom } from '../../../renderer/setup/setup-form';
import { settingsFixture } from '../fake-api';

test('first run: set-up lists what is missing, then saves and shows only that side', async () => {
  let saved: Settings | null = null;
  const { fake } = await renderApp({
    'settings:get': () => ({ ok: true, value: saved }),
    'settings:save': (r) => { saved = r.settings; return { ok: true, value: r.settings }; },
    'dialog:openFolder': () => ({ ok: true, value: { canceled: false, paths: ['/srv/sluice'] } }),
  });
  await screen.findByRole('heading', { name: 'Set up this station' });
  fireEvent.click(screen.getByRole('button', { name: 'Finish set-up' }));
  assert.ok(await screen.findByText('Choose whether this station exports or imports.'));
  fireEvent.click(screen.getByLabelText(/IMPORT — the secure side/));
  fireEvent.change(screen.getByLabelText(/^Network id/), { target: { value: 'HIGH' } });
  fireEvent.change(screen.getByLabelText(/^Station name/), { target: { value: 'High desk' } });
  fireEvent.click(screen.getByRole('button', { name: 'Choose the data folder…' }));
  await screen.findByText('/srv/sluice/ledger.jsonl');
  fireEvent.click(screen.getByRole('button', { name: 'Finish set-up' }));
  assert.ok(await screen.findByText('Name at least one security officer (one per line).'));
  fireEvent.change(screen.getByLabelText(/^Security officers/), { target: { value: 'Oscar Officer\n\n Ines Officer ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Finish set-up' }));
  await screen.findByRole('navigation', { name: 'Sections' });
  assert.equal(fake.callsOf('settings:save').length, 1);
  assert.deepEqual(saved!.people.officers, ['Oscar Officer', 'Ines Officer']);
  assert.equal(saved!.paths.trustDir, '/srv/sluice/trust');
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
