/**
 * The import wizard words a refusal by its fault, over reports made by the REAL engine from real
 * packed packages: a half-copied package reads "Incomplete — copy it again from the medium" and
 * never mentions security; a tamper stays an incident; a second import names the first.
 */
import 'global-jsdom/register';
import '../setup-dom';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture } from '../fake-api';
import type { SignatureView } from '../../../shared/ipc/contract';
import type { VerifyReport } from '../../../shared/format/report';
import { checkSignature } from '../../../electron/engine/verify/signature-stage';
import { verifyPackage } from '../../../electron/engine/verify/verify';
import { importPackage } from '../../../electron/engine/import/import';
import { readLedger } from '../../../electron/engine/ledger/index';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-fault-ui-');
  fx = await makeFixture(dir);
});
after(async () => {
  cleanup();
  await removeTempDir(dir);
});

const importSide = { 'settings:get': () => ({ ok: true as const, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }) };

/** The signature screen for the real signature stage's result on `packageDir`. */
async function showSignature(packageDir: string) {
  const r = await checkSignature(packageDir, fx.store);
  const view: SignatureView = { ok: r.ok, packageDir, signer: r.signer, trustedComment: r.trustedComment, manifestSha256: r.manifestSha256, manifest: r.manifest, checks: r.checks, failures: r.failures };
  cleanup();
  await renderApp({
    ...importSide,
    'dialog:openFolder': () => ({ ok: true, value: { canceled: false, paths: [packageDir] } }),
    'package:checkSignature': () => ({ ok: true, value: view }),
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Open a package folder…' }));
  await screen.findByText('FAIL: this package is refused');
}

/** The verify step after the stage job failed with `report` (as the real job reports it). */
async function showRejection(report: VerifyReport) {
  cleanup();
  const { fake } = await renderApp({ ...importSide, 'job:start': () => ({ ok: true, value: { jobId: 'v1' } }) },
    (s) => s.setState({ importStep: 3, packageDir: report.packageDir, signature: null, officer: 'Oscar Officer' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Verify and stage' }));
  await waitFor(() => assert.equal(fake.callsOf('job:start').length, 1));
  act(() => fake.emit('job:failed', { jobId: 'v1', error: { code: 'verify-failed', message: 'The package did not verify.' }, report }));
  await screen.findByText('FAIL: the package is rejected');
  return screen.getByRole('alert').textContent!;
}

test('a package missing a volume: "Incomplete — copy it again from the medium" on the signature screen, never "security"', async () => {
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  await rm(join(pkg.packageDir, 'payload.tar.002'));
  await showSignature(pkg.packageDir);
  assert.equal(screen.getByTestId('fault-headline').textContent, 'Incomplete — copy it again from the medium');
  assert.match(screen.getByTestId('fault-advice').textContent!, /payload\.tar\.002: missing from the package directory/);
  const text = screen.getByRole('alert').textContent!;
  assert.doesNotMatch(text, /security|signature did not verify|medium again/i);
  assert.equal((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled, true);
  assert.match(document.body.textContent!, /Incomplete — copy it again from the medium\. It cannot be imported as it is\./);
  assert.doesNotMatch(document.body.textContent!, /signature did not verify/i);
});

test('a volume cut short during the copy: the verify step says incomplete, not an incident', async () => {
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  await truncate(join(pkg.packageDir, 'payload.tar.003'), 3000);
  const text = await showRejection(await verifyPackage(pkg.packageDir, { store: fx.store, now: FIXED_NOW }));
  assert.equal(screen.getByTestId('fault-headline').textContent, 'Incomplete — copy it again from the medium');
  assert.equal(screen.getByTestId('fault').dataset.kind, 'incomplete');
  assert.doesNotMatch(text, /security|do not use the medium again/i);
  assert.match(text, /a copying fault, not an incident/);
});

test('a flipped byte stays an incident: report it to security, keep the medium', async () => {
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  const vol = join(pkg.packageDir, 'payload.tar.002');
  const bytes = await readFile(vol);
  bytes[900] = bytes[900]! ^ 0x10;
  await writeFile(vol, bytes);
  const text = await showRejection(await verifyPackage(pkg.packageDir, { store: fx.store, now: FIXED_NOW }));
  assert.equal(screen.getByTestId('fault-headline').textContent, 'Possible tampering — report it to security');
  assert.match(text, /keep the medium as it is/);
  assert.doesNotMatch(text, /Incomplete|copy it again from the medium/);
});

test('a second import names the earlier one: ledger entry, date and officer', async () => {
  const destRoot = join(dir, 'dest');
  await mkdir(destRoot);
  const s = { destRoot, ledgerFile: join(dir, 'ledger.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW };
  const pkg = await fx.makePackage({ transferId: 'UI-1', sequence: 40 });
  assert.equal((await importPackage(pkg.packageDir, { ...s, officer: 'alice' })).ok, true);
  const again = await importPackage(pkg.packageDir, { ...s, officer: 'bob' });
  // The earlier import is its transfer.imported line (a transfer.importing intent precedes it).
  const first = (await readLedger(s.ledgerFile)).find((e) => e.event === 'transfer.imported');
  const text = await showRejection(again);
  const headline = screen.getByTestId('fault-headline').textContent!;
  assert.match(headline, new RegExp(`^Already imported on ${first!.time.slice(0, 10)} at ${first!.time.slice(11, 19)} UTC by alice, ledger entry ${first!.seq}$`));
  assert.doesNotMatch(text, /security|medium again/i);
});
