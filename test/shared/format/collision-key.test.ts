// collisionKey (FORMAT.md §3.2): full case folding, checked against an independent implementation —
// Python's str.casefold(), Unicode's full case folding — over every assigned code point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { collisionKey } from '../../../shared/format/paths';

test('ß, ẞ, ss and SS collide; so do final and medial sigma, ligatures and NFC/NFD', () => {
  const same = (a: string, b: string) => assert.equal(collisionKey(a), collisionKey(b), `${a} / ${b}`);
  same('straße.txt', 'STRASSE.txt');
  same('ẞ.txt', 'ß.txt'); // upper-then-lower once gives "ß" for ẞ and "ss" for ß: no collision
  same('ẞ.txt', 'ss.txt');
  same('ΟΔΟΣ', 'οδος');
  same('οδοσ', 'οδος');
  same('ﬁle', 'FILE');
  same('café', 'cafe\u0301');
  same('ǅ', 'ǆ');
  same('K', '\u212a'); // Kelvin sign
  same('i', 'ı'); // NTFS's upcase table maps dotless ı to I: they collide (a documented superset)
  assert.notEqual(collisionKey('a.txt'), collisionKey('b.txt'));
  assert.notEqual(collisionKey('ss.txt'), collisionKey('s.txt'));
});

test('every pair that Unicode full case folding (python3 str.casefold) identifies collides', { timeout: 60_000 }, () => {
  // For every assigned code point c that case folding changes: [c, casefold(c)] — Python's table
  // is independent of the JavaScript engine's.
  const script = `
import json, sys, unicodedata
pairs = []
for cp in range(0x110000):
    if 0xd800 <= cp < 0xe000: continue
    c = chr(cp)
    if unicodedata.category(c) == 'Cn': continue
    f = c.casefold()
    if f != c: pairs.append([c, f])
print(json.dumps({"version": unicodedata.unidata_version, "pairs": pairs}))
`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const { pairs } = JSON.parse(r.stdout) as { version: string; pairs: [string, string][] };
  assert.ok(pairs.length > 1400, `only ${pairs.length} folding pairs`);
  const missed = pairs.filter(([c, f]) => collisionKey(c) !== collisionKey(f));
  assert.deepEqual(missed.map(([c, f]) => `U+${c.codePointAt(0)!.toString(16)} → ${f}`), []);
});
