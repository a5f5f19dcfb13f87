// E2E in real Chromium through the bridge (the same handler table main registers): set-up and key
// generation on an export station, a full export of a real folder (checked with the engine's
// verifyPackage), a tampered copy rejected with the failing file named on screen, then the full
// import of the good package on an import station. The tests share the package and run in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';
import { type Station, E2E_SEAL, SHOTS_DIR, answerChecklist, e2eSuite, openAndVerify, skipReason, addSourceFolder } from './helpers';
import { setUpThroughApp } from './station-setup';
import { loadTrustStore } from '../../electron/engine/keys';
import { verifyPackage } from '../../electron/engine/verify';

const PASSPHRASE = 'e2e correct horse battery staple';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const suite = e2eSuite('sluice-e2e-');
const shared: { packageDir?: string; pubFile?: string; fingerprint?: string; transferId?: string } = {};

async function station(name: string, scenario: string): Promise<Station> {
  return suite.station(name, scenario);
}

test('export: first-run set-up, key generation, and a full export of a real folder', { skip: skipReason, timeout: 90_000 }, async () => {
  const src = join(suite.root, 'src', 'quarterly');
  await mkdir(join(src, 'tables'), { recursive: true });
  await writeFile(join(src, 'report.txt'), 'Quarterly report: UNIQUE-MARKER-0123456789 all figures final.\n');
  await writeFile(join(src, 'tables', 'figures.csv'), 'q,value\n1,10\n2,20\n');
  const target = join(suite.root, 'usb');
  await mkdir(target);
  const data = join(suite.root, 'low', 'data');

  const s = await station('low', 'export');
  const { page } = s;
  await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
  await s.shot('setup');
  // Set-up through the screen: main creates every folder (the test makes none).
  await setUpThroughApp(s, 'EXPORT', data);
  assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).count(), 0, 'an export station shows no import flow');

  await page.getByRole('button', { name: 'Keys and trust' }).click();
  await page.getByLabel('Acting as').selectOption('Olga Operator');
  await page.getByLabel('Key name').fill('low-e2e');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Generate key' }).click();
  await page.getByText('PASS: key generated').waitFor();
  await page.getByRole('button', { name: 'Show public key of low-e2e' }).click();
  shared.fingerprint = (await page.getByTestId('exported-fingerprint').textContent())!;
  shared.pubFile = join(data, 'keys', 'low-e2e.pub');
  await s.shot('keys');

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('heading', { name: /Step 1 of 9: Transfer details/ }).waitFor();
  await page.getByLabel(/^Purpose/).fill('Quarterly figures for the board');
  await page.getByLabel(/^Ticket/).fill('CHG-2026-11');
  // The bag's number, from numbered stock, is signed into the manifest before packing.
  await page.getByLabel(/^Seal number/).fill(E2E_SEAL);
  await s.shot('details');
  await page.getByRole('button', { name: 'Next' }).click();

  await addSourceFolder(page, s.bridge, src, /2 file\(s\), 2 folder\(s\)/);
  await s.shot('sources');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('heading', { name: /Before packing/ }).waitFor();
  await answerChecklist(page, 'export-pre');
  await s.shot('pre-checklist');
  await page.getByRole('button', { name: 'Next' }).click();

  s.bridge.nextDialog(target);
  await page.getByRole('button', { name: 'Choose the target folder…' }).click();
  await page.getByText('Space check').waitFor();
  await s.shot('target');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Passphrase of the signing key').fill(PASSPHRASE);
  await s.shot('pack');
  await page.getByRole('button', { name: 'Pack and sign' }).click();
  // After packing, in order: the witness step (none required here), the manifest, then the
  // after-packing checklist with the seal number typed blind from the bag.
  await page.getByRole('heading', { name: /Step 6 of 9: Witness co-signature/ }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Step 7 of 9: Manifest/ }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Step 8 of 9: After packing/ }).waitFor();
  await answerChecklist(page, 'export-post');
  await s.shot('post-checklist');
  await page.getByRole('button', { name: 'Record and finish' }).click();

  await page.getByTestId('export-summary').waitFor();
  await s.shot('summary');
  shared.transferId = (await page.getByTestId('transfer-id').textContent())!;
  const digest = (await page.getByTestId('manifest-digest').textContent())!.replace(/\s/g, '');
  assert.equal(await page.getByTestId('key-fingerprint').textContent(), shared.fingerprint);
  const packages = await readdir(target);
  assert.equal(packages.length, 1, `one package folder in the target: ${packages.join(', ')}`);
  shared.packageDir = join(target, packages[0]!);

  // The package on disk is real: the engine's own verifier passes it with the exported key.
  const trustDir = join(suite.root, 'verify-trust');
  await mkdir(trustDir);
  await cp(shared.pubFile, join(trustDir, 'low-e2e.pub'));
  const report = await verifyPackage(shared.packageDir, { store: await loadTrustStore(trustDir) });
  assert.equal(report.ok, true, JSON.stringify(report.failures));
  assert.equal(report.transferId, shared.transferId);
  assert.equal(report.manifestSha256, digest);
  assert.equal(report.manifest?.purpose, 'Quarterly figures for the board');
  assert.ok(report.manifest?.checklist.some((c) => c.itemId === 'sources-scanned' && c.value === true && c.by === 'Olga Operator'));
  assert.deepEqual(report.files.filter((f) => f.type === 'file').map((f) => f.path).sort(), ['quarterly/report.txt', 'quarterly/tables/figures.csv']);
  assert.deepEqual(s.errors, []);
});

async function importStation(): Promise<Station> {
  const s = await station('high', 'import');
  const data = join(suite.root, 'high', 'data');
  // A fresh import station: set-up creates quarantine, import destination, records and the rest.
  await setUpThroughApp(s, 'IMPORT', data);
  // Trust the export station's key: the officer types the fingerprint from the paper.
  await s.page.getByRole('button', { name: 'Keys and trust' }).click();
  await s.page.getByLabel('Acting as').selectOption('Oscar Officer');
  s.bridge.nextDialog(shared.pubFile!);
  await s.page.getByRole('button', { name: 'Choose a public key file…' }).click();
  await s.page.getByLabel('Fingerprint from the paper').fill(shared.fingerprint!);
  await s.page.getByLabel('Label for this signer').fill('low-desk');
  await s.page.getByText('PASS: the fingerprint matches').waitFor();
  await s.shot('trust');
  await s.page.getByRole('button', { name: 'Trust this key' }).click();
  await s.page.getByRole('table', { name: 'Trusted signers' }).getByText('low-desk').waitFor();
  await s.page.getByRole('button', { name: 'Import', exact: true }).click();
  return s;
}

let high: Station | undefined;

test('import: a tampered package is rejected and the failing file is named on screen', { skip: skipReason, timeout: 60_000 }, async () => {
  assert.ok(shared.packageDir, 'the export scenario must have produced a package');
  high = await importStation();
  const { page } = high;
  const tampered = join(suite.root, 'tampered', basename(shared.packageDir)); // a package keeps its id as its folder name
  await cp(shared.packageDir, tampered, { recursive: true });
  const payload = join(tampered, 'payload.tar');
  const bytes = await readFile(payload);
  const at = bytes.indexOf('UNIQUE-MARKER');
  assert.ok(at > 0);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(payload, bytes);

  await openAndVerify(page, high.bridge, tampered);
  await page.getByText('FAIL: the package is rejected').waitFor({ timeout: 30_000 });
  await high.shot('tampered-rejected');
  const failures = await page.getByTestId('failures').textContent();
  assert.match(failures!, /quarterly\/report\.txt/);
  assert.match(failures!, /FAIL/);
  const row = page.getByRole('table', { name: 'File results' }).getByRole('row').filter({ hasText: 'quarterly/report.txt' });
  assert.match((await row.textContent())!, /FAIL/);
  assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
  for (const d of ['imported', 'quarantine', 'records']) assert.deepEqual(await readdir(join(suite.root, 'high', 'data', d)), [], `nothing in ${d}`);
  await page.getByRole('button', { name: 'Choose another package' }).click();
  await page.getByRole('heading', { name: /Step 1 of 7: Choose package/ }).waitFor();
});

/** The seal number signed into the exported package (read from disk: the screens withhold it until typed). */
async function signedSeal(): Promise<string> {
  const m = JSON.parse(await readFile(join(shared.packageDir!, 'manifest.json'), 'utf8')) as { seal?: string };
  assert.ok(m.seal, 'the exported package carries a seal number');
  return m.seal;
}

/**
 * Opens the exported package, stages it as Oscar Officer and answers the import checklist: the seal
 * typed blind, antivirus `av`, witness Wim Witness (chosen from the witnesses; the officer is not offered).
 */
async function stageAndAnswer(s: Station, seal: string, av: string): Promise<void> {
  const { page } = s;
  await openAndVerify(page, s.bridge, shared.packageDir!);
  await page.getByText('PASS: every check passed').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Import checklist/ }).waitFor();
  assert.equal(await page.getByText(await signedSeal()).count(), 0, 'the signed seal number is not on screen before it is typed');
  const item = (id: string) => page.locator(`[data-item="${id}"]`);
  await item('seal-intact').getByLabel('Intact').check();
  await item('seal-number').getByRole('textbox').fill(seal);
  await item('paper-matches-screen').getByLabel('Matches').check();
  await item('av-scan').getByLabel(av).check();
  const witness = item('witness').getByRole('combobox');
  assert.deepEqual(await witness.locator('option').allTextContents(), ['— choose a person —', 'Wim Witness'], 'the officer cannot be the witness');
  await witness.selectOption('Wim Witness');
}

/** Copies the latest screenshot of `name` into docs/screenshots/ when SLUICE_UPDATE_SCREENSHOTS=1 (for the README). */
async function publishShot(name: string): Promise<void> {
  if (process.env.SLUICE_UPDATE_SCREENSHOTS !== '1') return;
  const shots = (await readdir(SHOTS_DIR)).filter((n) => new RegExp(`^import-\\d+-${name}\\.png$`).test(n)).sort();
  assert.ok(shots.length, `a ${name} screenshot was taken`);
  await copyFile(join(SHOTS_DIR, shots.at(-1)!), join(REPO, 'docs/screenshots', `${name}.png`));
}

test('import: a blocking antivirus answer leaves only Reject; the rejection is recorded with the answer as reason', { skip: skipReason, timeout: 60_000 }, async () => {
  assert.ok(shared.packageDir && high, 'the earlier scenarios must have run');
  const { page } = high;
  await stageAndAnswer(high, await signedSeal(), 'Done, findings (reject)');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Approval is not possible').waitFor();
  assert.equal(await page.getByLabel('Approve and import').count(), 0, 'Approve is not offered');
  assert.equal(await page.getByLabel(/Reject \(nothing is imported\)/).isChecked(), true);
  assert.match(await page.getByLabel(/^Reason/).inputValue(), /Antivirus scan of the staged files: Done, findings \(reject\)/);
  assert.match((await page.getByTestId('match-seal-number').textContent())!, /matches the signed manifest/);
  await high.shot('decision-blocked');
  await publishShot('decision-blocked');
  await page.getByRole('button', { name: 'Record rejection' }).click();
  await page.getByText('Nothing was imported. The rejection is recorded in the ledger.').waitFor();
  assert.deepEqual(await readdir(join(suite.root, 'high', 'data', 'imported')).catch(() => []), [], 'nothing imported');
  await page.getByRole('button', { name: 'Import another package' }).click();
});

test('import: a wrong seal number is typed blind, compared in main, and the package rejected as a seal mismatch', { skip: skipReason, timeout: 60_000 }, async () => {
  assert.ok(shared.packageDir && high, 'the earlier scenarios must have run');
  const { page } = high;
  const seal = await signedSeal();
  await stageAndAnswer(high, 'SEAL-9999', 'Done, clean');
  await page.getByRole('button', { name: 'Next' }).click();
  const match = (await page.getByTestId('match-seal-number').textContent())!;
  assert.match(match, new RegExp(`typed SEAL-9999 — does NOT match: the signed manifest says ${seal}`), 'revealed only after the comparison');
  assert.equal(await page.getByLabel('Approve and import').count(), 0);
  assert.match(await page.getByLabel(/^Reason/).inputValue(), /^seal mismatch/);
  await page.getByRole('button', { name: 'Record rejection' }).click();
  await page.getByText('Nothing was imported. The rejection is recorded in the ledger.').waitFor();
  const ledger = await high.bridge.invoke('ledger:list', { limit: 1 });
  assert.ok(ledger.ok);
  const last = (ledger.value as { entries: { event: string; actor: string; data: { reason?: string } }[] }).entries[0]!;
  assert.deepEqual([last.event, last.actor], ['transfer.rejected', 'Oscar Officer']);
  assert.match(last.data.reason ?? '', /^seal mismatch: typed SEAL-9999/);
  await page.getByRole('button', { name: 'Import another package' }).click();
});

test('import: the full import of the exported package with the matching seal and a distinct witness, to a receipt', { skip: skipReason, timeout: 60_000 }, async () => {
  assert.ok(shared.packageDir && high, 'the earlier scenarios must have run');
  const { page } = high;
  await high.shot('choose');
  high.bridge.nextDialog(shared.packageDir);
  await page.getByRole('button', { name: 'Open a package folder…' }).click();
  await page.getByText('PASS: signed by a trusted key').waitFor();
  assert.equal(await page.getByTestId('signer-label').textContent(), 'low-desk');
  assert.match((await page.getByTestId('trusted-comment').textContent())!, new RegExp(`id=${shared.transferId} `));
  await high.shot('signature');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('review-facts').getByText('Quarterly figures for the board').waitFor();
  await page.getByLabel('Officer importing this package').selectOption('Oscar Officer');
  await high.shot('review');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Verify and stage' }).click();
  await page.getByText('PASS: every check passed').waitFor({ timeout: 30_000 });
  await high.shot('verified');
  await page.getByRole('button', { name: 'Next' }).click();
  const seal = await signedSeal();
  const item = (id: string) => page.locator(`[data-item="${id}"]`);
  await item('seal-intact').getByLabel('Intact').check();
  await item('seal-number').getByRole('textbox').fill(seal.toLowerCase());
  await item('paper-matches-screen').getByLabel('Matches').check();
  await item('av-scan').getByLabel('Done, clean').check();
  await item('witness').getByRole('combobox').selectOption('Wim Witness');
  await item('decision-note').getByRole('textbox').fill('Routine transfer');
  await high.shot('import-checklist');
  await publishShot('import-checklist');
  await page.getByRole('button', { name: 'Next' }).click();
  assert.match((await page.getByTestId('match-seal-number').textContent())!, new RegExp(`matches the signed manifest \\(${seal}\\)`));
  await page.getByLabel('Approve and import').check();
  await page.getByLabel(/^Reason/).fill('Matches CHG-2026-11 and the paper manifest');
  await high.shot('decision');
  await publishShot('decision');
  await page.getByRole('button', { name: 'Record decision and import' }).click();
  await page.getByText('PASS: imported').waitFor();
  await high.shot('receipt');
  const importedPath = (await page.getByTestId('imported-path').textContent())!;
  assert.equal(await readFile(join(importedPath, 'quarterly/report.txt'), 'utf8'), 'Quarterly report: UNIQUE-MARKER-0123456789 all figures final.\n');
  assert.equal(await readFile(join(importedPath, 'quarterly/tables/figures.csv'), 'utf8'), 'q,value\n1,10\n2,20\n');
  // Staged in quarantine, released into the import destination; the records folder holds only records.
  const highData = join(suite.root, 'high', 'data');
  assert.equal(importedPath, join(highData, 'imported', shared.transferId!));
  assert.deepEqual(await readdir(join(highData, 'quarantine')), [], 'quarantine is empty after the release');
  assert.ok((await readdir(join(highData, 'records'))).every((n) => n.endsWith('.pdf')), 'records hold only printed papers');
  assert.deepEqual(high.errors, []);
});
