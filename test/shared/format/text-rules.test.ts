// One definition of refused characters for paths, manifest text, checklists and ledger actors:
// bidi controls, zero-width and other invisible format characters are refused like C0/C1 controls.
// The strings are written out here, code point by code point, not derived from the rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenChar, textProblem } from '../../../shared/format/text-rules';
import { pathProblem } from '../../../shared/format/paths';
import { manifestSchema } from '../../../shared/format/manifest';
import { actorProblem } from '../../../electron/engine/ledger/line';
import { checklistTemplateSchema } from '../../../shared/checklist';

const refused = ['\u202e', '\u202a', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2028', '\u2029', '\u0000', '\u001b', '\u007f', '\u0085', '\ud800'];

test('each bidi, invisible, separator and control character is refused, named by code point', () => {
  for (const c of refused) {
    assert.notEqual(forbiddenChar(`a${c}b`), null, `U+${c.codePointAt(0)!.toString(16)}`);
  }
  assert.equal(forbiddenChar('invoice\u202etxt.exe'), 'U+202E');
  assert.equal(textProblem('re\u200badme'), 'control or invisible character U+200B');
});

test('ordinary text in any script passes: accents, CJK, Arabic, emoji, spaces', () => {
  for (const t of ['café', '日本語', 'مرحبا', 'Zürich Q3 report', '🚀 launch', 'a\u00a0b']) assert.equal(forbiddenChar(t), null, t);
});

test('paths with bidi overrides or zero-width characters are refused', () => {
  assert.match(pathProblem('ok/invoice\u202etxt.exe')!, /U\+202E/);
  assert.match(pathProblem('ok/re\u200badme.txt')!, /U\+200B/);
  assert.equal(pathProblem('ok/invoice.txt.exe'), null);
});

test('manifest text fields refuse a spoofed classification banner or purpose', () => {
  const field = manifestSchema.shape.classification;
  assert.equal(field.safeParse('SECRET').success, true);
  for (const c of ['\u202e', '\u2066', '\u2028']) assert.equal(field.safeParse(`UNCLASSIFIED${c}TERCES`).success, false);
  assert.equal(manifestSchema.shape.purpose.safeParse('ok\u200bay').success, false);
});

test('ledger actors and checklist labels use the same rule', () => {
  assert.match(actorProblem('ali\u202ece')!, /U\+202E/);
  assert.equal(actorProblem('alice'), null);
  const t = { template: 'sluice-checklist/1', stage: 'import', title: 'T', items: [{ id: 'a', kind: 'confirm', required: true, label: 'Seal\u2067 intact' }] };
  assert.equal(checklistTemplateSchema.safeParse(t).success, false);
});
