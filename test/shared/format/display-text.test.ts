/**
 * The one display escaper (shared/format/display-text.ts). Expected outputs are written out by
 * hand, character by character, not computed with the rule under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayFailure, displaySafe, displayText, failureLine, isDisplaySafe, jsonForDisplay, quoted } from '../../../shared/format/display-text';

test('every refused character becomes a visible escape: C0, DEL, C1, line separators, Cf, lone surrogates', () => {
  assert.equal(displayText('a\u0000b\u001bc\rd\ne\u007ff\u009bg'), 'a\\u0000b\\u001bc\\u000dd\\u000ae\\u007ff\\u009bg');
  assert.equal(displayText('x\u2028y\u2029z'), 'x\\u2028y\\u2029z');
  // Bidi embeddings, overrides and isolates; zero-width space, joiner, BOM, soft hyphen; a tag character.
  assert.equal(displayText('\u202a\u202e\u2066\u2069\u200b\u200d\ufeff\u00ad'), '\\u202a\\u202e\\u2066\\u2069\\u200b\\u200d\\ufeff\\u00ad');
  assert.equal(displayText('t\u{e0041}'), 't\\u{e0041}');
  assert.equal(displayText('a\ud800b\udc00'), 'a\\ud800b\\udc00');
  // Ordinary text of any script, and emoji (a valid surrogate pair), pass unchanged.
  assert.equal(displayText('Grüße 日本 😀 ok/a b.txt'), 'Grüße 日本 😀 ok/a b.txt');
});

test('displayText doubles backslashes so an escape cannot be forged; displaySafe keeps them and is idempotent', () => {
  assert.equal(displayText('literal \\u001b here'), 'literal \\\\u001b here');
  assert.notEqual(displayText('\u001b'), displayText('\\u001b'), 'a real ESC and the six characters \\u001b look different');
  const once = displaySafe('a\u001bb\\u001b\u202e');
  assert.equal(once, 'a\\u001bb\\u001b\\u202e');
  assert.equal(displaySafe(once), once);
  assert.equal(displaySafe(displayText('p\u001b\\')), displayText('p\u001b\\'), 'a guard over escaped text changes nothing');
  assert.equal(quoted('ok/\u001b[1A'), '"ok/\\u001b[1A"');
});

test('long text is cut with a count of what was left out, never inside an escape or a surrogate pair', () => {
  const huge = 'A'.repeat(2 * 1024 * 1024);
  const shown = displayText(huge);
  assert.equal(shown, `${'A'.repeat(300)}…(${2 * 1024 * 1024 - 300} more characters)`);
  assert.equal(displayText('abcdef', { max: 4 }), 'abcd…(2 more characters)');
  assert.equal(displayText('abcdef', { max: Infinity }), 'abcdef');
  // The cut would fall inside "\u001b": it is made before the escape instead.
  assert.equal(displayText('ab\u001b', { max: 5 }), 'ab…(6 more characters)');
  // The cut would split 😀's surrogate pair.
  assert.equal(displayText('a😀', { max: 2 }), 'a…(2 more characters)');
});

test('HTML white space survives only when asked for', () => {
  assert.equal(displaySafe('a\tb\nc\rd', { keepWhitespace: true }), 'a\tb\nc\rd');
  assert.equal(displaySafe('a\tb\nc', {}), 'a\\u0009b\\u000ac');
  assert.equal(displaySafe('a\u001b\n', { keepWhitespace: true }), 'a\\u001b\n');
});

test('failures are guarded and capped part by part', () => {
  const f = { check: 'archive' as const, where: `notes.txt\u202e${'x'.repeat(500)}`, reason: `path "ok/\u001b[2K\r" ${'y'.repeat(1000)}` };
  const d = displayFailure(f);
  assert.ok(d.where.startsWith('notes.txt\\u202exxx') && d.where.includes('more characters)'), d.where);
  assert.ok(d.reason.startsWith('path "ok/\\u001b[2K\\u000d" yyy') && d.reason.includes('more characters)'));
  assert.ok(isDisplaySafe(failureLine(f)));
  assert.ok(failureLine(f).length < 1000);
  assert.equal(failureLine({ check: 'sums', where: 'SHA256SUMS', reason: 'contents differ' }), 'sums: SHA256SUMS: contents differ');
});

test('jsonForDisplay writes C1 and bidi characters as JSON escapes, losslessly, and caps huge strings', () => {
  const value = { path: 'a\u009b\u202e\u0007\u{e0001}\u2028b', n: 1 };
  const text = jsonForDisplay(value);
  assert.equal(text, '{\n  "path": "a\\u009b\\u202e\\u0007\\udb40\\udc01\\u2028b",\n  "n": 1\n}');
  assert.deepEqual(JSON.parse(text), value, 'a JSON reader gets the exact value back');
  const big = JSON.parse(jsonForDisplay({ p: 'z'.repeat(100_000) })) as { p: string };
  assert.equal(big.p, `${'z'.repeat(4096)}…(${100_000 - 4096} more characters)`);
});

test('a missing value shows as nothing, in both forms', () => {
  assert.equal(displayText(undefined), '');
  assert.equal(displayText(null), '');
  assert.equal(displaySafe(undefined), '');
  assert.equal(displaySafe(null), '');
});

test('the cut: text exactly at the cap is kept whole; a cut never leaves part of an escape behind', () => {
  assert.equal(displayText('abcd', { max: 4 }), 'abcd');
  // "ab\u001b" escaped is "ab\\u001b" (8 characters); cuts after "\u" and after "\u00" drop the escape.
  assert.equal(displayText('ab\u001b', { max: 4 }), 'ab…(6 more characters)');
  assert.equal(displayText('ab\u001b', { max: 6 }), 'ab…(6 more characters)');
  // "a\u{e0041}" escaped is "a\\u{e0041}" (10 characters); a cut after "\u{e0" drops the escape.
  assert.equal(displayText('a\u{e0041}', { max: 6 }), 'a…(9 more characters)');
  // A whole escape before the cut stays: only an escape at the very end of the kept text is cut.
  assert.equal(displayText('\u001babcdefgh', { max: 8 }), '\\u001bab…(6 more characters)');
});

test('jsonForDisplay caps strings only: null, numbers and long arrays pass as they are', () => {
  assert.equal(
    jsonForDisplay({ a: null, b: [1, 2, 3], n: 12345, c: 'abc', d: 'ab' }, { maxString: 2, indent: 0 }),
    '{"a":null,"b":[1,2,3],"n":12345,"c":"ab…(1 more characters)","d":"ab"}',
  );
});
