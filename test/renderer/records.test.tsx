// The Records screen and the Print controls against a fake window.sluice: ledger search by transfer,
// person and dates; a transfer's events and kept documents (altered ones named as such); opening a
// document; the ledger check said in words; and Print / Save as PDF sending only a reference.
import 'global-jsdom/register';
import './setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render-app';
import type { KeptDocumentView, LedgerEntryView } from '../../shared/ipc/contract';

const T = 'T20261122-ab12';
const entry = (seq: number, event: string, actor: string, data: Record<string, unknown> = {}): LedgerEntryView =>
  ({ seq, time: `2026-11-22T10:00:${String(seq).padStart(2, '0')}Z`, event, station: 'LOW', actor, transferId: T, data });
const EVENTS = [entry(3, 'document.printed', 'Olga Operator', { document: 'manifest' }), entry(2, 'media.written', 'Olga Operator', { target: '/media/usb' }), entry(1, 'transfer.packed', 'Olga Operator')];
const DOCS: KeptDocumentView[] = [
  { file: `${T}.manifest.pdf`, kind: 'manifest', path: `/data/records/${T}.manifest.pdf`, bytes: 40_000, printedAt: '2026-11-22T10:00:03Z', actor: 'Olga Operator', ledgerSeq: 3, matchesLedger: true },
  { file: `${T}.manifest-2.pdf`, kind: 'manifest', path: `/data/records/${T}.manifest-2.pdf`, bytes: 40_000, printedAt: '2026-11-22T10:05:00Z', actor: 'Wim Witness', ledgerSeq: 4, matchesLedger: false },
];

async function openRecords(handlers: Parameters<typeof renderApp>[0] = {}) {
  const r = await renderApp({
    'records:events': () => ({ ok: true, value: { entries: EVENTS, total: 3 } }),
    'records:documents': () => ({ ok: true, value: { documents: DOCS } }),
    ...handlers,
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Records' }));
  await screen.findByRole('heading', { name: 'Records' });
  return r;
}

test('search by transfer id, person and date range; one transfer found shows its events and documents', async () => {
  const { fake } = await openRecords({ 'records:open': () => ({ ok: true, value: { opened: true } }) });
  fireEvent.change(screen.getByLabelText('Transfer id'), { target: { value: 'ab12' } });
  fireEvent.change(screen.getByLabelText('Person'), { target: { value: 'olga' } });
  fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
  fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-30' } });
  fireEvent.click(screen.getByRole('button', { name: 'Search' }));
  assert.match((await screen.findByTestId('records-count')).textContent!, /3 entries match, concerning 1 transfer/);
  assert.deepEqual(fake.callsOf('records:events')[0], { transferId: 'ab12', actor: 'olga', from: '2026-11-01', to: '2026-11-30', limit: 500 });

  const record = await screen.findByTestId('transfer-record');
  await waitFor(() => assert.ok(within(record).getByRole('table', { name: `Events of ${T}` })));
  const rows = within(within(record).getByRole('table', { name: `Events of ${T}` })).getAllByRole('row').slice(1);
  assert.deepEqual(rows.map((r) => r.textContent), [
    '12026-11-22T10:00:01ZPacked and signedOlga OperatorLOW',
    '22026-11-22T10:00:02ZWritten to media: /media/usbOlga OperatorLOW',
    '32026-11-22T10:00:03ZDocument printed: manifestOlga OperatorLOW',
  ], 'oldest first, in words');
  assert.deepEqual(fake.callsOf('records:events')[1], { transferId: T, exact: true, limit: 1000 });

  const docs = within(record).getByRole('table', { name: `Documents of ${T}` });
  assert.match(within(docs).getAllByRole('row')[1]!.textContent!, /✓ matches the ledger \(entry 3\)/);
  assert.match(within(docs).getAllByRole('row')[2]!.textContent!, /✗ ALTERED since it was printed/);
  fireEvent.click(within(docs).getByRole('button', { name: `Open ${T}.manifest.pdf` }));
  await screen.findByText(`${T}.manifest.pdf is open in the system PDF viewer.`);
  assert.deepEqual(fake.callsOf('records:open'), [{ transferId: T, file: `${T}.manifest.pdf` }]);
});

test('opening an altered document shows why it was refused', async () => {
  await openRecords({ 'records:open': () => ({ ok: false, error: { code: 'document-altered', message: 'It has changed since it was printed. It was not opened.' } }) });
  fireEvent.click(screen.getByRole('button', { name: 'Search' }));
  const record = await screen.findByTestId('transfer-record');
  fireEvent.click(await within(record).findByRole('button', { name: `Open ${T}.manifest-2.pdf` }));
  const alert = await screen.findByRole('alert');
  assert.match(alert.textContent!, /changed since it was printed/);
  assert.match(alert.textContent!, /document-altered/);
});

test('verify the ledger: intact in words with the head, altered with the line and what to do', async () => {
  const head = `42:ab12cd34ef56${'0'.repeat(52)}`;
  const { fake } = await openRecords({ 'ledger:verify': () => ({ ok: true, value: { ok: true, entries: 42, head, problems: [] } }) });
  const button = screen.getByRole('button', { name: 'Verify the ledger' });
  button.focus();
  assert.equal(document.activeElement, button, 'reachable from the keyboard');
  fireEvent.click(button);
  assert.equal((await screen.findByTestId('ledger-verdict')).textContent, 'The custody ledger is intact: 42 entries, last entry 42:ab12cd34ef56….');
  assert.ok(screen.getByText('✓ INTACT'), 'a word, not colour alone');
  assert.equal(screen.getByTestId('ledger-head').textContent, head);

  fake.handlers['ledger:verify'] = () => ({ ok: true, value: { ok: false, entries: 41, head: null, problems: ['line 17: its prev does not match the hash of line 16'] } });
  fireEvent.click(button);
  await waitFor(() => assert.match(screen.getByTestId('ledger-verdict').textContent!, /^The ledger has been altered: line 17: its prev does not match/));
  assert.ok(screen.getByText('✗ ALTERED'));
  assert.ok(screen.getByText(/do not edit or replace the ledger file/));
});

test('Print / Save as PDF on the export wizard\'s Manifest step sends a reference and the paper, and says where the PDF went', async () => {
  const { fake } = await renderApp({
    'print:document': () => ({ ok: true, value: { savedTo: [`/data/records/${T}.manifest.pdf`, `/media/usb/${T}.manifest.pdf`], printed: true, message: 'Saved the transfer manifest as PDF.', ledgerSeq: 9 } }),
  }, (s) => s.setState({
    exportStep: 6, keyName: 'low-2026', exportDetails: { ...s.getState().exportDetails, operator: 'Olga Operator' },
    packResult: { kind: 'pack', packageDir: `/media/usb/${T}`, transferId: T, sequence: 3, manifestSha256: 'ab'.repeat(32), bytes: 10, files: 1, checklist: [] },
  }));
  fireEvent.change(await screen.findByLabelText('Paper'), { target: { value: 'Letter' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save the manifest PDF onto the medium' }));
  await screen.findByText('DONE: manifest PDF saved onto the medium');
  assert.deepEqual(fake.callsOf('print:document'), [{ kind: 'manifest', transferId: T, paper: 'Letter', action: 'pdf', actor: 'Olga Operator', medium: true }]);
  assert.deepEqual(within(screen.getByRole('list', { name: 'Saved files' })).getAllByRole('listitem').map((li) => li.textContent), [`/data/records/${T}.manifest.pdf`, `/media/usb/${T}.manifest.pdf`]);

  fake.handlers['print:document'] = () => ({ ok: true, value: { savedTo: [], printed: false, message: 'The transfer manifest was not printed: cancelled.', ledgerSeq: null } });
  fireEvent.click(screen.getByRole('button', { name: 'Print the manifest…' }));
  await screen.findByText('NOT PRINTED: manifest');
  assert.equal((fake.callsOf('print:document')[1] as { action: string }).action, 'dialog');
});
