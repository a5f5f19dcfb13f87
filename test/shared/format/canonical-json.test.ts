// isCanonicalJson must say yes exactly when JSON.stringify(value, null, 2) + '\n' equals the text:
// it replaced that comparison (to keep a 1,000,000-entry manifest from being in memory twice), so
// any text the old rule refused must still be refused. Checked against the old rule on hand-made
// edge cases and on many random documents, each also mutated by one byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCanonicalJson, writeCanonicalJson } from '../../../shared/format/canonical-json';

const reference = (text: string) => {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return null; }
  return JSON.stringify(raw, null, 2) + '\n' === text;
};
const check = (text: string) => {
  const want = reference(text);
  if (want === null) return;
  assert.equal(isCanonicalJson(JSON.parse(text), text), want, JSON.stringify(text));
};

test('edge cases agree with JSON.stringify', () => {
  const cases = [
    '{}\n', '{}', '[]\n', '{\n  "a": []\n}\n', '{\n  "a": {}\n}\n', '{\n  "a": [ ]\n}\n', '{"a":1}\n',
    '{\n  "a": 1\n}\n', '{\n  "a": 1\n}', '{\n  "a": 1\n}\n\n', '\ufeff{\n  "a": 1\n}\n', '{\n  "a": 1.0\n}\n',
    '{\n  "a": 1e3\n}\n', '{\n  "a": 1000\n}\n', '{\n  "a": -0\n}\n', '{\n  "a": 0\n}\n', '{\n  "a": 1e+21\n}\n',
    '{\n  "a": "\\u0041"\n}\n', '{\n  "a": "A"\n}\n', '{\n  "a": "\\/"\n}\n', '{\n  "a": "\\ud800"\n}\n', '{\n  "a": "\\u001f"\n}\n',
    '{\n  "a": 1,\n  "a": 2\n}\n', '{\n  "a": 2\n}\n', '{\n  "b": 1,\n  "a": 2\n}\n', '{\n  "2": 1,\n  "1": 2\n}\n', '{\n  "1": 2,\n  "2": 1\n}\n',
    '{\n  "__proto__": {\n    "x": 1\n  }\n}\n', '{\n  "toJSON": 1\n}\n', '[\n  1,\n  [\n    2\n  ]\n]\n', '[\n  1,\n  [\n   2\n  ]\n]\n',
    '{\n  "a": true,\n  "b": null,\n  "c": false\n}\n', '{\n\t"a": 1\n}\n', '{\r\n  "a": 1\r\n}\r\n', '"x"\n', '1\n', 'null\n',
  ];
  for (const c of cases) check(c);
  assert.equal(isCanonicalJson({ a: 1 }, '{\n  "a": 1\n}\n'), true);
  assert.equal(isCanonicalJson({ a: 1, a2: [] }, '{\n  "a": 1\n}\n'), false, 'a key the text lacks');
});

test('nesting deeper than the stack is refused, not thrown', () => {
  const depth = 200_000;
  const text = '['.repeat(depth) + ']'.repeat(depth);
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return; }
  assert.equal(isCanonicalJson(raw, text), false);
});

test('random documents and one-byte mutations of them agree with JSON.stringify', () => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const strings = ['a', 'path/ü', 'e\u0301', '\u2028', 'tab\t', 'q"', 'b\\s', '', '😀'];
  const value = (d: number): unknown => {
    const k = rnd(d > 3 ? 4 : 6);
    if (k === 0) return rnd(2) === 0 ? rnd(100000) : -rnd(1000) / 8;
    if (k === 1) return strings[rnd(strings.length)];
    if (k === 2) return [true, false, null][rnd(3)];
    if (k === 3) return rnd(3) === 0 ? 1e21 : 0;
    if (k === 4) return Array.from({ length: rnd(4) }, () => value(d + 1));
    return Object.fromEntries(Array.from({ length: rnd(4) }, (_, i) => [strings[rnd(strings.length)]! + i, value(d + 1)]));
  };
  const edits = [' ', '\n', ',', '0', '"', ']', '}', ':'];
  for (let n = 0; n < 400; n++) {
    const text = JSON.stringify(value(0), null, 2) + '\n';
    check(text);
    for (let m = 0; m < 5; m++) {
      const at = rnd(text.length);
      const op = rnd(3);
      const e = edits[rnd(edits.length)]!;
      check(op === 0 ? text.slice(0, at) + text.slice(at + 1) : op === 1 ? text.slice(0, at) + e + text.slice(at) : text.slice(0, at) + e + text.slice(at + 1));
    }
  }
});

test('writeCanonicalJson hands out JSON.stringify(value, null, 2) + newline in pieces, and stops when told', () => {
  const join = (value: unknown) => {
    const pieces: string[] = [];
    assert.equal(writeCanonicalJson(value, (p) => { pieces.push(p); return true; }), true);
    return pieces;
  };
  const doc = {
    format: 'x', entries: [{ path: 'a/😀', size: 1 }, { path: 'b', nested: [1, [2, { c: 'é' }]] }], empty: [], none: {},
    // JSON.stringify leaves these keys out at the root; pack's manifest never has them, but the
    // pieces must still be exactly its text.
    gone: undefined, fn: () => 1, sym: Symbol('s'),
  };
  const pieces = join(doc);
  assert.equal(pieces.join(''), JSON.stringify(doc, null, 2) + '\n');
  assert.ok(pieces.length > 10, 'the root and arrays are walked, not written whole');
  assert.equal(join({ only: undefined }).join(''), '{}\n');
  assert.equal(join([undefined, () => 1]).join(''), JSON.stringify([undefined, () => 1], null, 2) + '\n');
  assert.equal(writeCanonicalJson(undefined, () => true), false, 'no text for undefined');
  let seen = 0;
  assert.equal(writeCanonicalJson(doc, () => ++seen < 3), false);
  assert.equal(seen, 3, 'nothing is emitted after a refusal');
});

test('writeCanonicalJson stopped at any piece returns false and emits nothing after it', () => {
  const doc = { a: [1, [2, { b: 'c' }], { d: [] }], e: {}, f: [[]], g: 'h' };
  const all: string[] = [];
  writeCanonicalJson(doc, (p) => { all.push(p); return true; });
  for (let k = 1; k <= all.length; k++) {
    let seen = 0;
    const ok = writeCanonicalJson(doc, () => ++seen < k);
    assert.equal(ok, false, `stopped at piece ${k} of ${all.length} (${JSON.stringify(all[k - 1])})`);
    assert.equal(seen, k, `nothing emitted after piece ${k} (${JSON.stringify(all[k - 1])})`);
  }
});

test('a value nested deeper than the stack is not canonical, and nothing is thrown', () => {
  // Built directly (JSON.parse may refuse such a text before the check is reached), with a text
  // that matches the canonical form as deep as the walk can go, so the walk runs out of stack.
  const depth = 5000;
  let deep: unknown = 1;
  for (let i = 0; i < depth; i++) deep = [deep];
  let text = '';
  for (let d = 1; d <= depth; d++) text += '[\n' + ' '.repeat(2 * d);
  assert.equal(isCanonicalJson(deep, text), false);
});
