// `sluice receipt --pdf` carries the procedure (issue 8): the import checklist recorded in the ledger
// (seal typed and matched, antivirus answer, witness) and the witness co-signature the verifier judged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dispatch } from '../../electron/cli/dispatch';
import { signBytes } from '../../electron/engine/crypto/minisign';
import { importPackage } from '../../electron/engine/import/import';
import { loadTrustStore, trustKey } from '../../electron/engine/keys/trust-store';
import { appendEvent } from '../../electron/engine/ledger/index';
import type { PackResult } from '../../electron/engine/pack/pack';
import { renderCosignComment } from '../../shared/format/trusted-comment';
import { bufferIo } from '../helpers/cli';
import { makeTestKey, type TestKey } from '../helpers/keys';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';
import { makeImportChecklist } from '../shared/print/fixtures';

let dir: string;
let fx: Fixture;
let witness: TestKey;
let sealed: PackResult;
let rejectedPkg: PackResult;
let ledger: string;
const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

/** Writes the witness's cosign-<KEYID>.minisig over manifest.json, as `sluice cosign` does. */
async function cosign(pkg: PackResult, key: TestKey): Promise<void> {
  const m = pkg.manifest;
  const comment = renderCosignComment({ file: 'manifest.json', id: m.transferId, seq: m.sequence, from: m.source, to: m.destination, role: 'witness' });
  const sig = signBytes(await readFile(join(pkg.packageDir, 'manifest.json')), key.signingKey, comment);
  await writeFile(join(pkg.packageDir, `cosign-${key.keyId}.minisig`), sig);
}

/** The `checklist.completed` entry `sluice import --checklist` and the app write before deciding. */
async function recordChecklist(pkg: PackResult, answers: Parameters<typeof makeImportChecklist>[1]) {
  const c = makeImportChecklist(pkg.manifest, answers);
  await appendEvent(ledger, {
    event: 'checklist.completed', station: 'HIGH', actor: 'Olga Officer', transferId: pkg.manifest.transferId,
    data: { stage: 'import', items: c.records.map((r) => `${r.itemId}: ${String(r.value)}`), records: c.records, blocks: c.blocks, matches: c.matches },
  });
  return c;
}

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-receipt-trail-');
  fx = await makeFixture(dir);
  ledger = join(dir, 'ledger.jsonl');
  witness = await makeTestKey(join(dir, 'witness-keys'), 'wim');
  await trustKey(join(dir, 'trust'), await readFile(witness.pubFile, 'utf8'), 'wim-witness', 'witness');
  const store = await loadTrustStore(join(dir, 'trust'));
  sealed = await fx.makePackage({ transferId: 'TRAIL-1', sequence: 11, seal: 'SEAL-4711', ...fresh() });
  await cosign(sealed, witness);
  await recordChecklist(sealed, { seal: 'seal-4711', av: 'Done, clean', witness: 'Wim Witness' });
  await mkdir(join(dir, 'dest'));
  const r = await importPackage(sealed.packageDir, { store, destRoot: join(dir, 'dest'), station: 'HIGH', ledgerFile: ledger, officer: 'Olga Officer', reason: 'seal and paper match; scan clean' });
  assert.equal(r.ok, true, JSON.stringify(r.failures));

  rejectedPkg = await fx.makePackage({ transferId: 'TRAIL-2', sequence: 12, seal: 'SEAL-4712', ...fresh() });
  const c = await recordChecklist(rejectedPkg, { seal: 'SEAL-9999', av: 'Done, findings (reject)' });
  await appendEvent(ledger, {
    event: 'transfer.rejected', station: 'HIGH', actor: 'Olga Officer', transferId: 'TRAIL-2',
    data: { reason: c.blocks.map((b) => b.reason).join('; '), manifestSha256: rejectedPkg.manifestSha256 },
  });
});
after(() => removeTempDir(dir));

async function sluice(...argv: string[]) {
  const io = bufferIo();
  const code = await dispatch(argv, io);
  return { code, out: io.out(), err: io.err() };
}
const pdfText = (pdf: string) => execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const flat = (s: string) => s.replace(/\s+/g, '');

test('the receipt PDF carries the seal typed and matched, the antivirus answer, the witness and the co-signer', async () => {
  const pdf = join(dir, 'receipt.pdf');
  const r = await sluice('receipt', sealed.packageDir, '--trust', join(dir, 'trust'), '--ledger', ledger, '--pdf', pdf);
  assert.equal(r.code, 0, r.err);
  const text = pdfText(pdf);
  for (const needle of ['SEAL-4711', 'Seal number typed at import', 'seal-4711', 'MATCHED', 'Antivirus scan of the staged files', 'Done, clean', 'Wim Witness', 'seal and paper match; scan clean']) {
    assert.ok(text.includes(flat(needle)), `${needle} on the receipt`);
  }
  // The co-signer as the verifier judged it (report.cosigners): key id, label and fingerprint.
  assert.ok(text.includes(witness.keyId), `the witness's key id ${witness.keyId} on the receipt`);
  assert.ok(text.includes(flat(witness.fingerprint)) && text.includes('wim-witness') && text.includes('VALID'));
  assert.ok(!text.includes('Noimportchecklistwasrecorded'));
});

test('a receipt for an import with no recorded checklist says so', async () => {
  const plain = await fx.makePackage({ transferId: 'TRAIL-3', sequence: 13, ...fresh() });
  const store = await loadTrustStore(join(dir, 'trust'));
  const r = await importPackage(plain.packageDir, { store, destRoot: join(dir, 'dest'), station: 'HIGH', ledgerFile: ledger, officer: 'Olga Officer', reason: 'ok' });
  assert.equal(r.ok, true);
  const html = join(dir, 'plain.html');
  assert.equal((await sluice('receipt', plain.packageDir, '--trust', join(dir, 'trust'), '--ledger', ledger, '--html', html)).code, 0);
  const text = await readFile(html, 'utf8');
  assert.ok(text.includes('No import checklist was recorded for this transfer.'));
  assert.ok(!text.includes('SEAL-4711'), 'another transfer’s checklist is never borrowed');
});

test('the rejection report with --ledger carries the blocking answers, the seal that did not match and the reason', async () => {
  const pdf = join(dir, 'rejection.pdf');
  const r = await sluice('receipt', rejectedPkg.packageDir, '--trust', join(dir, 'trust'), '--rejected', '--station', 'HIGH', '--ledger', ledger, '--pdf', pdf);
  assert.equal(r.code, 0, r.err);
  const text = pdfText(pdf);
  for (const needle of ['REJECTED BY THE SECURITY OFFICER', 'Olga Officer', 'SEAL-9999', 'DID NOT MATCH', 'Done, findings (reject)', 'Answers that blocked approval', 'seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4712']) {
    assert.ok(text.includes(flat(needle)), `${needle} on the rejection report`);
  }
  const none = await sluice('receipt', sealed.packageDir, '--trust', join(dir, 'trust'), '--rejected', '--station', 'HIGH', '--ledger', ledger, '--html', join(dir, 'x.html'));
  assert.equal(none.code, 2);
  assert.match(none.err, /records no rejection of transfer TRAIL-1/);
});
