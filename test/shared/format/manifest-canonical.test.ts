// manifest.json must be exactly JSON.stringify(m, null, 2) + "\n" of what it parses to, so every
// verifier reads one manifest: duplicate keys, a BOM, "1.0", other escapes or whitespace are
// refused. Each hostile text is made here by editing the canonical bytes by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, serializeManifest } from '../../../shared/format/manifest';
import { makeManifest } from '../print/fixtures';

const canonical = serializeManifest(makeManifest(2));
const refusedAsNonCanonical = (text: string) => {
  const r = parseManifest(text);
  assert.equal(r.ok, false, 'refused');
  if (!r.ok) assert.match(r.problems.join('\n'), /not in canonical form|not valid JSON/);
};

test('the canonical bytes parse', () => {
  assert.equal(parseManifest(canonical).ok, true);
});

test('a duplicate key is refused, whichever value comes last', () => {
  const dest = /"destination": "([^"]+)",\n/.exec(canonical)!;
  refusedAsNonCanonical(canonical.replace(dest[0], `"destination": "OTHER",\n  ${dest[0]}`));
  refusedAsNonCanonical(canonical.replace('"critical": [],', '"critical": [\n    "x"\n  ],\n  "critical": [],'));
  const seq = /"sequence": (\d+),\n/.exec(canonical)!;
  refusedAsNonCanonical(canonical.replace(seq[0], `"sequence": 999,\n  ${seq[0]}`));
});

test('a BOM, 1.0 for 1, a needless escape, CRLF, missing or extra newline are refused', () => {
  refusedAsNonCanonical('\ufeff' + canonical);
  const seq = /"sequence": (\d+),/.exec(canonical)!;
  refusedAsNonCanonical(canonical.replace(seq[0], `"sequence": ${seq[1]}.0,`));
  refusedAsNonCanonical(canonical.replace('"format": "sluice-transfer/1"', '"format": "sluice\\u002dtransfer/1"'));
  refusedAsNonCanonical(canonical.replace(/\n/g, '\r\n'));
  refusedAsNonCanonical(canonical.slice(0, -1));
  refusedAsNonCanonical(canonical + '\n');
  refusedAsNonCanonical(JSON.stringify(JSON.parse(canonical)) + '\n');
});

test('the refusal does not quote the hostile bytes', () => {
  const r = parseManifest('{"purpose": "\u001b[2J' + 'x'.repeat(5000));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.ok(!r.problems.join('').includes('\u001b'));
    assert.ok(r.problems.join('').length < 300);
  }
});

test('impossible dates are refused: 31 November, hour 24, 29 February of a common year', () => {
  const created = /"created": "([^"]+)"/.exec(canonical)![1]!;
  for (const bad of ['2026-11-31T00:00:00Z', '2026-11-22T24:00:00Z', '2027-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T23:60:00Z']) {
    const r = parseManifest(canonical.replace(`"created": "${created}"`, `"created": "${bad}"`));
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.problems.join('\n'), /created is not a valid date/, bad);
  }
  assert.equal(parseManifest(canonical.replace(`"created": "${created}"`, '"created": "2024-02-29T00:00:00Z"')).ok, true, 'a real leap day');
});
