import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture, TEMPLATES } from '../fake-api';
import type { SignatureView } from '../../../shared/ipc/contract';
import type { VerifyReport } from '../../../shared/format/report';
import type { Manifest } from '../../../shared/format/manifest';

const importSide = { 'settings:get': () => ({ ok: true as const, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }) };
const manifest = {
  format: 'sluice-transfer/1', critical: [], transferId: 'T20261122-ab12', sequence: 7, source: 'LOW', destination: 'HIGH',
  created: '2026-11-22T03:00:00Z', expires: '2026-12-22T03:00:00Z', operator: 'Olga Operator', classification: 'OFFICIAL', purpose: 'Monthly figures', ticket: 'CHG-1',
  signer: { keyId: '0123456789ABCDEF' }, payload: { size: 10240, sha256: 'a'.repeat(64), volumes: [{ name: 'payload.tar', size: 10240, sha256: 'a'.repeat(64) }] },
  entries: [{ path: 'report.pdf', type: 'file', size: 4096, mode: '0644', mtime: 0, sha256: 'b'.repeat(64) }],
  totals: { files: 1, directories: 0, bytes: 4096 },
  checklist: [{ stage: 'export-pre', itemId: 'scanned', label: 'Sources scanned for malware', kind: 'confirm', value: true, by: 'Wim Witness', at: '2026-11-22T02:59:00Z' }],
  attachments: [],
} as Manifest;
const goodSig: SignatureView = {
  ok: true, packageDir: '/inbox/T1', signer: { keyId: '0123456789ABCDEF', label: 'low-desk', fingerprint: 'aa11 bb22' },
  trustedComment: 'sluice-transfer/1 file=manifest.json id=T20261122-ab12 seq=7 from=LOW to=HIGH', manifestSha256: 'c'.repeat(64), manifest,
  checks: [{ id: 'signature', status: 'pass', detail: 'signed by low-desk' }], failures: [],
};
const report = (over: Partial<VerifyReport>): VerifyReport => ({
  report: 'sluice-verify-report/1', packageDir: '/inbox/T1', ok: true, checkedAt: '2026-11-22T03:05:00Z', transferId: 'T20261122-ab12',
  signer: goodSig.signer, trustedComment: goodSig.trustedComment, manifestSha256: goodSig.manifestSha256, manifest, checks: [], files: [], failures: [], ...over,
});

test('the signature result comes first: signer label, fingerprint and trusted comment', async () => {
  await renderApp({
    ...importSide,
    'inbox:list': () => ({ ok: true, value: [{ dir: '/inbox/T1', name: 'T1', looksLikePackage: true, bytes: 20000, modified: '2026-11-22T03:01:00Z' }] }),
    'package:checkSignature': () => ({ ok: true, value: goodSig }),
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Check T1' }));
  await screen.findByRole('heading', { name: /Step 2 of 7: Signature/ });
  assert.equal(screen.getByTestId('signer-label').textContent, 'low-desk');
  assert.ok(screen.getByText('aa11 bb22'));
  assert.match(screen.getByTestId('trusted-comment').textContent!, /id=T20261122-ab12 seq=7/);
  assert.ok(screen.getByText(/PASS: signed by a trusted key/));
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  const facts = await screen.findByTestId('review-facts');
  assert.match(facts.textContent!, /Monthly figures/);
  assert.ok(within(screen.getByRole('table', { name: 'Files in the package' })).getByText('report.pdf'));
  assert.ok(within(screen.getByRole('table', { name: 'Export checklist answers' })).getByText('Wim Witness'));
});

test('an untrusted signer is refused in plain words and Next stays disabled', async () => {
  await renderApp({
    ...importSide,
    'dialog:openFolder': () => ({ ok: true, value: { canceled: false, paths: ['/media/T1'] } }),
    'package:checkSignature': () => ({ ok: true, value: { ...goodSig, ok: false, signer: { keyId: 'FEDCBA9876543210', label: null, fingerprint: null }, trustedComment: null, manifest: null,
      checks: [{ id: 'signature', status: 'fail', detail: 'key not trusted' }], failures: [{ check: 'signature', where: 'manifest.json.minisig', reason: 'signed by key FEDCBA9876543210, not in the trust store' }] } }),
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Open a package folder…' }));
  await screen.findByText('FAIL: this package is refused');
  assert.ok(screen.getByText(/signed by key FEDCBA9876543210, which this station does not trust/));
  assert.equal((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled, true);
});

test('a tampered package: the failure screen names the file and the reason; nothing to approve', async () => {
  const { fake } = await renderApp({ ...importSide, 'job:start': () => ({ ok: true, value: { jobId: 'v1' } }) },
    (s) => s.setState({ importStep: 3, packageDir: '/inbox/T1', signature: goodSig, officer: 'Oscar Officer' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  act(() => fake.emit('job:progress', { jobId: 'v1', phase: 'verify', bytesDone: 1024, bytesTotal: 4096, rate: 2048, eta: 1.5, currentFile: 'report.pdf' }));
  assert.match(screen.getByTestId('progress-text').textContent!, /Verifying: 1.00 KiB of 4.00 KiB \(25%\).*Rate 2.00 KiB\/s.*Time left 2 s/s);
  act(() => fake.emit('job:failed', {
    jobId: 'v1', error: { code: 'verify-failed', message: 'The package failed verification: 1 check failed.' },
    report: report({ ok: false, checks: [{ id: 'entries', status: 'fail', detail: '1 file differs' }],
      files: [{ path: 'report.pdf', type: 'file', size: 4096, status: 'fail', reason: 'SHA-256 differs from the manifest' }],
      failures: [{ check: 'entries', where: 'report.pdf', reason: 'SHA-256 differs from the manifest' }] }),
  }));
  await screen.findByText('FAIL: the package is rejected');
  const failures = screen.getByTestId('failures');
  assert.match(failures.textContent!, /FAIL.*File contents.*report\.pdf.*SHA-256 differs from the manifest/);
  const row = within(screen.getByRole('table', { name: 'File results' })).getByText('report.pdf').closest('tr')!;
  assert.match(row.textContent!, /FAIL/);
  assert.equal((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled, true);
});

const clean = { problems: [], blocks: [], matches: [], approvalAllowed: true, rejectionReason: null, witnessKeys: [] };

test('the officer is chosen before staging and is sent with the stage job', async () => {
  const { fake } = await renderApp({ ...importSide, 'job:start': () => ({ ok: true, value: { jobId: 'v0' } }) },
    (s) => s.setState({ importStep: 2, packageDir: '/inbox/T1', signature: goodSig }));
  const next = await screen.findByRole('button', { name: 'Next' }) as HTMLButtonElement;
  assert.equal(next.disabled, true, 'no officer yet');
  assert.ok(screen.getByText('Choose the officer importing this package.'));
  fireEvent.change(screen.getByLabelText('Officer importing this package'), { target: { value: 'Oscar Officer' } });
  assert.equal(next.disabled, false);
  fireEvent.click(next);
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  assert.deepEqual(fake.callsOf('job:start')[0], { kind: 'stage-import', params: { dir: '/inbox/T1', officer: 'Oscar Officer' } });
});

test('staged → checklist gates Next → main evaluates the answers → officer decision with reason → receipt', async () => {
  const { fake } = await renderApp({
    ...importSide,
    'job:start': () => ({ ok: true, value: { jobId: 'v2' } }),
    'import:evaluate': () => ({ ok: true, value: clean }),
    'import:commit': (r) => ({ ok: true, value: { decision: r.decision, path: '/imported/T20261122-ab12', report: null, ledgerSeq: 12 } }),
  }, (s) => s.setState({ importStep: 3, packageDir: '/inbox/T1', signature: goodSig, officer: 'Oscar Officer' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  act(() => fake.emit('job:done', { jobId: 'v2', result: { kind: 'stage-import', stagingId: 'stg-1', report: report({ files: [{ path: 'report.pdf', type: 'file', size: 4096, status: 'pass' }] }) } }));
  await screen.findByText('PASS: every check passed');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('heading', { name: /Import checklist/ });
  const nextBtn = screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;
  assert.equal(nextBtn.disabled, true);
  fireEvent.click(screen.getByLabelText(/Printed manifest matches/));
  assert.equal(nextBtn.disabled, false);
  fireEvent.click(nextBtn);
  await screen.findByRole('heading', { name: /Decision/ });
  assert.deepEqual(fake.callsOf('import:evaluate'), [{ stagingId: 'stg-1', officer: 'Oscar Officer', answers: { paper: true } }]);
  const record = screen.getByRole('button', { name: /Record decision and import/ }) as HTMLButtonElement;
  assert.equal(record.disabled, true);
  fireEvent.click(screen.getByLabelText('Approve and import'));
  assert.equal(record.disabled, true, 'a reason is required');
  fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'Matches CHG-1' } });
  fireEvent.click(record);
  await screen.findByText('PASS: imported');
  assert.equal(screen.getByTestId('imported-path').textContent, '/imported/T20261122-ab12');
  assert.deepEqual(fake.callsOf('import:commit'),
    [{ stagingId: 'stg-1', decision: 'approve', reason: 'Matches CHG-1', officer: 'Oscar Officer', answers: { paper: true } }], 'the answers, not records: main evaluates them');
});

test('where the station holds witness keys, approving needs the witness to unlock one; the passphrase goes to main once', async () => {
  const { fake } = await renderApp({
    ...importSide,
    'job:start': () => ({ ok: true, value: { jobId: 'v3' } }),
    'import:evaluate': () => ({ ok: true, value: { ...clean, witnessKeys: [{ name: 'wim', label: 'wim-witness', keyId: '0123456789ABCDEF' }] } }),
    'import:commit': (r) => ({ ok: true, value: { decision: r.decision, path: '/imported/T20261122-ab12', report: null, ledgerSeq: 13 } }),
  }, (s) => s.setState({ importStep: 3, packageDir: '/inbox/T1', signature: goodSig, officer: 'Oscar Officer' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  act(() => fake.emit('job:done', { jobId: 'v3', result: { kind: 'stage-import', stagingId: 'stg-2', report: report({}) } }));
  await screen.findByText('PASS: every check passed');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  fireEvent.click(await screen.findByLabelText(/Printed manifest matches/));
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('heading', { name: /Decision/ });
  fireEvent.click(screen.getByLabelText('Approve and import'));
  fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'ok' } });
  const record = screen.getByRole('button', { name: /Record decision and import/ }) as HTMLButtonElement;
  assert.equal(record.disabled, true, 'no approval until the witness unlocked a key');
  fireEvent.change(screen.getByLabelText('Witness key'), { target: { value: 'wim' } });
  fireEvent.change(screen.getByLabelText("Witness's passphrase"), { target: { value: 'witness words' } });
  assert.equal(record.disabled, false);
  fireEvent.click(record);
  await screen.findByText('PASS: imported');
  assert.deepEqual(fake.callsOf('import:commit').map((c) => (c as { witnessKey?: unknown }).witnessKey), [{ keyName: 'wim', passphrase: 'witness words' }]);
});

/** An import template with the shipped consequences: a blind seal, a blocking antivirus answer, a witness. */
const policyTemplates = {
  ...TEMPLATES,
  import: {
    template: 'sluice-checklist/1' as const, stage: 'import' as const, title: 'Before the import decision',
    items: [
      { id: 'seal-number', kind: 'text' as const, required: true, label: 'Seal number, as read from the bag', mustMatch: 'seal' as const },
      { id: 'av-scan', kind: 'choice' as const, required: true, label: 'Antivirus scan', options: ['Done, clean', 'Done, findings (reject)'], blocksApproval: ['Done, findings (reject)'] },
      { id: 'witness', kind: 'text' as const, required: true, label: 'Witness present', otherPerson: true as const },
    ],
  },
};
const sealedSig: SignatureView = { ...goodSig, sealed: true };
const stagedAt4 = (s: { setState: (p: object) => void }) => s.setState({
  importStep: 4, packageDir: '/inbox/T1', signature: sealedSig, officer: 'Oscar Officer', staged: { stagingId: 'stg-7', report: report({}) },
});

test('the witness is another person: chosen from the witnesses, without the officer; the seal is typed blind', async () => {
  await renderApp({
    'settings:get': () => ({ ok: true as const, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH', people: { operators: [], witnesses: ['Wim Witness', 'Oscar Officer', 'Wanda Witness'], officers: ['Oscar Officer'] } }) }),
    'checklist:templates': () => ({ ok: true, value: policyTemplates }),
  }, stagedAt4);
  await screen.findByRole('heading', { name: /Import checklist/ });
  assert.ok(screen.getByTestId('seal-blind'));
  assert.doesNotMatch(document.body.textContent!, /SEAL-4711/);
  const witness = within(document.querySelector('[data-item="witness"]') as HTMLElement).getByRole('combobox') as HTMLSelectElement;
  assert.deepEqual([...witness.options].map((o) => o.value), ['', 'Wim Witness', 'Wanda Witness'], 'the officer is not offered as the witness');
  const next = screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;
  assert.equal(next.disabled, true);
  assert.ok(screen.getByText(/"Seal number, as read from the bag" is required/), 'a sealed package needs the seal typed');
});

test('a blocking answer: main says approval is blocked, only Reject is offered, the reason is pre-filled', async () => {
  const reason = 'Antivirus scan: Done, findings (reject); seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711';
  const { fake } = await renderApp({
    ...importSide,
    'checklist:templates': () => ({ ok: true, value: policyTemplates }),
    'import:evaluate': () => ({ ok: true, value: {
      problems: [], approvalAllowed: false, rejectionReason: reason, witnessKeys: [],
      blocks: [{ itemId: 'av-scan', label: 'Antivirus scan', answer: 'Done, findings (reject)', reason: 'Antivirus scan: Done, findings (reject)' },
        { itemId: 'seal-number', label: 'Seal number', answer: 'SEAL-9999', reason: 'seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711' }],
      matches: [{ itemId: 'seal-number', label: 'Seal number', field: 'seal' as const, typed: 'SEAL-9999', expected: 'SEAL-4711', matched: false }],
    } }),
    'import:commit': (r) => ({ ok: true, value: { decision: r.decision, path: null, report: null, ledgerSeq: null } }),
  }, stagedAt4);
  await screen.findByRole('heading', { name: /Import checklist/ });
  fireEvent.change(screen.getByLabelText(/Seal number/), { target: { value: 'SEAL-9999' } });
  fireEvent.click(screen.getByLabelText('Done, findings (reject)'));
  fireEvent.change(within(document.querySelector('[data-item="witness"]') as HTMLElement).getByRole('combobox'), { target: { value: 'Wim Witness' } });
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('heading', { name: /Decision/ });
  assert.ok(screen.getByText('Approval is not possible'));
  assert.match(screen.getByTestId('match-seal-number').textContent!, /typed SEAL-9999 — does NOT match: the signed manifest says SEAL-4711/);
  assert.equal(screen.queryByLabelText('Approve and import'), null, 'Approve is not offered');
  assert.equal((screen.getByLabelText(/Reject/) as HTMLInputElement).checked, true);
  assert.equal((screen.getByLabelText(/^Reason/) as HTMLTextAreaElement).value, reason);
  fireEvent.click(screen.getByRole('button', { name: 'Record rejection' }));
  await screen.findByText('Rejected');
  assert.deepEqual(fake.callsOf('import:commit').map((c) => (c as { decision: string; reason: string }).decision), ['reject']);
  assert.equal((fake.callsOf('import:commit')[0] as { reason: string }).reason, reason);
});
