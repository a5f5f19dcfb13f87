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

test('details: Next stays disabled, with the reason, until the purpose and the seal number are given', async () => {
  await renderApp();
  await screen.findByRole('heading', { name: /Step 1 of 9: Transfer details/ });
  assert.equal(next().disabled, true);
  assert.ok(screen.getByText('Say what the transfer is for.'));
  fireEvent.change(screen.getByLabelText(/^Purpose/), { target: { value: 'Monthly report' } });
  assert.equal(next().disabled, true, 'the seal number is asked before packing');
  assert.ok(screen.getAllByText(/Enter the number printed on the tamper-evident bag/).length >= 1);
  fireEvent.change(screen.getByLabelText(/^Seal number/), { target: { value: 'bad seal!' } });
  assert.equal(next().disabled, true);
  fireEvent.change(screen.getByLabelText(/^Seal number/), { target: { value: 'TE-004711' } });
  assert.equal(next().disabled, false);
  fireEvent.change(screen.getByLabelText(/^Witness co-signatures required/), { target: { value: '17' } });
  assert.equal(next().disabled, true, 'at most 16 witnesses');
  fireEvent.change(screen.getByLabelText(/^Witness co-signatures required/), { target: { value: '1' } });
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
  await screen.findByRole('heading', { name: /Step 4 of 9: Target/ });
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
  store.getState().setExportDetails({ purpose: 'p', operator: 'Olga Operator', destination: 'HIGH', seal: 'TE-1234' });
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
  await screen.findByRole('heading', { name: /Step 6 of 9: Witness co-signature/ });
});

test('pack: a cancelled job says nothing was left behind', async () => {
  const { fake } = await renderApp({ 'job:start': () => ({ ok: true, value: { jobId: 'job-2' } }) },
    (s) => s.setState({ exportStep: 4, packJobId: 'job-2', jobs: { 'job-2': { status: 'running', progress: null, result: null, error: null, report: null } } }));
  await screen.findByText('Starting…');
  act(() => fake.emit('job:failed', { jobId: 'job-2', error: { code: 'cancelled', message: 'The job was cancelled.' } }));
  assert.ok(screen.getByText('Packing cancelled'));
  assert.ok(screen.getByText(/Nothing was left on the target/));
});

const PACKED = { kind: 'pack' as const, packageDir: '/media/usb/T1', transferId: 'T20261122-ab12', keyId: '0123456789ABCDEF', sequence: 3, manifestSha256: '0123456789abcdef'.repeat(4), bytes: 2048, files: 1, seal: 'TE-004711', witnessesRequired: 1,
  checklist: [{ stage: 'export-pre', itemId: 'scanned', label: 'Sources scanned for malware', kind: 'confirm' as const, value: true, by: 'Olga Operator', at: '2026-11-22T03:00:00Z' }] };
const COSIGNED = { transferId: PACKED.transferId, witness: 'Wim Witness', keyId: 'FEDCBA9876543210', fingerprint: 'ff ee dd', file: 'cosign-FEDCBA9876543210.minisig', manifestSha256: PACKED.manifestSha256, ledgerSeq: 9 };

test('witness: a required co-signature blocks Next; the witness co-signs with their own key, never the signer\'s', async () => {
  const { fake } = await renderApp({
    'keys:list': () => ({ ok: true, value: [
      { name: 'low-2026', keyId: '0123456789ABCDEF', fingerprint: 'ab12', hasSecret: true },
      { name: 'wim', keyId: 'FEDCBA9876543210', fingerprint: 'ff ee dd', hasSecret: true },
    ] }),
    'package:cosign': () => ({ ok: true, value: COSIGNED }),
  }, (s) => s.setState({ exportStep: 5, packResult: PACKED, exportDetails: { ...s.getState().exportDetails, operator: 'Olga Operator', requireWitnesses: '1' } }));
  await screen.findByRole('heading', { name: /Step 6 of 9: Witness co-signature/ });
  assert.equal(next().disabled, true);
  assert.ok(screen.getAllByText(/requires 1 witness co-signature\(s\); 1 more to go/).length >= 1);
  await screen.findByRole('option', { name: /wim \(FEDCBA9876543210\)/ });
  assert.equal(screen.queryByRole('option', { name: /low-2026/ }), null, 'the signing key is not offered');
  assert.equal(screen.queryByRole('option', { name: 'Olga Operator' }), null, 'the operator cannot witness');
  fireEvent.change(screen.getByLabelText('Witness'), { target: { value: 'Wim Witness' } });
  fireEvent.change(screen.getByLabelText("Witness's key"), { target: { value: 'wim' } });
  fireEvent.change(screen.getByLabelText("Witness's passphrase"), { target: { value: 'witness words' } });
  fireEvent.click(screen.getByRole('button', { name: 'Co-sign as witness' }));
  await screen.findByText(/DONE: 1 witness co-signature/);
  assert.deepEqual(fake.callsOf('package:cosign'), [{ transferId: PACKED.transferId, keyName: 'wim', passphrase: 'witness words', witness: 'Wim Witness' }]);
  assert.equal(next().disabled, false);
  fireEvent.click(next());
  await screen.findByRole('heading', { name: /Step 7 of 9: Manifest/ });
});

test('manifest: the PDF goes onto the medium only when asked, and printing keeps a copy in the records', async () => {
  const printed = { savedTo: ['/records/T.manifest.pdf', '/media/usb/T.manifest.pdf'], printed: true, message: 'Saved the transfer manifest as PDF.', ledgerSeq: 5 };
  const { fake } = await renderApp({ 'print:document': () => ({ ok: true, value: printed }) }, (s) => s.setState({ exportStep: 6, packResult: PACKED, exportDetails: { ...s.getState().exportDetails, operator: 'Olga Operator' } }));
  fireEvent.click(await screen.findByRole('button', { name: 'Save the manifest PDF onto the medium' }));
  await screen.findByTestId('manifest-medium-message');
  fireEvent.click(screen.getByRole('button', { name: 'Save a PDF in the records only' }));
  await screen.findByTestId('manifest-records-message');
  const calls = fake.callsOf('print:document') as { medium?: boolean; action: string }[];
  assert.deepEqual(calls.map((c) => [c.action, c.medium]), [['pdf', true], ['pdf', false]]);
});

test('after packing: a refused blind seal keeps the wizard on the step with the reason; a recorded checklist moves to the summary', async () => {
  let refuse = true;
  const { fake, store } = await renderApp({
    'checklist:record': (r) => refuse
      ? ({ ok: false, error: { code: 'seal-mismatch', message: 'seal mismatch: the seal number typed is not the one signed into the manifest.' } })
      : ({ ok: true, value: { ledgerSeq: 12, records: [{ stage: 'export-post', itemId: 'labelled', label: 'Medium labelled', kind: 'confirm', value: true, by: r.by, at: '2026-11-22T04:00:00Z' }], matches: [] } }),
  }, (s) => s.setState({ exportStep: 7, packResult: PACKED, exportDetails: { ...s.getState().exportDetails, operator: 'Olga Operator' } }));
  await screen.findByRole('heading', { name: /Step 8 of 9: After packing/ });
  fireEvent.click(screen.getByLabelText(/Medium labelled/));
  fireEvent.click(screen.getByRole('button', { name: 'Record and finish' }));
  await screen.findByText(/seal mismatch/);
  assert.equal(store.getState().exportStep, 7);
  assert.deepEqual(fake.callsOf('checklist:record'), [{ transferId: PACKED.transferId, stage: 'export-post', by: 'Olga Operator', answers: { labelled: true } }]);
  refuse = false;
  fireEvent.click(screen.getByRole('button', { name: 'Record and finish' }));
  await screen.findByTestId('export-summary');
  assert.ok(screen.getByText(/recorded in the ledger, entry 12/));
});

test('summary: transfer id, grouped manifest digest, seal, key fingerprint, co-signers and the recorded checklists; nothing writes onto the medium', async () => {
  await renderApp({}, (s) => s.setState({
    exportStep: 8, keyName: 'low-2026', packResult: { ...PACKED, checklist: [{ ...PACKED.checklist[0]!, by: 'Wim Witness' }] }, cosignatures: [COSIGNED],
    postRecorded: { ledgerSeq: 12, records: [], matches: [{ itemId: 'seal-number', label: 'Seal', field: 'seal', typed: 'TE-004711', expected: 'TE-004711', matched: true }] },
  }));
  assert.equal((await screen.findByTestId('transfer-id')).textContent, 'T20261122-ab12');
  assert.match(screen.getByTestId('manifest-digest').textContent!, /^0123 4567 89ab cdef 0123 4567 89ab cdef\n/);
  await waitFor(() => assert.equal(screen.getByTestId('key-fingerprint').textContent, 'ab12 cd34 ef56'));
  assert.equal(screen.getByTestId('seal-number').textContent, 'TE-004711');
  assert.match(screen.getByTestId('seal-number').parentElement!.textContent!, /matches/);
  assert.ok(within(screen.getByRole('table', { name: 'Before-packing answers' })).getByText('Wim Witness'));
  const cosigners = within(screen.getByRole('table', { name: 'Witness co-signatures' }));
  assert.ok(cosigners.getByText('FEDCBA9876543210') && cosigners.getByText('Wim Witness'));
  assert.equal(screen.queryByRole('button', { name: /Save .*PDF/ }), null, 'the medium is sealed: no PDF onto it from here');
});
