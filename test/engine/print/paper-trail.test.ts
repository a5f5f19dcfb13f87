// What the receipt and the app's manifest read back from the ledger: the import checklist of the
// right decision, and the co-signatures this station made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findImportChecklist, importChecklistOf, recordedCosigners } from '../../../electron/engine/print/paper-trail';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { makeImportChecklist, makeManifest } from '../../shared/print/fixtures';

let seq = 0;
const entry = (event: string, transferId: string, data: Record<string, unknown>, actor = 'Olga'): LedgerEntry => ({
  seq: ++seq, time: '2026-11-23T08:00:00Z', prev: '0'.repeat(64), event, station: 'HIGH', actor, transferId, data,
});
const m = makeManifest(1, { seal: 'SEAL-4711' });
const checklistData = (answers: Parameters<typeof makeImportChecklist>[1]) => {
  const c = makeImportChecklist(m, answers);
  return { stage: 'import', items: [], records: c.records, matches: c.matches, blocks: c.blocks };
};

test('the checklist printed is the one answered before that decision, of that transfer', () => {
  seq = 0;
  const entries = [
    entry('checklist.completed', 'T1', checklistData({ seal: 'SEAL-0000', av: 'Done, findings (reject)' })),
    entry('transfer.rejected', 'T1', { reason: 'seal mismatch' }),
    entry('checklist.completed', 'T1', checklistData({ seal: 'SEAL-4711' })),
    entry('checklist.completed', 'T2', checklistData({ seal: 'OTHER-1' })),
    entry('checklist.completed', 'T1', { stage: 'export-post', items: [], records: [] }),
    entry('transfer.imported', 'T1', {}),
  ];
  const forImport = findImportChecklist(entries, 'T1', 6)!;
  assert.deepEqual(forImport.matches.map((x) => [x.typed, x.matched]), [['SEAL-4711', true]]);
  assert.equal(forImport.blocks.length, 0);
  const forRejection = findImportChecklist(entries, 'T1', 2)!;
  assert.deepEqual(forRejection.blocks.map((b) => b.itemId).sort(), ['av-scan', 'seal-number']);
  assert.equal(findImportChecklist(entries, 'T1', 1), undefined, 'nothing before the first entry');
  assert.equal(findImportChecklist(entries, 'T3', 6), undefined);
});

test('ledger data that is not a checklist of the expected shape is left out, never printed as one', () => {
  seq = 0;
  const good = checklistData({ seal: 'SEAL-4711' });
  const e = entry('checklist.completed', 'T1', { stage: 'import', records: [good.records[0], { label: 1 }, 'x', null], matches: [{ ...good.matches[0], matched: 'yes' }], blocks: 'none' });
  const c = importChecklistOf(e)!;
  assert.equal(c.records.length, 1);
  assert.deepEqual(c.matches, []);
  assert.deepEqual(c.blocks, []);
  assert.deepEqual(importChecklistOf(entry('checklist.completed', 'T1', { items: [] })), null, 'an entry without stage import is not an import checklist');
  // Records written before matches and blocks were recorded (older app versions) still print.
  assert.equal(importChecklistOf(entry('checklist.completed', 'T1', { stage: 'import', records: good.records }))!.records.length, good.records.length);
});

test('recordedCosigners: co-signatures made here over this manifest whose file is still in the package', () => {
  seq = 0;
  const entries = [
    entry('transfer.cosigned', 'T1', { keyId: 'AAAA000011112222', role: 'witness', manifestSha256: 'h1', fingerprint: 'FP A', file: 'cosign-AAAA000011112222.minisig' }, 'Wim'),
    entry('transfer.cosigned', 'T1', { keyId: 'BBBB000011112222', role: 'witness', manifestSha256: 'h1' }, 'Wanda'),
    entry('transfer.cosigned', 'T1', { keyId: 'CCCC000011112222', role: 'witness', manifestSha256: 'old' }, 'Old'),
    entry('transfer.cosigned', 'T2', { keyId: 'DDDD000011112222', role: 'witness', manifestSha256: 'h1' }, 'Other'),
  ];
  const files = ['manifest.json', 'cosign-AAAA000011112222.minisig', 'cosign-CCCC000011112222.minisig', 'cosign-DDDD000011112222.minisig'];
  const got = recordedCosigners(entries, 'T1', 'h1', files);
  assert.deepEqual(got.map((c) => [c.keyId, c.label, c.fingerprint]), [['AAAA000011112222', 'Wim', 'FP A']]);
  assert.equal(recordedCosigners(entries, 'T1', 'h1', [...files, 'cosign-BBBB000011112222.minisig']).length, 2);
});
