// The procedure on paper (issue 8 item 7): seal, checklists, co-signatures, decision and reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest } from '../../../shared/print/index';
import { escapeHtml } from '../../../shared/print/escape';
import { HOSTILE, makeCosigners, makeImportChecklist, makeImportReport, makeManifest, makeReport, sha } from './fixtures';

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp-abcd' };
const sealed = (n = 3) => makeManifest(n, { seal: 'SEAL-4711', critical: ['cosign'], cosign: { witnesses: 2 } });
// Text as a person reads it: tags dropped (a <wbr> or a cell boundary), entities decoded.
const visible = (html: string) => html.replace(/<wbr>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

test('the transfer manifest prints the signed seal, the co-signature requirement and the pre-pack answers', () => {
  const html = renderTransferManifest({ manifest: sealed(), manifestSha256: sha('m'), signer });
  const text = visible(html);
  assert.match(text, /Seal number SEAL-4711/);
  assert.ok(text.includes('2 witness co-signatures required (critical extension cosign)'));
  assert.ok(text.includes('Pre-pack checklist (signed into the manifest)'));
  assert.ok(text.includes('Files scanned for malware') && text.includes('YES, confirmed') && text.includes('2026-11-22T03:00:00Z'));
  assert.ok(!text.includes('No checklist was recorded'), 'a manifest with answers never says there are none');
  assert.ok(text.includes('Witness co-signatures (to note by hand)'));
  assert.equal((html.match(/<div class="m w16">&nbsp;<br>&nbsp;<\/div>/g) ?? []).length, 2, 'a blank row per required witness');
});

test('a manifest without seal, answers or requirement says so in words', () => {
  const html = renderTransferManifest({ manifest: makeManifest(2, { checklist: [] }), manifestSha256: sha('m'), signer });
  const text = visible(html);
  assert.ok(text.includes('No seal number was signed into this manifest'));
  assert.ok(text.includes('No checklist was recorded for this transfer.'));
  assert.ok(text.includes('None declared in this manifest'));
  assert.ok(!text.includes('critical extension cosign'));
});

test('co-signatures added before printing are printed with key id and fingerprint', () => {
  const [witness] = makeCosigners();
  const html = renderTransferManifest({ manifest: sealed(), manifestSha256: sha('m'), signer, cosigners: [witness!] });
  const text = visible(html);
  assert.ok(text.includes('Witness co-signatures added before printing'));
  assert.ok(text.includes(witness!.keyId) && text.includes(witness!.fingerprint!) && text.includes('wim-witness'));
  assert.ok(!text.includes('to note by hand'));
});

test('the import receipt prints the import checklist, the seal typed and matched, the witness and the co-signers', () => {
  const m = sealed();
  const checklist = makeImportChecklist(m, { seal: 'seal-4711 ' });
  const report = { ...makeImportReport(m), cosigners: makeCosigners(), witnessesRequired: 1 };
  const html = renderImportReceipt({
    report, checklist, station: 'HIGH', ledger: { seq: 12, hash: sha('ledger') },
    decision: { officer: 'Olga Officer', decision: 'approved', reason: 'matches request CHG-1234', at: '2026-11-23T08:05:00Z' },
  });
  const text = visible(html);
  assert.match(text, /Seal number signed into the manifest SEAL-4711/);
  assert.match(text, /Seal number typed at import seal-4711 Comparison MATCHED/);
  assert.ok(text.includes('seal-4711 — MATCHED the signed seal'), 'beside the answer in the checklist too');
  assert.ok(text.includes('Antivirus scan of the staged files Done, clean Olga Officer 2026-11-23T08:04:00Z'));
  assert.match(text, /Witness Wim Witness/);
  assert.ok(text.includes('Witness co-signatures (1 valid, 1 required)'));
  for (const c of report.cosigners) assert.ok(text.includes(c.keyId), c.keyId);
  assert.ok(text.includes('AB12 CD34 EF56 7890 1122 3344 5566 7788 99AA BBCC') && text.includes('VALID') && text.includes('NOT COUNTED: key not trusted'));
  assert.ok(html.includes(escapeHtml(HOSTILE.script)) && !html.includes('<script'));
  assert.ok(text.includes('matches request CHG-1234') && text.includes(`12:${sha('ledger')}`));
  assert.ok(!text.includes('Answers that blocked approval'));
});

test('a receipt without a recorded checklist says so rather than inventing answers', () => {
  const m = sealed();
  const html = renderImportReceipt({
    report: makeImportReport(m), station: 'HIGH', ledger: { seq: 1, hash: sha('l') },
    decision: { officer: 'Olga', decision: 'approved', reason: 'ok', at: '2026-11-23T08:05:00Z' },
  });
  const text = visible(html);
  assert.ok(text.includes('No import checklist was recorded for this transfer.'));
  assert.ok(text.includes('Not compared: no import checklist was recorded'));
  assert.ok(text.includes('Co-signatures were not checked'), 'a report without cosigners does not claim none were there');
});

test('the rejection report prints the blocking answers, the seal that did not match and the reason', () => {
  const m = sealed();
  const checklist = makeImportChecklist(m, { seal: 'SEAL-9999', av: 'Done, findings (reject)' });
  assert.equal(checklist.blocks.length, 2);
  const reason = checklist.blocks.map((b) => b.reason).join('; ');
  const html = renderRejectionReport({ report: { ...makeReport(m), cosigners: [], witnessesRequired: 2 }, station: 'HIGH', officer: 'Olga Officer', reason, checklist });
  const text = visible(html);
  assert.ok(text.includes('REJECTED BY THE SECURITY OFFICER'));
  assert.ok(text.includes('Seal number typed at import SEAL-9999 Comparison DID NOT MATCH (signed: SEAL-4711)'));
  assert.ok(text.includes('Answers that blocked approval (2)'));
  assert.ok(text.includes('Done, findings (reject) — BLOCKS APPROVAL'));
  assert.ok(text.includes('seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711'));
  assert.ok(text.includes('Witness co-signatures (0 valid, 2 required — NOT ENOUGH)'));
  assert.ok(text.includes('The package carries no co-signature'));
});

test('a rejection report of a package that failed before any checklist prints no checklist section', () => {
  const text = visible(renderRejectionReport({ report: makeReport(null, false), station: 'HIGH' }));
  assert.ok(!text.includes('Import checklist') && !text.includes('Seal number typed'));
});
