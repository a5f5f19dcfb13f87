/**
 * Before packing, the vendor checksum files the sources carry: when Sluice can check every one,
 * the checklist's vendor-checksums item is answered by the machine (read-only, Next not blocked by
 * it); when one cannot be checked, the person answers it; with none, nothing is said.
 */
import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import { TEMPLATES } from '../fake-api';
import type { ChecklistTemplate } from '../../../shared/checklist';
import type { ScanView } from '../../../shared/ipc/contract';

const PRE: ChecklistTemplate = {
  template: 'sluice-checklist/1', stage: 'export-pre', title: 'Before packing',
  items: [
    { id: 'vendor', answeredBy: 'vendor-checksums', kind: 'choice', label: 'Vendor checksums checked', required: true, options: ['Checked, all match', 'Not supplied', 'Checked, one did NOT match'], blocksApproval: ['Checked, one did NOT match'] },
    { id: 'reviewed', kind: 'confirm', label: 'Content reviewed', required: true },
  ],
};
const scan = (found: number, checkable: number): ScanView => ({
  entries: [{ path: 'rel', type: 'dir', size: 0 }, { path: 'rel/SHA256SUMS', type: 'file', size: 100 }],
  refusals: [], totals: { files: 1, directories: 1, bytes: 100 }, vendorChecksums: { found, checkable },
});
const next = () => screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;
const templates = { 'checklist:templates': () => ({ ok: true as const, value: { ...TEMPLATES, 'export-pre': PRE } }) };

test('checksum files Sluice can check: the item is answered by the machine, and only the person\'s item is left', async () => {
  await renderApp(templates, (s) => s.setState({ exportStep: 2, scan: scan(2, 2) }));
  await screen.findByText('Vendor checksums will be checked');
  const item = await waitFor(() => {
    const el = document.querySelector('[data-item="vendor"]');
    assert.equal(el?.getAttribute('data-machine'), 'true');
    return el!;
  });
  assert.match(item.textContent!, /Checked, all match — answered by the machine \(Sluice: 2 vendor checksum files, every listed file checked while packing\b/);
  assert.equal(next().disabled, true);
  fireEvent.click(screen.getByLabelText(/Content reviewed/));
  assert.equal(next().disabled, false, 'the machine answered the required vendor item');
});

test('a checksum file Sluice cannot check: the person answers, and is told why', async () => {
  await renderApp(templates, (s) => s.setState({ exportStep: 2, scan: scan(2, 1) }));
  await screen.findByText('Some vendor checksums cannot be checked');
  assert.equal(document.querySelector('[data-item="vendor"]')?.getAttribute('data-machine'), null);
  fireEvent.click(screen.getByLabelText(/Content reviewed/));
  assert.equal(next().disabled, true, 'the vendor item is the person\'s and still unanswered');
});

test('no checksum file in the sources: nothing is said and the person answers', async () => {
  await renderApp(templates, (s) => s.setState({ exportStep: 2, scan: scan(0, 0) }));
  await screen.findByRole('heading', { name: /Before packing/ });
  assert.equal(screen.queryByTestId('export-vendor-choice'), null);
  assert.equal(document.querySelector('[data-item="vendor"]')?.getAttribute('data-machine'), null);
});

test('the same hook keeps the antivirus item: machine-answered while a required scan is planned', async () => {
  const av: ChecklistTemplate = { ...PRE, items: [{ id: 'scanned', answeredBy: 'antivirus', kind: 'confirm', label: 'Sources scanned', required: true }, PRE.items[1]!] };
  await renderApp({
    'checklist:templates': () => ({ ok: true as const, value: { ...TEMPLATES, 'export-pre': av } }),
    'scan:status': () => ({ ok: true as const, value: { policy: 'required' as const, clamavDb: '/db', clamdSocket: null, engine: { engine: 'ClamAV', engineVersion: '1.4.6', database: 'daily 27456' }, problem: null } }),
  }, (s) => s.setState({ exportStep: 2, scan: scan(0, 0) }));
  await waitFor(() => assert.equal(document.querySelector('[data-item="scanned"]')?.getAttribute('data-machine'), 'true'));
  assert.match(document.querySelector('[data-item="scanned"]')!.textContent!, /Yes — answered by the machine \(ClamAV 1\.4\.6\b/);
});
