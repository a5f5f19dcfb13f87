import 'global-jsdom/register';
import '../setup-dom';
// Settings → Import policy: the witness requirement changes only with a person named, through
// main's policy:setWitnesses (never settings:save); a number outside 0–16 is refused on screen;
// main's refusal is shown; an export-only station has no such section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture } from '../fake-api';

test('Settings → Import policy: a change names the officer and goes to policy:setWitnesses', async () => {
  let settings = settingsFixture({ role: 'IMPORT', policy: { requireWitnesses: 2 } });
  const { fake, store } = await renderApp({
    'settings:get': () => ({ ok: true, value: settings }),
    'policy:setWitnesses': (r) => {
      settings = { ...settings, policy: { requireWitnesses: r.requireWitnesses } };
      return { ok: true, value: settings };
    },
  });
  store.getState().setScreen('settings');
  const section = await screen.findByTestId('witness-policy');
  assert.equal(within(section).getByTestId('witnesses-now').textContent, '2');
  const button = within(section).getByRole('button', { name: 'Change the import policy' }) as HTMLButtonElement;
  assert.equal(button.disabled, true, 'no change without a person');
  fireEvent.change(within(section).getByLabelText('Changed by'), { target: { value: 'Oscar Officer' } });
  const count = within(section).getByLabelText('Witness co-signatures required on import');
  fireEvent.change(count, { target: { value: '17' } });
  fireEvent.click(button);
  await within(section).findByText(/a whole number from 0 to 16/);
  assert.equal(fake.callsOf('policy:setWitnesses').length, 0);
  fireEvent.change(count, { target: { value: '1' } });
  fireEvent.click(button);
  await waitFor(() => assert.equal(fake.callsOf('policy:setWitnesses').length, 1));
  assert.deepEqual(fake.callsOf('policy:setWitnesses')[0], { requireWitnesses: 1, actor: 'Oscar Officer' });
  assert.equal(fake.callsOf('settings:save').length, 0);
  await waitFor(() => assert.equal(within(section).getByTestId('witnesses-now').textContent, '1'));
  assert.equal(screen.queryByLabelText(/Witness co-signatures required/, { selector: 'form input' }), null, 'the settings form has no witness field');
});

test('Settings → Import policy: main\'s refusal is shown and nothing changes', async () => {
  const { fake, store } = await renderApp({
    'settings:get': () => ({ ok: true, value: settingsFixture({ role: 'IMPORT', policy: { requireWitnesses: 1 } }) }),
    'policy:setWitnesses': () => ({ ok: false, error: { code: 'unknown-person', message: '"Oscar Officer" is not one of this station\'s security officers.' } }),
  });
  store.getState().setScreen('settings');
  const section = await screen.findByTestId('witness-policy');
  fireEvent.change(within(section).getByLabelText('Changed by'), { target: { value: 'Oscar Officer' } });
  fireEvent.change(within(section).getByLabelText('Witness co-signatures required on import'), { target: { value: '0' } });
  fireEvent.click(within(section).getByRole('button', { name: 'Change the import policy' }));
  await within(section).findByText(/is not one of this station's security officers/);
  assert.equal(fake.callsOf('policy:setWitnesses').length, 1);
  assert.equal(within(section).getByTestId('witnesses-now').textContent, '1');
});

test('an export-only station shows no import policy', async () => {
  const { store } = await renderApp({ 'settings:get': () => ({ ok: true, value: settingsFixture() }) });
  store.getState().setScreen('settings');
  await screen.findByTestId('antivirus-settings');
  assert.equal(screen.queryByTestId('witness-policy'), null);
});
