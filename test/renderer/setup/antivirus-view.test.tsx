import 'global-jsdom/register';
import '../setup-dom';
// Settings → Antivirus, the scan result components and the machine-answered checklist item: a
// change names the person and goes to main's scan:* channels (never settings:save); a settings save
// keeps the scan block; findings are listed by file and signature; a machine answer has no input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture, TEMPLATES } from '../fake-api';
import { toSettings, valuesFrom } from '../../../renderer/setup/setup-form';
import { StagedScan } from '../../../renderer/components/scan-result';
import { ChecklistForm } from '../../../renderer/components/checklist-form';
import type { ScanStatusView } from '../../../shared/ipc/views';
import { EXPORT_STEPS } from '../../../renderer/store/export-rules';

const STATUS: ScanStatusView = { policy: 'required', clamavDb: '/srv/clamav', clamdSocket: null, engine: { engine: 'ClamAV', engineVersion: '1.4.6', database: 'daily 27456 (2026-11-28)' }, problem: null };

test('Settings → Antivirus: the policy changes only with a person named, through scan:setPolicy', async () => {
  const settings = settingsFixture({ scan: { policy: 'required', clamavDb: '/srv/clamav' } });
  const { fake, store } = await renderApp({
    'settings:get': () => ({ ok: true, value: settings }),
    'scan:status': () => ({ ok: true, value: STATUS }),
    'scan:setPolicy': (r) => ({ ok: true, value: { ...STATUS, policy: r.policy } }),
  });
  store.getState().setScreen('settings');
  const section = await screen.findByTestId('antivirus-settings');
  await within(section).findByText('daily 27456 (2026-11-28)');
  const optional = within(section).getByLabelText(/Optional — the operator chooses/) as HTMLInputElement;
  assert.equal(optional.disabled, true, 'no change without a person');
  fireEvent.change(within(section).getByLabelText('Changed by'), { target: { value: 'Oscar Officer' } });
  fireEvent.click(optional);
  await waitFor(() => assert.equal(fake.callsOf('scan:setPolicy').length, 1));
  assert.deepEqual(fake.callsOf('scan:setPolicy')[0], { policy: 'optional', actor: 'Oscar Officer' });
  assert.equal(fake.callsOf('settings:save').length, 0);
  await waitFor(() => assert.equal((within(section).getByLabelText(/Optional — the operator chooses/) as HTMLInputElement).checked, true));
});

test('a settings save keeps the scan block exactly as main saved it', () => {
  const s = settingsFixture({ scan: { policy: 'required', clamavDb: '/srv/clamav' } });
  const r = toSettings({ ...valuesFrom(s), stationName: 'Renamed desk' }, s);
  assert.ok(r.ok);
  assert.deepEqual(r.settings.scan, { policy: 'required', clamavDb: '/srv/clamav' });
});

test('the staged scan lists every finding by file and signature; clean names engine and signatures', () => {
  render(<StagedScan scan={{ engine: 'ClamAV', engineVersion: '1.4.6', database: 'custom: t.ndb', filesScanned: 2, verdict: 'found', findings: [{ path: 'drop/payload.bin', signature: 'Test.Sig.UNOFFICIAL' }] }} />);
  const row = screen.getByRole('table', { name: 'Antivirus findings' }).querySelector('tbody tr')!;
  assert.match(row.textContent!, /drop\/payload\.bin.*Test\.Sig\.UNOFFICIAL/);
  assert.ok(screen.getByText(/Approval is blocked; the only decision left is Reject/));
});

test('a machine-answered item shows the answer and the engine, with no input for the person', () => {
  const template = { ...TEMPLATES['export-pre'], items: TEMPLATES['export-pre'].items.map((i) => (i.id === 'scanned' ? { ...i, answeredBy: 'antivirus' as const } : i)) };
  const state = { answers: { scanned: true }, meta: { scanned: { by: 'ClamAV 1.4.6 (machine)', at: '2026-11-29T12:00:00Z' } } };
  render(<ChecklistForm template={template} state={state} people={['Olga Operator']} person="Olga Operator" onPersonChange={() => {}} onAnswer={() => assert.fail('no answer from a machine item')} />);
  const item = document.querySelector('[data-item="scanned"]')!;
  assert.equal(item.getAttribute('data-machine'), 'true');
  assert.equal(item.querySelector('input'), null);
  assert.match(item.textContent!, /Yes — answered by the machine \(ClamAV 1\.4\.6\), not by a person/);
});

test('before packing under "optional": the scan is ticked when the scanner answers, and the choice is what is sent', async () => {
  const { store } = await renderApp({
    'settings:get': () => ({ ok: true, value: settingsFixture({ scan: { policy: 'optional', clamavDb: '/srv/clamav' } }) }),
    'scan:status': () => ({ ok: true, value: { ...STATUS, policy: 'optional' } }),
  });
  store.setState({ exportStep: EXPORT_STEPS.indexOf('Before packing') });
  const box = await screen.findByLabelText(/Scan every source file with ClamAV/) as HTMLInputElement;
  await waitFor(() => assert.equal(store.getState().avScan, true));
  assert.equal(box.checked, true);
  await screen.findByText('The sources will be scanned');
  fireEvent.click(box);
  await waitFor(() => assert.equal(store.getState().avScan, false));
  assert.equal(screen.queryByText('The sources will be scanned'), null);
});
