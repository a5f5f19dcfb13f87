// The antivirus scan on paper: the manifest's record in words, the staged files' table, and the
// ledger's `data.scan` read back for `sluice receipt` — a malformed record prints nothing, not a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importScanTable, manifestScanText, scanPaperFromLedger } from '../../../shared/print/scan';
import type { Manifest } from '../../../shared/format/manifest';

const m = (scan: unknown) => ({ scan }) as unknown as Manifest;

test('the manifest\'s scan in words: clean with engine and signatures, not scanned, not recorded', () => {
  assert.equal(manifestScanText(m({ verdict: 'clean', engine: 'ClamAV', engineVersion: '1.4.6', database: { description: 'daily 27456' }, filesScanned: 1 })), 'clean — 1 file scanned by ClamAV 1.4.6; signatures: daily 27456');
  assert.equal(manifestScanText(m({ verdict: 'not-scanned' })), 'NOT SCANNED before packing');
  assert.match(manifestScanText(m(undefined)), /^not recorded/);
});

test('the ledger\'s scan record: read when well-formed, escaped; undefined when malformed or inconsistent', () => {
  const good = { engine: 'ClamAV', engineVersion: '1.4.6', database: { description: 'custom: t.ndb' }, filesScanned: 3, verdict: 'found', findings: [{ path: 'd/e\u0000vil.bin', signature: 'Test.Sig' }] };
  const p = scanPaperFromLedger(good)!;
  assert.equal(p.verdict, 'found');
  assert.equal(p.findings.length, 1);
  assert.doesNotMatch(p.findings[0]!.path, /\u0000/);
  assert.equal(scanPaperFromLedger({ ...good, findings: [] }), undefined, '"found" without findings');
  assert.equal(scanPaperFromLedger({ ...good, verdict: 'clean' }), undefined, '"clean" with findings');
  assert.equal(scanPaperFromLedger({ ...good, findings: [{ path: 1, signature: 'x' }] }), undefined);
  assert.equal(scanPaperFromLedger({ ...good, filesScanned: '3' }), undefined);
  assert.equal(scanPaperFromLedger(null), undefined);
  assert.equal(scanPaperFromLedger('clean'), undefined);
});

test('the staged files\' table names the verdict, engine, signatures and each finding', () => {
  const t = importScanTable({ engine: 'ClamAV', engineVersion: '1.4.6', database: 'custom: t.ndb', filesScanned: 3, verdict: 'found', findings: [{ path: 'd/evil.bin', signature: 'Test.Sig' }] });
  const html = JSON.stringify(t).replace(/<wbr>/g, '');
  assert.match(html, /FOUND — 1 infected file/);
  assert.match(html, /ClamAV 1\.4\.6/);
  assert.match(html, /d\/evil\.bin — signature Test\.Sig/);
  assert.match(JSON.stringify(importScanTable({ engine: 'ClamAV', engineVersion: '1', database: 'x', filesScanned: 0, verdict: 'clean', findings: [] })), /CLEAN/);
});
