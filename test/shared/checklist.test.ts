// Checklist templates: the shipped defaults validate, required items gate completion, patterns and
// options are enforced, and answers become manifest checklist records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checklistTemplateSchema, missingRequired, toRecords, type ChecklistTemplate } from '../../shared/checklist';
import { manifestSchema } from '../../shared/format/manifest';
import { loadDefaultTemplates, effectiveTemplates } from '../../electron/engine/checklists/templates';

const resources = join(import.meta.dirname, '../../resources/checklists');

test('the shipped default templates validate, one per stage, covering the practice they encode', async () => {
  const t = await loadDefaultTemplates(resources);
  assert.deepEqual(Object.keys(t).sort(), ['export-post', 'export-pre', 'import']);
  const ids = (s: ChecklistTemplate) => s.items.map((i) => i.id);
  assert.ok(ids(t['export-pre']).includes('media-fresh') && ids(t['export-pre']).includes('vendor-checksums') && ids(t['export-pre']).includes('sources-approved'));
  assert.ok(ids(t['export-post']).includes('seal-number') && ids(t['export-post']).includes('handed-to'));
  assert.ok(['seal-intact', 'seal-number', 'paper-matches-screen', 'av-scan'].every((id) => ids(t.import).includes(id)));
});

test('templates with duplicate ids, bad patterns or repeated options are refused', () => {
  const base = { template: 'sluice-checklist/1', stage: 'import', title: 'T' };
  const dup = checklistTemplateSchema.safeParse({ ...base, items: [{ id: 'a', kind: 'confirm', label: 'A', required: true }, { id: 'a', kind: 'confirm', label: 'B', required: true }] });
  assert.equal(dup.success, false);
  assert.match(dup.error!.issues[0]!.message, /duplicate item id "a"/);
  const pat = checklistTemplateSchema.safeParse({ ...base, items: [{ id: 'a', kind: 'text', label: 'A', required: true, pattern: '([' }] });
  assert.match(pat.error!.issues[0]!.message, /not a valid regular expression/);
  const opts = checklistTemplateSchema.safeParse({ ...base, items: [{ id: 'a', kind: 'choice', label: 'A', required: true, options: ['x', 'x'] }] });
  assert.match(opts.error!.issues[0]!.message, /repeat/);
});

test('required items gate completion: unconfirmed, blank, off-pattern and unknown options are all named', async () => {
  const { 'export-post': t } = await loadDefaultTemplates(resources);
  const missing = missingRequired(t, { 'medium-ejected': true, 'manifest-printed': false, 'seal-number': 'no spaces allowed', 'handed-to': '  ', 'handover-method': 'By pigeon' });
  assert.deepEqual(missing.map((m) => [m.itemId, m.reason]), [
    ['manifest-printed', 'must be confirmed'],
    ['medium-sealed', 'must be confirmed'],
    ['seal-number', 'does not match the expected format (4–32 letters, digits or hyphens, as printed on the seal)'],
    ['handed-to', 'is required'],
    ['handover-method', 'is not one of the options'],
  ]);
  const complete = { 'medium-ejected': true, 'manifest-printed': true, 'medium-sealed': true, 'seal-number': 'TE-004711', 'handed-to': 'A. Officer', 'handover-method': 'Via courier' };
  assert.deepEqual(missingRequired(t, complete), []);
});

test('answers become manifest checklist records; an incomplete checklist cannot be recorded', async () => {
  const { 'export-pre': t } = await loadDefaultTemplates(resources);
  const answers = { 'sources-approved': true, 'vendor-checksums': 'Checked, all match', 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true, 'ticket-reference': '' };
  const records = toRecords(t, answers, 'Op One', '2026-11-22T03:04:05Z');
  assert.equal(records.length, 5, 'the blank optional ticket is not recorded');
  assert.deepEqual(records[1], { stage: 'export-pre', itemId: 'vendor-checksums', label: t.items[1]!.label, kind: 'choice', value: 'Checked, all match', by: 'Op One', at: '2026-11-22T03:04:05Z' });
  for (const r of records) assert.equal(manifestSchema.shape.checklist.element.safeParse(r).success, true);
  assert.throws(() => toRecords(t, { ...answers, 'media-fresh': false }, 'Op One', '2026-11-22T03:04:05Z'), /incomplete: The transfer medium was freshly formatted/);
  assert.throws(() => toRecords(t, answers, 'Op One', 'yesterday'), /not a UTC timestamp/);
});

test('a station override replaces the default of its stage only', async () => {
  const defaults = await loadDefaultTemplates(resources);
  const override: ChecklistTemplate = { template: 'sluice-checklist/1', stage: 'import', title: 'Site import', items: [{ id: 'x', kind: 'confirm', label: 'X', required: true }] };
  const eff = effectiveTemplates(defaults, { checklists: { import: override } } as never);
  assert.equal(eff.import.title, 'Site import');
  assert.equal(eff['export-pre'], defaults['export-pre']);
});
