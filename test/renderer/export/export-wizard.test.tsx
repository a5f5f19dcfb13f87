import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, within, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import type { ScanView } from '../../../shared/ipc/contract';

const next = () => screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;
const scanOf = (refuse: boolean): ScanView => ({
  entries: [{ path: 'docs', type: 'dir', size: 0 }, { path: 'docs/a.txt', type: 'file', size: 2048 }],
  refusals: refuse ? [{ path: 'docs/link', reason: 'is a symbolic link; the packer takes regular files and folders only' }] : [],
  totals: { files: 1, directories: 1, bytes: 2048 },
});

test('details: Next stays disabled, with the reason, until the purpose is given', async () => {
  await renderApp();
  await screen.findByRole('heading', { name: /Step 1 of 7: Transfer details/ });
  assert.equal(next().disabled, true);
  assert.ok(screen.getByText('Say what the transfer is for.'));
  fireEvent.change(screen.getByLabelText(/^Purpose/), { target: { value: 'Monthly report' } });
  assert.equal(next().disabled, false);
  fireEvent.change(screen.getByLabelText(/^Expires after/), { target: { value: 'soon' } });
  assert.equal(next().disabled, true);
  assert.ok(screen.getAllByText(/Write the expiry as a duration/).length >= 1);
});

test('sources: the engine refusals are listed per file and block Next until removed', async () => {
  let refuse = true;
  const { store } = await renderApp({
    'dialog:openFolder': () => ({ ok: true, value: { canceled: false, paths: ['/home/o/docs'] } }),
    'sources:scan': () => ({ ok: true, value: scanOf(refuse) }),
  }, (s) => s.setState({ exportStep: 1 }));
  fireEvent.click(await screen.findByRole('button', { name: 'Add a folder…' }));
  const table = await screen.findByRole('table', { name: 'Refused items' });
  assert.match(within(table).getByText('docs/link').textContent!, /docs\/link/);
  assert.ok(within(table).getByText(/symbolic link/));
  assert.equal(next().disabled, true);
  refuse = false;
  await act(() => store.getState().addSources(['/home/o/other']));
  assert.equal(screen.queryByRole('table', { name: 'Refused items' }), null);
  assert.match(screen.getByTestId('scan-totals').textContent!, /1 file\(s\), 1 folder\(s\), 2.00 KiB/);
  assert.equal(next().disabled, false);
});

test('pre-pack checklist: Next disabled until every required item is answered; answers are stamped', async () => {
  await renderApp({}, (s) => s.setState({ exportStep: 2 }));
  await screen.findByRole('heading', { name: /Before packing/ });
  assert.equal(next().disabled, true);
  fireEvent.click(screen.getByLabelText(/Sources scanned for malware/));
  assert.equal(next().disabled, true, 'seal number still missing');
  fireEvent.change(screen.getByLabelText(/Seal number/), { target: { value: '12ab' } });
  assert.ok(screen.getByText(/This answer does not match the expected format \(six digits\)/));
  assert.equal(next().disabled, true);
  fireEvent.change(screen.getByLabelText(/Seal number/), { target: { value: '123456' } });
  assert.equal(next().disabled, false, 'the optional choice item does not block');
  assert.equal(screen.getAllByText(/Answered by Olga Operator at \d{4}-\d\d-\d\dT/).length, 2);
  fireEvent.click(next());
  await screen.findByRole('heading', { name: /Step 4 of 7: Target/ });
});

test('target: a medium without room is refused with FAIL in words and blocks Next', async () => {
  await renderApp({
    'dialog:chooseTarget': () => ({ ok: true, value: { canceled: false, path: '/media/usb', freeBytes: 1000, totalBytes: 4000, filesystem: 'vfat', maxFileBytes: 2 ** 32 - 1 } }),
  }, (s) => s.setState({ exportStep: 3, sources: ['/x'], scan: scanOf(false) }));
  fireEvent.click(await screen.findByRole('button', { name: 'Choose the target folder…' }));
  await screen.findByText('This target cannot take the package');
  assert.match(screen.getByText('Space check').nextElementSibling!.textContent!, /FAIL/);
  assert.equal(screen.getAllByText(/has 1000 B free, but the package needs about/).length, 2, 'in the notice and beside Next');
  assert.equal(next().disabled, true);
});

test('pack: progress shows bytes, rate, time left and the file; Cancel cancels the job; done moves on', async () => {
  const { fake, store } = await renderApp({ 'job:start': () => ({ ok: true, value: { jobId: 'job-1' } }), 'job:cancel': () => ({ ok: true, value: { cancelled: true } }) },
    (s) => s.setState({ exportStep: 4, sources: ['/x'], scan: scanOf(false), target: { canceled: false, path: '/media/usb', freeBytes: 1e9, totalBytes: 2e9, filesystem: 'ext4', maxFileBytes: null } }));
  store.getState().setExportDetails({ purpose: 'p', operator: 'Olga Operator', destination: 'HIGH' });
  store.getState().answerPre('scanned', true, 'Olga Operator');
  store.getState().answerPre('seal', '123456', 'Olga Operator');
  const pass = await screen.findByLabelText('Passphrase of the signing key');
  await screen.findByRole('option', { name: /low-2026/ });
  fireEvent.change(pass, { target: { value: 'hunter22hunter' } });
  fireEvent.click(screen.getByRole('button', { name: 'Pack and sign' }));
  await waitFor(() => assert.equal(store.getState().packJobId, 'job-1', JSON.stringify([store.getState().exportError, store.getState().keyName, store.getState().settings?.networkId, fake.calls.map((c) => c.channel)])));
  assert.equal((pass as HTMLInputElement).value, '', 'the passphrase field is cleared');
  assert.equal(screen.queryByRole('button', { name: 'Back' }), null, 'no Back while packing');
  act(() => fake.emit('job:progress', { jobId: 'job-1', phase: 'pack', bytesDone: 50 * 1048576, bytesTotal: 200 * 1048576, rate: 25 * 1048576, eta: 6, currentFile: 'docs/a.txt' }));
  const text = screen.getByTestId('progress-text').textContent!;
  assert.match(text, /Packing: 50.0 MiB of 200 MiB \(25%\)/);
  assert.match(text, /Rate 25.0 MiB\/s/);
  assert.match(text, /Time left 6 s/);
  assert.match(text, /Current file: docs\/a.txt/);
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  await waitFor(() => assert.deepEqual(fake.callsOf('job:cancel'), [{ jobId: 'job-1' }]));
  act(() => fake.emit('job:done', { jobId: 'job-1', result: { kind: 'pack', packageDir: '/media/usb/T1', transferId: 'T1', sequence: 3, manifestSha256: 'ab'.repeat(32), bytes: 2048, files: 1, checklist: [] } }));
  await screen.findByRole('heading', { name: /Step 6 of 7: After packing/ });
});

test('pack: a cancelled job says nothing was left behind', async () => {
  const { fake } = await renderApp({ 'job:start': () => ({ ok: true, value: { jobId: 'job-2' } }) },
    (s) => s.setState({ exportStep: 4, packJobId: 'job-2', jobs: { 'job-2': { status: 'running', progress: null, result: null, error: null, report: null } } }));
  await screen.findByText('Starting…');
  act(() => fake.emit('job:failed', { jobId: 'job-2', error: { code: 'cancelled', message: 'The job was cancelled.' } }));
  assert.ok(screen.getByText('Packing cancelled'));
  assert.ok(screen.getByText(/Nothing was left on the target/));
});

test('summary: transfer id, grouped manifest digest, key fingerprint, and Print / Save as PDF of the manifest', async () => {
  await renderApp({}, (s) => s.setState({
    exportStep: 6, keyName: 'low-2026',
    packResult: { kind: 'pack', packageDir: '/media/usb/T1', transferId: 'T20261122-ab12', sequence: 3, manifestSha256: '0123456789abcdef'.repeat(4), bytes: 2048, files: 1,
      checklist: [{ stage: 'export-pre', itemId: 'scanned', label: 'Sources scanned for malware', kind: 'confirm', value: true, by: 'Wim Witness', at: '2026-11-22T03:00:00Z' }] },
  }));
  assert.equal((await screen.findByTestId('transfer-id')).textContent, 'T20261122-ab12');
  assert.match(screen.getByTestId('manifest-digest').textContent!, /^0123 4567 89ab cdef 0123 4567 89ab cdef\n/);
  await waitFor(() => assert.equal(screen.getByTestId('key-fingerprint').textContent, 'ab12 cd34 ef56'));
  assert.ok(screen.getByText('Wim Witness'));
  assert.ok(screen.getByRole('button', { name: 'Print manifest…' }));
  assert.ok(screen.getByRole('button', { name: 'Save manifest as PDF' }));
});
