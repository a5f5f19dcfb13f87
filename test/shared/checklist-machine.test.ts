// Machine answers (answeredBy: "antivirus"): the scan answers the item, the person's answer to it is
// ignored, and the record names the machine. A finding never becomes a clean answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checklistTemplateSchema, type ChecklistTemplate } from '../../shared/checklist';
import { antivirusAnswers, evaluateChecklist, policyRecords } from '../../shared/checklist-policy';

const shipped = (stage: string): ChecklistTemplate => checklistTemplateSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/checklists', `${stage}.json`), 'utf8')));
const BY = 'ClamAV 1.4.6 (machine)';

test('the shipped templates mark the antivirus items; a clean scan answers them yes / "Done, clean", a finding "Done, findings (reject)"', () => {
  assert.deepEqual(antivirusAnswers(shipped('export-pre'), 'clean', BY), { 'sources-scanned': { value: true, by: BY } });
  assert.deepEqual(antivirusAnswers(shipped('export-pre'), 'found', BY), { 'sources-scanned': { value: false, by: BY } });
  assert.deepEqual(antivirusAnswers(shipped('import'), 'clean', BY), { 'av-scan': { value: 'Done, clean', by: BY } });
  assert.deepEqual(antivirusAnswers(shipped('import'), 'found', BY), { 'av-scan': { value: 'Done, findings (reject)', by: BY } });
});

test('a choice item without a blocking option gets no answer for a finding (a required one is then a problem, never clean)', () => {
  const t = checklistTemplateSchema.parse({ template: 'sluice-checklist/1', stage: 'import', title: 'T', items: [
    { id: 'av', answeredBy: 'antivirus', kind: 'choice', required: true, label: 'AV', options: ['clean', 'not clean'] },
  ] });
  const machine = antivirusAnswers(t, 'found', BY);
  assert.deepEqual(machine, {});
  const ev = evaluateChecklist(t, { av: 'clean' }, { by: 'Off Icer', manifest: null, machine });
  assert.equal(ev.problems.length, 0, 'without a machine answer the person\'s counts: main adds its own block for a finding');
});

test('the machine\'s answer replaces the person\'s: "clean" typed by the officer cannot unblock a finding; the record names the machine', () => {
  const t = shipped('import');
  const answers = { 'seal-intact': 'Intact', 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'Wit Ness' };
  const ctx = { by: 'Off Icer', manifest: { transferId: 'T1' }, machine: antivirusAnswers(t, 'found', BY) };
  const ev = evaluateChecklist(t, answers, ctx);
  assert.equal(ev.approvalAllowed, false);
  assert.deepEqual(ev.blocks.map((b) => b.itemId), ['av-scan']);
  const records = policyRecords(t, answers, ctx, '2026-11-29T12:00:00Z');
  const av = records.find((r) => r.itemId === 'av-scan')!;
  assert.deepEqual([av.value, av.by], ['Done, findings (reject)', BY]);
  assert.ok(records.filter((r) => r.itemId !== 'av-scan').every((r) => r.by === 'Off Icer'));
  // And a clean scan answers the item the person left blank.
  const { 'av-scan': _, ...blank } = answers;
  const clean = evaluateChecklist(t, blank, { ...ctx, machine: antivirusAnswers(t, 'clean', BY) });
  assert.deepEqual([clean.problems, clean.approvalAllowed], [[], true]);
});
