// E2E in real Chromium through the bridge: during an export (its Manifest step, before sealing),
// saving the manifest PDF onto the medium keeps the PDF in the records folder and beside the package (pdftotext finds the transfer id and manifest digest);
// after the import, the receipt PDF carries the ledger head; the Records screen finds the transfer,
// lists its events and documents, opens one, and says the ledger is intact. Screenshots of the
// Records screen go to test-output/screenshots/ (with SLUICE_UPDATE_SCREENSHOTS=1, one is copied to
// docs/screenshots/records.png for the README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { E2E_SEAL, SHOTS_DIR, type Station, answerChecklist, e2eSuite, finishExport, openAndVerify, packToTarget, skipReason, addSourceFolder } from './helpers';
import { setUpThroughApp } from './station-setup';
import { inspectLedger } from '../../electron/engine/ledger';
import { fileURLToPath } from 'node:url';

const PASSPHRASE = 'records e2e passphrase';
const repo = fileURLToPath(new URL('../..', import.meta.url));
const pdfText = (file: string) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const suite = e2eSuite('sluice-e2e-records-');

async function configured(name: string, role: 'EXPORT' | 'IMPORT'): Promise<Station & { data: string }> {
  const s = await suite.station(name, 'records');
  const data = join(suite.root, name, 'data');
  await setUpThroughApp(s, role, data);
  return Object.assign(s, { data });
}

test('print the manifest and the receipt, then find the transfer in Records with an intact ledger', { skip: skipReason, timeout: 150_000 }, async () => {
  // Export station: key by the handler table, the transfer through the wizard.
  const low = await configured('low', 'EXPORT');
  const key = await low.bridge.invoke('keys:generate', { name: 'low-rec', passphrase: PASSPHRASE, actor: 'Olga Operator' });
  assert.ok(key.ok, JSON.stringify(key.error));
  const src = join(suite.root, 'src', 'minutes');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'minutes.txt'), 'Board minutes, final.\n');
  const usb = join(suite.root, 'usb');
  await mkdir(usb);
  const { page } = low;
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByLabel(/^Purpose/).fill('Board minutes');
  await page.getByLabel(/^Ticket/).fill('CHG-2026-12');
  await page.getByLabel(/^Seal number/).fill(E2E_SEAL);
  await page.getByRole('button', { name: 'Next' }).click();
  await addSourceFolder(page, low.bridge, src);
  await packToTarget(page, low.bridge, usb, PASSPHRASE);
  // The manifest PDF is saved onto the medium on the wizard's Manifest step, before sealing.
  await finishExport(page, { pdfOnMedium: true });
  const transferId = (await page.getByTestId('transfer-id').textContent())!;
  const digest = (await page.getByTestId('manifest-digest').textContent())!.replace(/\s/g, '');
  await low.shot('summary-printed');
  const inRecords = join(low.data, 'records', `${transferId}.manifest.pdf`);
  const beside = join(usb, `${transferId}.manifest.pdf`);
  for (const f of [inRecords, beside]) {
    const text = pdfText(f);
    assert.ok(text.includes(transferId), `${f} names the transfer`);
    assert.ok(text.includes(digest), `${f} carries the manifest digest`);
  }
  const [packageName] = (await readdir(usb)).filter((n) => !n.endsWith('.pdf'));
  const packageDir = join(usb, packageName!);
  assert.deepEqual((await readdir(packageDir)).filter((n) => n.endsWith('.pdf')), [], 'nothing inside the package');

  // Import station: trust the key, import through the wizard, print the receipt.
  const high = await configured('high', 'IMPORT');
  high.bridge.nextDialog(join(low.data, 'keys', 'low-rec.pub'));
  await high.bridge.invoke('dialog:openFiles', {});
  const fp = (key.value as { fingerprint: string }).fingerprint;
  const trusted = await high.bridge.invoke('trust:add', { file: join(low.data, 'keys', 'low-rec.pub'), label: 'low-desk', typedFingerprint: fp, actor: 'Oscar Officer' });
  assert.ok(trusted.ok, JSON.stringify(trusted.error));
  const hp = high.page;
  await hp.getByRole('button', { name: 'Import', exact: true }).click();
  await openAndVerify(hp, high.bridge, packageDir);
  await hp.getByText('PASS: every check passed').waitFor({ timeout: 30_000 });
  await hp.getByRole('button', { name: 'Next' }).click();
  await hp.getByLabel('Answering as').selectOption('Oscar Officer');
  await answerChecklist(hp, 'import');
  await hp.getByRole('button', { name: 'Next' }).click();
  await hp.getByLabel('Approve and import').check();
  await hp.getByLabel(/^Reason/).fill('Matches the printed manifest');
  await hp.getByRole('button', { name: 'Record decision and import' }).click();
  await hp.getByText('PASS: imported').waitFor();
  await hp.getByRole('button', { name: 'Save receipt as PDF' }).click();
  await hp.getByText('DONE: receipt kept in the records').waitFor({ timeout: 30_000 });
  await high.shot('receipt-printed');
  const { lines } = await inspectLedger(join(high.data, 'ledger', 'ledger.jsonl'));
  const imported = lines.find((l) => l.entry.event === 'transfer.imported' && l.entry.transferId === transferId)!;
  assert.ok(pdfText(join(high.data, 'records', `${transferId}.receipt.pdf`)).includes(`${imported.entry.seq}:${imported.hash}`), 'the receipt carries the ledger head');

  // Records: find the transfer, its events and documents; open one; the ledger is intact.
  await hp.getByRole('button', { name: 'Records' }).click();
  await hp.getByLabel('Transfer id').fill(transferId.slice(0, 12));
  await hp.getByLabel('Transfer id').press('Enter');
  const record = hp.getByTestId('transfer-record');
  await record.getByRole('table', { name: `Events of ${transferId}` }).getByText('Imported to').waitFor();
  const events = await record.getByRole('table', { name: `Events of ${transferId}` }).textContent();
  for (const words of ['Package verified: every check passed', 'Checklist completed (import)', 'Approved for import', 'Document printed: receipt']) assert.ok(events!.includes(words), words);
  const docs = record.getByRole('table', { name: `Documents of ${transferId}` });
  assert.match((await docs.textContent())!, /Import receipt.*✓ matches the ledger/);
  await docs.getByRole('button', { name: `Open ${transferId}.receipt.pdf` }).click();
  await hp.getByText(`${transferId}.receipt.pdf is open in the system PDF viewer.`).waitFor();
  assert.deepEqual(high.bridge.opened, [join(high.data, 'records', `${transferId}.receipt.pdf`)]);
  await hp.getByRole('button', { name: 'Verify the ledger' }).focus();
  await hp.keyboard.press('Enter');
  const verdict = (await hp.getByTestId('ledger-verdict').textContent())!;
  assert.match(verdict, new RegExp(`^The custody ledger is intact: ${lines.length} entries, last entry ${lines.length}:[0-9a-f]{12}…\\.$`));
  await high.shot('records');
  const shots = (await readdir(SHOTS_DIR)).filter((n) => /^records-\d+-records\.png$/.test(n)).sort();
  assert.ok(shots.length > 0, 'the Records screenshot was taken');
  // A test run never rewrites tracked files; refresh the README's picture deliberately.
  if (process.env.SLUICE_UPDATE_SCREENSHOTS === '1') {
    await mkdir(join(repo, 'docs/screenshots'), { recursive: true });
    await copyFile(join(SHOTS_DIR, shots.at(-1)!), join(repo, 'docs/screenshots/records.png'));
  }

  // The export station's own Records screen shows its transfer with the packing events.
  await page.getByRole('button', { name: 'Records' }).click();
  await page.getByLabel('Person').fill('Olga');
  await page.getByRole('button', { name: 'Search' }).click();
  const lowEvents = await page.getByTestId('transfer-record').getByRole('table', { name: `Events of ${transferId}` }).textContent();
  for (const words of ['Packed and signed', 'Checklist completed (before packing)', 'Written to media', 'Checklist completed (after packing)', 'Document printed: manifest']) assert.ok(lowEvents!.includes(words), words);
  await low.shot('records-export');
  assert.deepEqual([...low.errors, ...high.errors], []);
});
