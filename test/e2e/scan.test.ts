// E2E in real Chromium through the bridge with real ClamAV (clamscan) and a custom test signature
// database: an officer requires scanning in Settings → Antivirus; the before-packing checklist's
// antivirus item is then answered by the machine, and the export summary shows the signed scan. On
// the import station the review shows the export side's scan, verification shows the staged files'
// scan (clean), and an infected package — packed bypassing the export scan — shows the finding,
// answers the antivirus item itself and leaves Reject as the only decision. With
// SLUICE_UPDATE_SCREENSHOTS=1 the screens are copied to docs/screenshots/ for the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { type Station, E2E_SEAL, SHOTS_DIR, e2eSuite, fillExportDetails, finishExport, openAndVerify, skipReason, addSourceFolder, chooseTargetAndPack } from './helpers';
import { setUpThroughApp } from './station-setup';
import { loadSigningKey } from '../../electron/engine/keys';
import { pack } from '../../electron/engine/pack/pack';
import { MARKER, writeTestDatabase } from '../helpers/clamav';

const PASSPHRASE = 'e2e scan correct horse battery';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const suite = e2eSuite('sluice-e2e-scan-');
const shared: { packageDir?: string; keyFile?: string; pubFile?: string; fingerprint?: string; db?: string } = {};
let high: Station | undefined;

/** Copies the latest screenshot `scan-NN-<name>.png` to docs/screenshots/<name>.png with SLUICE_UPDATE_SCREENSHOTS=1. */
async function publishShot(name: string): Promise<void> {
  if (process.env.SLUICE_UPDATE_SCREENSHOTS !== '1') return;
  const shots = (await readdir(SHOTS_DIR)).filter((n) => new RegExp(`^scan-\\d+-${name}\\.png$`).test(n)).sort();
  assert.ok(shots.length, `a ${name} screenshot was taken`);
  await mkdir(join(REPO, 'docs/screenshots'), { recursive: true });
  await copyFile(join(SHOTS_DIR, shots.at(-1)!), join(REPO, 'docs/screenshots', `${name}.png`));
}

/** Settings → Antivirus through the screen: the officer chooses the signature folder and requires scanning. */
async function requireScanning(s: Station, db: string): Promise<void> {
  const { page } = s;
  await page.getByRole('button', { name: 'Settings' }).click();
  const av = page.getByTestId('antivirus-settings');
  await av.getByLabel('Changed by').selectOption('Oscar Officer');
  s.bridge.nextDialog(db);
  await av.getByRole('button', { name: 'Choose signature folder…' }).click();
  await av.getByTestId('scanner-status').getByText(/custom: sluice-test\.ndb/).waitFor();
  await av.getByLabel(/Required — every pack/).click();
  await page.waitForFunction(() => (document.querySelector('input[name="scan-policy"][value="required"]') as HTMLInputElement | null)?.checked === true);
}

test('export: required scanning answers the antivirus item by machine; the summary shows the signed scan', { skip: skipReason, timeout: 120_000 }, async () => {
  shared.db = await writeTestDatabase(suite.root);
  const src = join(suite.root, 'src', 'release');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'notes.txt'), 'Release notes, all clean.\n');
  await writeFile(join(src, 'tool.bin'), Buffer.alloc(4096, 7));
  const target = join(suite.root, 'usb');
  await mkdir(target);
  const data = join(suite.root, 'low', 'data');
  const s = await suite.station('low', 'scan');
  await setUpThroughApp(s, 'EXPORT', data);
  const gen = await s.bridge.invoke('keys:generate', { name: 'low-scan', passphrase: PASSPHRASE, actor: 'Olga Operator' });
  assert.ok(gen.ok, JSON.stringify(gen.error));
  shared.keyFile = join(data, 'keys', 'low-scan.key');
  shared.pubFile = join(data, 'keys', 'low-scan.pub');
  shared.fingerprint = (gen.value as { fingerprint: string }).fingerprint;

  await requireScanning(s, shared.db);
  await s.shot('settings-antivirus');
  await publishShot('settings-antivirus');
  const ledger = await s.bridge.invoke('ledger:list', {});
  assert.ok(ledger.ok);
  const changes = (ledger.value as { entries: { event: string; actor: string }[] }).entries.filter((e) => e.event === 'station.scan-settings');
  assert.deepEqual(changes.map((e) => e.actor), ['Oscar Officer', 'Oscar Officer'], 'both changes ledgered with the officer');

  const { page } = s;
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await fillExportDetails(page, 'Release 4.2 for the secure side');
  await addSourceFolder(page, s.bridge, src, /2 file\(s\)/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Before packing/ }).waitFor();
  await page.getByTestId('export-scan-choice').getByText('This station requires an antivirus scan').waitFor();
  const machine = page.locator('[data-item="sources-scanned"]');
  await machine.getByText(/answered by the machine \(ClamAV \d[\d.]*\), not by a person/).waitFor();
  assert.equal(await machine.getByRole('checkbox').count(), 0, 'the operator cannot answer it');
  for (const id of ['sources-approved', 'content-reviewed', 'media-fresh']) await page.locator(`[data-item="${id}"]`).getByRole('checkbox').check();
  await page.locator('[data-item="vendor-checksums"]').getByRole('radio').nth(2).check();
  await s.shot('pre-checklist-scan');
  await publishShot('pre-checklist-scan');
  await page.getByRole('button', { name: 'Next' }).click();
  await chooseTargetAndPack(page, s.bridge, target, PASSPHRASE);
  await finishExport(page);
  const fact = page.getByTestId('manifest-scan');
  assert.equal(await fact.getAttribute('data-verdict'), 'clean');
  assert.match((await fact.textContent())!, /^clean — 2 file\(s\) scanned by ClamAV \S+; signatures: custom: sluice-test\.ndb/);
  await s.shot('export-summary-scan');
  await publishShot('export-summary-scan');
  const packages = (await readdir(target)).filter((n) => !n.startsWith('.'));
  assert.equal(packages.length, 1);
  shared.packageDir = join(target, packages[0]!);
  const manifest = JSON.parse(await readFile(join(shared.packageDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.scan.verdict, 'clean');
  assert.match(manifest.checklist.find((c: { itemId: string }) => c.itemId === 'sources-scanned').by, /\(machine\)$/);
  assert.deepEqual(s.errors, []);
});

test('import: the review shows the export side\'s scan; verification scans the staged files (clean)', { skip: skipReason, timeout: 90_000 }, async () => {
  assert.ok(shared.packageDir && shared.db, 'the export scenario must have run');
  high = await suite.station('high', 'scan');
  await setUpThroughApp(high, 'IMPORT', join(suite.root, 'high', 'data'));
  // Trust the export key (as the officer does in Keys and trust) and require scanning.
  high.bridge.nextDialog(shared.pubFile!);
  assert.ok((await high.bridge.invoke('dialog:openFiles', {})).ok);
  const trusted = await high.bridge.invoke('trust:add', { file: shared.pubFile, label: 'low-desk', typedFingerprint: shared.fingerprint, actor: 'Oscar Officer' });
  assert.ok(trusted.ok, JSON.stringify(trusted.error));
  await requireScanning(high, shared.db);
  const { page } = high;
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  high.bridge.nextDialog(shared.packageDir);
  await page.getByRole('button', { name: 'Open a package folder…' }).click();
  await page.getByText('PASS: signed by a trusted key').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  const fact = page.getByTestId('review-facts').getByTestId('manifest-scan');
  assert.match((await fact.textContent())!, /^clean — 2 file\(s\) scanned by ClamAV/);
  await page.getByLabel('Officer importing this package').selectOption('Oscar Officer');
  await high.shot('review-scan');
  await publishShot('review-scan');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Verify and stage' }).click();
  await page.getByTestId('staged-scan').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('staged-scan').getAttribute('data-verdict'), 'clean');
  await page.getByText('Antivirus: CLEAN — no finding in the staged files').waitFor();
  await high.shot('verified-scan');
  await publishShot('verified-scan');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('[data-item="av-scan"]').getByText(/Done, clean — answered by the machine/).waitFor();
  await page.getByRole('button', { name: 'Discard and start over' }).click();
  await page.getByRole('heading', { name: /Step 1 of 7: Choose package/ }).waitFor();
});

test('import: an infected staged file is shown with its signature, answers the antivirus item, and leaves only Reject', { skip: skipReason, timeout: 90_000 }, async () => {
  assert.ok(high && shared.keyFile, 'the earlier scenarios must have run');
  const { page } = high;
  // Packed with the engine directly, bypassing the export side's scan, as a compromised station might.
  const content = join(suite.root, 'infected', 'drop');
  await mkdir(content, { recursive: true });
  await writeFile(join(content, 'readme.txt'), 'harmless\n');
  await writeFile(join(content, 'payload.bin'), `header ${MARKER} trailer\n`);
  const out = join(suite.root, 'infected-usb');
  await mkdir(out);
  const packed = await pack({
    sources: [content], outDir: out, signingKey: await loadSigningKey(shared.keyFile, PASSPHRASE), source: 'LOW', destination: 'HIGH',
    sequence: 99, expires: new Date(Date.now() + 86_400_000), operator: 'Olga Operator', seal: E2E_SEAL,
  });
  await openAndVerify(page, high.bridge, packed.packageDir);
  await page.getByTestId('staged-scan').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('staged-scan').getAttribute('data-verdict'), 'found');
  const row = page.getByRole('table', { name: 'Antivirus findings' }).getByRole('row').filter({ hasText: 'payload.bin' });
  assert.match((await row.textContent())!, /drop\/payload\.bin.*Sluice\.Test\.Marker\.UNOFFICIAL/);
  await high.shot('verified-scan-found');
  await publishShot('verified-scan-found');
  await page.getByRole('button', { name: 'Next' }).click();
  const item = (id: string) => page.locator(`[data-item="${id}"]`);
  await item('av-scan').getByText(/Done, findings \(reject\) — answered by the machine/).waitFor();
  await item('seal-intact').getByLabel('Intact').check();
  await item('seal-number').getByRole('textbox').fill(E2E_SEAL);
  await item('paper-matches-screen').getByLabel('Matches').check();
  await item('witness').getByRole('combobox').selectOption('Wim Witness');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Approval is not possible').waitFor();
  assert.equal(await page.getByLabel('Approve and import').count(), 0, 'Approve is not offered');
  assert.match(await page.getByLabel(/^Reason/).inputValue(), /Done, findings \(reject\).*payload\.bin: Sluice\.Test\.Marker/);
  await high.shot('decision-scan-blocked');
  await page.getByRole('button', { name: 'Record rejection' }).click();
  await page.getByText('Nothing was imported. The rejection is recorded in the ledger.').waitFor();
  assert.deepEqual(await readdir(join(suite.root, 'high', 'data', 'imported')), [], 'nothing released');
  const ledger = await high.bridge.invoke('ledger:list', { limit: 1 });
  assert.ok(ledger.ok);
  const last = (ledger.value as { entries: { event: string; data: { scan?: { verdict: string; findings: { signature: string }[] } } }[] }).entries[0]!;
  assert.equal(last.event, 'transfer.rejected');
  assert.equal(last.data.scan?.verdict, 'found');
  assert.deepEqual(high.errors, []);
});
