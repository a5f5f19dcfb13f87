// The checklist policy: blocking options leave only Reject, a blind must-match answer is compared
// with the signed manifest, a witness must be another person, and the shipped templates carry
// these consequences. Answers and templates here are written by the test, not derived from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checklistTemplateSchema, type ChecklistTemplate } from '../../shared/checklist';
import { evaluateChecklist, policyRecords, sameAnswer } from '../../shared/checklist-policy';
import { loadDefaultTemplates } from '../../electron/engine/checklists/templates';

const resources = join(import.meta.dirname, '../../resources/checklists');

const template: ChecklistTemplate = checklistTemplateSchema.parse({
  template: 'sluice-checklist/1',
  stage: 'import',
  title: 'Import',
  items: [
    { id: 'av', kind: 'choice', required: true, label: 'AV scan', options: ['Clean', 'Findings (reject)'], blocksApproval: ['Findings (reject)'] },
    { id: 'seal', kind: 'text', required: true, label: 'Seal', pattern: '[A-Za-z0-9-]{4,32}', mustMatch: 'seal' },
    { id: 'witness', kind: 'text', required: true, label: 'Witness', otherPerson: true },
    { id: 'note', kind: 'text', required: false, label: 'Note' },
  ],
});
const clean = { av: 'Clean', seal: 'SEAL-4711', witness: 'bob' };
const ctx = { by: 'alice', manifest: { seal: 'SEAL-4711', transferId: 'T1' } };

test('a clean, matching, witnessed checklist allows approval and records who answered', () => {
  const e = evaluateChecklist(template, clean, ctx);
  assert.deepEqual([e.problems, e.blocks, e.approvalAllowed, e.rejectionReason], [[], [], true, null]);
  assert.deepEqual(e.matches, [{ itemId: 'seal', label: 'Seal', field: 'seal', typed: 'SEAL-4711', expected: 'SEAL-4711', matched: true }]);
  const records = policyRecords(template, clean, ctx, '2026-11-29T10:00:00Z');
  assert.deepEqual(records.map((r) => [r.itemId, r.value, r.by]), [['av', 'Clean', 'alice'], ['seal', 'SEAL-4711', 'alice'], ['witness', 'bob', 'alice']]);
});

test('a blocking option leaves only Reject, with the answer as the pre-filled reason', () => {
  const e = evaluateChecklist(template, { ...clean, av: 'Findings (reject)' }, ctx);
  assert.equal(e.approvalAllowed, false);
  assert.deepEqual(e.problems, []);
  assert.equal(e.rejectionReason, 'AV scan: Findings (reject)');
  // A blocked checklist is still recordable: it is the evidence for the rejection.
  assert.equal(policyRecords(template, { ...clean, av: 'Findings (reject)' }, ctx, '2026-11-29T10:00:00Z').length, 3);
});

test('a seal typed blind is compared with the signed one: case and spaces do not matter, digits do', () => {
  assert.equal(evaluateChecklist(template, { ...clean, seal: '  seal-4711 ' }, ctx).approvalAllowed, true);
  const e = evaluateChecklist(template, { ...clean, seal: 'SEAL-9999' }, ctx);
  assert.equal(e.approvalAllowed, false);
  assert.match(e.rejectionReason!, /^seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711$/);
  assert.deepEqual(e.matches.map((m) => m.matched), [false]);
});

test('without a signed seal the seal item is not asked for, and a given answer is not compared', () => {
  const noSeal = { by: 'alice', manifest: { transferId: 'T1' } };
  const { seal: _omitted, ...rest } = clean;
  assert.equal(evaluateChecklist(template, rest, noSeal).approvalAllowed, true);
  const e = evaluateChecklist(template, clean, noSeal);
  assert.deepEqual([e.approvalAllowed, e.matches], [true, []]);
  // Before packing there is no manifest at all: a must-match item is never required then.
  assert.deepEqual(evaluateChecklist(template, rest, { by: 'alice', manifest: null }).problems, []);
});

test('the witness must be someone other than the person answering', () => {
  const e = evaluateChecklist(template, { ...clean, witness: ' ALICE ' }, ctx);
  assert.equal(e.approvalAllowed, false);
  assert.deepEqual(e.problems.map((p) => p.itemId), ['witness']);
  assert.throws(() => policyRecords(template, { ...clean, witness: 'alice' }, ctx, '2026-11-29T10:00:00Z'), /Witness must name a person other than alice/);
});

test('missing required answers are problems, not blocks', () => {
  const e = evaluateChecklist(template, { av: 'Clean' }, ctx);
  assert.deepEqual(e.problems.map((p) => `${p.itemId}: ${p.reason}`), ['seal: is required', 'witness: is required']);
  assert.deepEqual(e.blocks, []);
});

test('templates refuse a blocking option that is not an option, and must-match combined with another person', () => {
  const base = { template: 'sluice-checklist/1', stage: 'import', title: 'T' };
  const bad = checklistTemplateSchema.safeParse({ ...base, items: [{ id: 'a', kind: 'choice', label: 'A', required: true, options: ['x', 'y'], blocksApproval: ['z'] }] });
  assert.match(bad.error!.issues[0]!.message, /names "z", which is not one of its options/);
  const both = checklistTemplateSchema.safeParse({ ...base, items: [{ id: 'a', kind: 'text', label: 'A', required: true, mustMatch: 'seal', otherPerson: true }] });
  assert.match(both.error!.issues[0]!.message, /cannot both/);
  assert.equal(sameAnswer('ab', 'AB '), true);
});

test('the shipped import template blocks on antivirus findings, a broken seal and a paper mismatch, and compares the seal', async () => {
  const t = (await loadDefaultTemplates(resources)).import;
  const byId = new Map(t.items.map((i) => [i.id, i]));
  const blocking = (id: string) => { const i = byId.get(id); return i?.kind === 'choice' ? i.blocksApproval ?? [] : []; };
  assert.deepEqual(blocking('av-scan'), ['Done, findings (reject)']);
  assert.equal(blocking('seal-intact').length, 1);
  assert.equal(blocking('paper-matches-screen').length, 1);
  const seal = byId.get('seal-number');
  assert.ok(seal?.kind === 'text' && seal.mustMatch === 'seal');
  const witness = byId.get('witness');
  assert.ok(witness?.kind === 'text' && witness.otherPerson === true);
  const post = (await loadDefaultTemplates(resources))['export-post'].items.find((i) => i.id === 'seal-number');
  assert.ok(post?.kind === 'text' && post.mustMatch === 'seal');
});
