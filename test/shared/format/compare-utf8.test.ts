// compareUtf8 orders paths by their UTF-8 bytes (the payload's and the manifest's order) while
// comparing UTF-16 units: checked against Buffer.compare of the encodings over every kind of
// character where the two orders could part — ASCII below and above '/', two- and three-byte
// characters, U+D7FF, U+E000–U+FFFF and astral characters (surrogate pairs) — and prefixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareUtf8 } from '../../../shared/format/paths';

const pieces = ['', 'a', 'A', '-', '.', '/', '0', '~', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uf8ff', '\uffee', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}'];

test('the order is the order of the UTF-8 bytes, for every pair of short strings built from the edge characters', () => {
  const strings: string[] = [];
  for (const a of pieces) for (const b of pieces) strings.push(a + b, `x/${a}${b}`);
  for (const a of strings) {
    for (const b of strings) {
      const want = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
      assert.equal(compareUtf8(a, b), want, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test('a directory sorts before what is inside it, and before a sibling that shares its name and goes on', () => {
  const sorted = ['a', 'a-b', 'a.txt', 'a/b', 'a/b/c', 'ab'].sort(compareUtf8);
  assert.deepEqual(sorted, ['a', 'a-b', 'a.txt', 'a/b', 'a/b/c', 'ab']);
  assert.equal(compareUtf8('\ufffd', '\u{1f600}'), -1, 'U+FFFD (EF BF BD) before U+1F600 (F0 9F 98 80), though its UTF-16 unit is larger');
});
