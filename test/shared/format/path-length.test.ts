/**
 * The 240-byte path limit counts UTF-8 bytes (FORMAT.md §3.2), for 1-, 2-, 3- and 4-byte characters
 * at each boundary of the encoding. Lengths are written out, not computed by the code under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathProblem } from '../../../shared/format/paths';

const cases: [string, string, number][] = [
  // [what, character, its UTF-8 length]
  ['ASCII', 'a', 1],
  ['U+00E9 (2 bytes)', '\u00e9', 2],
  ['U+07FF, the last 2-byte character', '\u07ff', 2],
  ['U+0800, the first 3-byte character', '\u0800', 3],
  ['U+20AC (3 bytes)', '\u20ac', 3],
  ['U+FFFD, a 3-byte character near the top of the BMP', '\ufffd', 3],
  ['U+10000, the first 4-byte character', '\u{10000}', 4],
  ['U+1F600 (4 bytes)', '\u{1F600}', 4],
];

for (const [what, ch, bytes] of cases) {
  test(`${what}: 240 bytes of it is a path, one byte more is not`, () => {
    const fits = ch.repeat(240 / bytes);
    assert.equal(Buffer.byteLength(fits), 240);
    assert.equal(pathProblem(fits), null);
    assert.equal(pathProblem(`${fits}a`), 'path longer than 240 bytes');
  });
}
