// What a hostile manifest can say, pinned to literal verdicts (the mutation run of issue 9 §8 over
// shared/format/manifest.ts and constants.ts). manifest-schema.test.ts compares checkManifestValue
// with zod over the same schema, so a weakened schema passes it; here every manifest is written
// by hand and every expected problem is spelt out, so a dropped regex anchor, an emptied object
// shape or enum member, or a reworded/reordered problem fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifestValue, formatTimestamp, parseManifest, serializeManifest } from '../../../shared/format/manifest';

const H = (c: string, n = 64) => c.repeat(n);
/** A small valid manifest: one folder, two files, one volume. */
function base(): Record<string, any> {
  return {
    format: 'sluice-transfer/1',
    critical: [],
    transferId: 'T20261122-ab12',
    sequence: 7,
    source: 'LOW',
    destination: 'HIGH',
    created: '2026-11-22T03:04:05Z',
    expires: '2026-12-22T03:04:05Z',
    operator: 'Alice',
    classification: 'SECRET',
    purpose: 'maps',
    ticket: 'CHG-1',
    signer: { keyId: '0123456789ABCDEF' },
    payload: { size: 20480, sha256: H('a'), volumes: [{ name: 'payload.tar', size: 20480, sha256: H('b') }] },
    entries: [
      { path: 'docs', type: 'dir', size: 0, mode: '0755', mtime: 1700000000 },
      { path: 'docs/a.txt', type: 'file', size: 3, mode: '0644', mtime: 1700000000, sha256: H('c') },
      { path: 'docs/run.sh', type: 'file', size: 4, mode: '0755', mtime: 1700000000, sha256: H('d') },
    ],
    totals: { files: 2, directories: 1, bytes: 7 },
    checklist: [{ stage: 'export', itemId: 'pick', label: 'Which', kind: 'choice', value: 'b', by: 'Bob', at: '2026-11-22T03:00:00Z' }],
    attachments: [{ name: 'notes_v1.2-final.pdf', role: 'notes', size: 1, sha256: H('e') }],
    seal: 'AB-1234567',
  };
}
/** The problems checkManifestValue reports for base() after `edit` ([] when accepted). */
function problems(edit: (m: Record<string, any>) => void): string[] {
  const m = base();
  edit(m);
  const r = checkManifestValue(m);
  return r.ok ? [] : r.problems;
}
const field = (path: string, message: string) => [`manifest field ${path}: ${message}`];
const pattern = (path: string, re: string) => field(path, `Invalid string: must match pattern ${re}`);
const SHA = '/^[0-9a-f]{64}$/';
const TS = '/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$/';

test('the hand-written manifest (mode 0755, a choice, an attachment, a seal, a clean scan) is accepted', () => {
  assert.deepEqual(problems(() => {}), []);
  assert.deepEqual(problems((m) => { m.critical = ['cosign']; m.cosign = { witnesses: 2 }; }), []);
  assert.deepEqual(problems((m) => { m.scan = { verdict: 'clean', engine: 'ClamAV', engineVersion: '1.4', database: { description: 'daily' }, filesScanned: 2 }; }), []);
  for (const seal of ['abcd', 'A-1-b', H('Z', 32)]) assert.deepEqual(problems((m) => { m.seal = seal; }), [], seal);
  for (const name of ['a', H('x', 100), '.-_']) assert.deepEqual(problems((m) => { m.attachments[0].name = name; }), [], name);
});

test('ids, digests and key ids must match whole: text before or after a valid one is refused', () => {
  const TID = '/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/';
  const NID = '/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$/';
  for (const bad of ['.T1', 'T1 x', '/T1', H('t', 65)]) assert.deepEqual(problems((m) => { m.transferId = bad; }), pattern('transferId', TID), bad);
  for (const bad of ['.LOW', 'LOW\n', ' LOW', H('n', 33)]) {
    assert.deepEqual(problems((m) => { m.source = bad; }), pattern('source', NID), bad);
    assert.deepEqual(problems((m) => { m.destination = bad; }), pattern('destination', NID), bad);
  }
  for (const bad of ['x' + H('a'), H('a') + 'x', H('a', 65), H('a') + '\n']) {
    assert.deepEqual(problems((m) => { m.payload.sha256 = bad; }), pattern('payload.sha256', SHA), bad);
    assert.deepEqual(problems((m) => { m.entries[1].sha256 = bad; }), pattern('entries.1.sha256', SHA), bad);
  }
  for (const bad of ['x0123456789ABCDEF', '0123456789ABCDEFx', '0123456789ABCDEF0']) {
    assert.deepEqual(problems((m) => { m.signer.keyId = bad; }), pattern('signer.keyId', '/^[0-9A-F]{16}$/'), bad);
  }
});

test('timestamps, seals and attachment names must match whole', () => {
  for (const bad of ['x2026-11-22T03:00:00Z', '2026-11-22T03:00:00Zx', '2026-11-22T03:00:00']) {
    assert.deepEqual(problems((m) => { m.checklist[0].at = bad; }), pattern('checklist.0.at', TS), bad);
  }
  const SEAL = '/^[A-Za-z0-9-]{4,32}$/';
  for (const bad of ['abc', '!abcd', 'abcd!', 'ab cd', H('Z', 33), '----!']) assert.deepEqual(problems((m) => { m.seal = bad; }), pattern('seal', SEAL), bad);
  const NAME = '/^[A-Za-z0-9._-]{1,100}$/';
  for (const bad of ['', '/etc', 'notes/', 'a b', H('x', 101), '../x/']) {
    assert.deepEqual(problems((m) => { m.attachments[0].name = bad; }), pattern('attachments.0.name', NAME), JSON.stringify(bad));
  }
});

test('every nested record is checked for its fields, not accepted as any object', () => {
  assert.deepEqual(problems((m) => { m.payload.volumes[0].sha256 = 'x'; }), pattern('payload.volumes.0.sha256', SHA));
  assert.deepEqual(problems((m) => { m.payload.sha256 = 'x'; }), pattern('payload.sha256', SHA));
  assert.deepEqual(problems((m) => { m.checklist[0].by = 7; }), field('checklist.0.by', 'Invalid input: expected string, received number'));
  assert.deepEqual(problems((m) => { m.signer = {}; }), field('signer.keyId', 'Invalid input: expected string, received undefined'));
  assert.deepEqual(problems((m) => { m.totals.bytes = '7'; }), field('totals.bytes', 'Invalid input: expected number, received string'));
  assert.deepEqual(problems((m) => { m.attachments[0].size = -1; }), field('attachments.0.size', 'Too small: expected number to be >=0'));
  assert.deepEqual(problems((m) => { m.critical = ['cosign']; m.cosign = { witnesses: 0 }; }), field('cosign.witnesses', 'Too small: expected number to be >=1'));
  assert.deepEqual(problems((m) => { m.critical = ['cosign']; m.cosign = { witnesses: 17 }; }), field('cosign.witnesses', 'Too big: expected number to be <=16'));
  assert.deepEqual(problems((m) => { m.scan = { verdict: 'clean', engine: 'ClamAV', engineVersion: '1.4', database: {}, filesScanned: 2 }; }),
    field('scan.database.description', 'Invalid input: expected string, received undefined'));
  assert.deepEqual(problems((m) => { m.purpose = 'maps \u202e'; }), field('purpose', 'contains a control or invisible character'));
  assert.deepEqual(problems((m) => { m.checklist[0].kind = 'other'; }), field('checklist.0.kind', 'Invalid option: expected one of "confirm"|"text"|"choice"'));
  assert.deepEqual(problems((m) => { m.entries[2].mode = '0777'; }), field('entries.2.mode', 'Invalid option: expected one of "0644"|"0755"'));
});

test('the semantic rules say what is wrong in words', () => {
  assert.deepEqual(problems((m) => { m.critical = ['x-new']; }), ['manifest requires extensions this reader does not know: x-new']);
  assert.deepEqual(problems((m) => { m.critical = ['x-new', 'y']; }), ['manifest requires extensions this reader does not know: x-new, y']);
  assert.deepEqual(problems((m) => { m.critical = ['cosign', 'cosign']; m.cosign = { witnesses: 1 }; }), ['critical lists an extension more than once']);
  assert.deepEqual(problems((m) => { m.expires = m.created; }), ['expires is not after created']);
  assert.deepEqual(problems((m) => { m.expires = '2026-11-22T03:04:04Z'; }), ['expires is not after created']);
  assert.deepEqual(problems((m) => { m.entries.splice(2, 0, { ...m.entries[1] }); m.totals = { files: 3, directories: 1, bytes: 10 }; }), [
    'entry "docs/a.txt" is out of order or repeated (after "docs/a.txt")',
    'entry "docs/a.txt" collides with "docs/a.txt" on a case-insensitive or normalising filesystem',
  ]);
  assert.deepEqual(problems((m) => { m.entries.splice(1, 0, { ...m.entries[1], path: 'docs/A.txt' }); m.totals = { files: 3, directories: 1, bytes: 10 }; }), [
    'entry "docs/a.txt" collides with "docs/A.txt" on a case-insensitive or normalising filesystem',
  ]);
  const scan = { verdict: 'clean', engine: 'ClamAV', engineVersion: '1.4', database: { description: 'daily' }, filesScanned: 3 };
  assert.deepEqual(problems((m) => { m.scan = scan; }), ['scan.filesScanned is 3, entries hold 2 files: the scan must cover every file']);
  assert.deepEqual(problems((m) => { m.scan = { verdict: 'not-scanned' }; }), []);
});

test('a manifest too long is refused for its length first, then for the first entries that break the rules', () => {
  const r = checkManifestValue({ ...base(), entries: new Array(1_000_001).fill(0) });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.problems.length, 20);
    assert.equal(r.problems[0], 'manifest field entries: Too big: expected array to have <=1000000 items');
    assert.equal(r.problems[1], 'manifest field entries.0: Invalid input: expected object, received number');
    assert.equal(r.problems[19], 'manifest field entries.18: Invalid input: expected object, received number');
  }
});

test('a value that is not an object is refused, not thrown on', () => {
  for (const raw of [undefined, null, 1, 'x', []]) {
    const r = checkManifestValue(raw);
    assert.equal(r.ok, false, String(raw));
    if (!r.ok) assert.match(r.problems.join('\n'), /^manifest field \(root\): Invalid input: expected object, received /, String(raw));
  }
});

test('a refused text says where it first differs from its canonical form', () => {
  const canonical = serializeManifest(base() as never);
  assert.equal(canonical.length, 1731, 'the hand-written manifest is 1731 characters');
  const at = (text: string) => { const r = parseManifest(text); return r.ok ? 'accepted' : r.problems.join('\n').replace(/.*differs at character (\d+).*/s, '$1'); };
  assert.equal(at(canonical), 'accepted');
  assert.equal(at(canonical + '\n'), '1731');
  assert.equal(at(canonical.slice(0, -1)), '1730');
  assert.equal(at(canonical.replace('"sequence": 7', '"sequence": 7.0')), String(canonical.indexOf('"sequence": 7') + 13));
  assert.equal(at(canonical.replace('\n  "format"', '\n "format"')), '3');
  assert.equal(at(' ' + canonical), '0');
  const r = parseManifest(canonical + '\n');
  assert.deepEqual(r.ok ? [] : r.problems, ['manifest.json is not in canonical form (JSON.stringify(manifest, null, 2) plus one newline): it differs at character 1731 — duplicate keys, a byte order mark, other whitespace, number forms or escapes']);
});

test('text that is not JSON gets the one JSON problem', () => {
  for (const text of ['{"a":', 'St', '']) {
    const r = parseManifest(text);
    assert.deepEqual(r.ok ? [] : r.problems, ['manifest.json is not valid JSON'], JSON.stringify(text));
  }
});

test('timestamps format back to the second, in UTC', () => {
  assert.equal(formatTimestamp(1_795_316_645.9), '2026-11-22T03:04:05Z');
  assert.equal(formatTimestamp(0), '1970-01-01T00:00:00Z');
});
