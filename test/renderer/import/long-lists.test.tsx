import 'global-jsdom/register';
import '../setup-dom';
// A package mirror's 100,000 files in the import review and a hostile package's 100,000 failures
// in the verify result: never 100,000 rows in the page (the window froze), the count said in
// words, and any row found by searching (renderer/components/long-list.tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture } from '../fake-api';
import type { SignatureView } from '../../../shared/ipc/contract';
import type { VerifyReport } from '../../../shared/format/report';
import type { Manifest, ManifestEntry } from '../../../shared/format/manifest';
import { LONG_LIST_LIMIT } from '../../../renderer/components/long-list';

const N = 100_000;
const path = (i: number) => `mirror/d${String(Math.floor(i / 1000)).padStart(3, '0')}/f${String(i).padStart(6, '0')}.dat`;
const entries: ManifestEntry[] = Array.from({ length: N }, (_, i) => ({ path: path(i), type: 'file', size: 2048, mode: '0644', mtime: 0, sha256: 'b'.repeat(64) }));
const manifest = {
  format: 'sluice-transfer/1', critical: [], transferId: 'T20261129-mirror', sequence: 9, source: 'LOW', destination: 'HIGH',
  created: '2026-11-29T03:00:00Z', expires: '2026-12-29T03:00:00Z', operator: 'Olga Operator', classification: 'OFFICIAL', purpose: 'apt mirror', ticket: null,
  signer: { keyId: '0123456789ABCDEF' }, payload: { size: 1, sha256: 'a'.repeat(64), volumes: [{ name: 'payload.tar', size: 1, sha256: 'a'.repeat(64) }] },
  entries, totals: { files: N, directories: 0, bytes: N * 2048 }, checklist: [], attachments: [],
} as unknown as Manifest;
const sig: SignatureView = {
  ok: true, packageDir: '/inbox/M', signer: { keyId: '0123456789ABCDEF', label: 'low-desk', fingerprint: 'aa11' },
  trustedComment: 'sluice-transfer/1', manifestSha256: 'c'.repeat(64), manifest, checks: [], failures: [],
};
const importSide = { 'settings:get': () => ({ ok: true as const, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }) };

const bodyRows = (name: string) => within(screen.getByRole('table', { name })).getAllByRole('row').length - 1;

test('the review of 100,000 files renders the first few hundred, says so, and finds the last one by search', async () => {
  await renderApp(importSide, (s) => s.setState({ importStep: 2, packageDir: '/inbox/M', signature: sig }));
  await screen.findByTestId('review-facts');
  assert.equal(bodyRows('Files in the package'), LONG_LIST_LIMIT);
  assert.match(screen.getByRole('status').textContent!, /Showing the first 200 of 100,000 files/);
  const search = screen.getByLabelText('Find in 100,000 files');
  fireEvent.change(search, { target: { value: 'f099999' } });
  await waitFor(() => assert.equal(bodyRows('Files in the package'), 1));
  assert.ok(within(screen.getByRole('table', { name: 'Files in the package' })).getByText(path(99_999)));
  assert.match(screen.getByRole('status').textContent!, /1 of 100,000 files match "f099999"/);
  fireEvent.change(search, { target: { value: 'd042/' } });
  await waitFor(() => assert.match(screen.getByRole('status').textContent!, /1,000 of 100,000 files match "d042\/"; showing the first 200/));
  assert.equal(bodyRows('Files in the package'), LONG_LIST_LIMIT);
});

test('a verify result with 100,000 failures shows failed files first, a few hundred of each list, and a search over all', async () => {
  const { fake } = await renderApp({ ...importSide, 'job:start': () => ({ ok: true, value: { jobId: 'v1' } }) },
    (s) => s.setState({ importStep: 3, packageDir: '/inbox/M', signature: sig, officer: 'Oscar Officer' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  // Every file passes but the last 100,000 failures: the one that failed must still be on the first screen.
  const files = entries.map((e, i) => ({ path: e.path, type: 'file' as const, size: e.size, status: i === N - 1 ? 'fail' as const : 'pass' as const, ...(i === N - 1 ? { reason: 'SHA-256 differs' } : {}) }));
  const failures = entries.map((e) => ({ check: 'entries', where: e.path, reason: 'SHA-256 differs from the manifest' }));
  const report = {
    report: 'sluice-verify-report/1', packageDir: '/inbox/M', ok: false, checkedAt: '2026-11-29T03:05:00Z', transferId: 'T20261129-mirror',
    signer: sig.signer, trustedComment: sig.trustedComment, manifestSha256: sig.manifestSha256, manifest,
    checks: [{ id: 'entries', status: 'fail', detail: '100000 files differ' }], files, failures,
  } as unknown as VerifyReport;
  act(() => fake.emit('job:failed', { jobId: 'v1', error: { code: 'verify-failed', message: 'The package failed verification.' }, report }));
  await screen.findByText('FAIL: the package is rejected');
  assert.equal(bodyRows('File results'), LONG_LIST_LIMIT);
  const first = within(screen.getByRole('table', { name: 'File results' })).getAllByRole('row')[1]!;
  assert.match(first.textContent!, new RegExp(`${path(N - 1)}.*FAIL`));
  const list = screen.getByTestId('failures');
  assert.equal(within(list).getAllByRole('listitem').length, LONG_LIST_LIMIT);
  fireEvent.change(screen.getByLabelText('Find in 100,000 failures'), { target: { value: 'f012345' } });
  await waitFor(() => assert.equal(within(screen.getByTestId('failures')).getAllByRole('listitem').length, 1));
  assert.match(screen.getByTestId('failures').textContent!, new RegExp(`${path(12_345)}.*SHA-256 differs from the manifest`));
});
