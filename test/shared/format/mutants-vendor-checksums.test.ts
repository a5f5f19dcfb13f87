// The manifest rules for vendor checksum details (shared/format/vendor-checksums.ts), one rule per
// test on hand-written manifests: what a manifest may claim about checksum files, the files they
// vouch for and the signatures beside them. A signed manifest from a hostile packer can claim
// anything, so each rule must refuse with its own words; expected problems are written out
// literally. Added for the surviving mutants of issue 9 §8 (triage-vendor-checksums.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifestValue, type Manifest } from '../../../shared/format/manifest';
import { vendorChecksumProblems, vendorDetailsOf } from '../../../shared/format/vendor-checksums';
import { makeManifest } from '../print/fixtures';

type Entry = Record<string, unknown>;
const file = (path: string, details?: unknown): Entry => ({ path, type: 'file', size: 1, mode: '0644', mtime: 1_700_000_000, sha256: 'a'.repeat(64), ...(details === undefined ? {} : { details }) });
const dir = (path: string, details?: unknown): Entry => ({ path, type: 'dir', size: 0, mode: '0755', mtime: 1_700_000_000, ...(details === undefined ? {} : { details }) });
/** `details.checksumFile` of a checked GNU checksum file listing one file that matched; `o` overrides. */
const checked = (o: Record<string, unknown> = {}) => ({ checksumFile: { status: 'checked', format: 'gnu', algorithm: 'sha256', listed: 1, matched: 1, absent: 0, absentNames: [], signatures: [], ...o } });
const sig = (path: string) => ({ file: path, kind: 'openpgp', checked: false });
/** vendorChecksumProblems of a manifest holding only these entries (the rules read nothing else). */
const problems = (...entries: Entry[]): string[] => vendorChecksumProblems({ entries } as unknown as Manifest);

test('consistent vendor details: a checksum file listing two, one carried and matched, one absent, a signature beside it', () => {
  assert.deepEqual(problems(
    file('r/SHA256SUMS', checked({ listed: 2, matched: 1, absent: 1, absentNames: ['gone.iso'], signatures: [sig('r/SHA256SUMS.asc')] })),
    file('r/SHA256SUMS.asc'),
    file('r/a.bin', { vouchedBy: ['r/SHA256SUMS'] }),
  ), []);
  assert.deepEqual(problems(file('r/a.bin.sha256', checked({ format: 'bare' })), file('r/a.bin', { vouchedBy: ['r/a.bin.sha256'] })), []);
});

test('malformed vouchedBy or checksumFile is a problem of its own, and nothing else is read from that entry', () => {
  assert.deepEqual(problems(file('r/a.bin', { vouchedBy: [] })), ['entry "r/a.bin": details.vouchedBy is malformed']);
  assert.deepEqual(problems(file('r/SUMS', { checksumFile: { status: 'checked' } })), ['entry "r/SUMS": details.checksumFile is malformed']);
});

test('vendor checksum details on a directory are refused', () => {
  assert.deepEqual(problems(dir('r', { checksumFile: { status: 'not-checked', reason: 'too large', signatures: [] } })), ['entry "r": vendor checksum details on a directory']);
});

test('a signature must be a file, not a directory, of the package', () => {
  assert.deepEqual(problems(dir('r'), dir('r/SUMS.sig'), file('r/SUMS', checked({ listed: 0, matched: 0, signatures: [sig('r/SUMS.sig')] }))), [
    'entry "r/SUMS": signature "r/SUMS.sig" is not a file of this package',
  ]);
});

test('a signature must lie in its checksum file\'s own folder', () => {
  assert.deepEqual(problems(file('other/SUMS.asc'), file('r/SUMS', checked({ listed: 0, matched: 0, signatures: [sig('other/SUMS.asc')] }))), [
    'entry "r/SUMS": signature "other/SUMS.asc" is not in the checksum file\'s folder',
  ]);
});

test('vouchedBy must be sorted and without repeats: three names reversed (the middle one in place), one name twice', () => {
  assert.deepEqual(problems(
    file('r/a.sums', checked()), file('r/b.sums', checked()), file('r/c.sums', checked()),
    file('r/x.bin', { vouchedBy: ['r/c.sums', 'r/b.sums', 'r/a.sums'] }),
  ), ['entry "r/x.bin": details.vouchedBy must be sorted and without repeats']);
  // A name twice is in order but repeated (the checksum file's matched counts it twice, so that adds up).
  assert.deepEqual(problems(file('r/a.sums', checked({ listed: 2, matched: 2 })), file('r/x.bin', { vouchedBy: ['r/a.sums', 'r/a.sums'] })), [
    'entry "r/x.bin": details.vouchedBy must be sorted and without repeats',
  ]);
});

test('a checksum file cannot vouch for itself', () => {
  assert.deepEqual(problems(file('r/SUMS', { vouchedBy: ['r/SUMS'], ...checked() })), ['entry "r/SUMS" vouches for itself']);
});

test('listed must be matched + absent', () => {
  assert.deepEqual(problems(file('r/SUMS', checked({ listed: 3, matched: 1, absent: 1, absentNames: ['gone.iso'] })), file('r/a.bin', { vouchedBy: ['r/SUMS'] })), [
    'entry "r/SUMS": details.checksumFile.listed is 3, not matched + absent (2)',
  ]);
});

test('absentNames must hold the absent names, up to 50', () => {
  assert.deepEqual(problems(file('r/SUMS', checked({ listed: 2, matched: 1, absent: 1, absentNames: [] })), file('r/a.bin', { vouchedBy: ['r/SUMS'] })), [
    'entry "r/SUMS": details.checksumFile.absentNames holds 0 names for 1 absent',
  ]);
});

test('a bare sidecar lists exactly one file', () => {
  assert.deepEqual(problems(file('r/a.bin.sha256', checked({ format: 'bare', listed: 2, matched: 1, absent: 1, absentNames: ['b.bin'] })), file('r/a.bin', { vouchedBy: ['r/a.bin.sha256'] })), [
    'entry "r/a.bin.sha256": a bare sidecar lists exactly one file',
  ]);
});

test('the schema names a control character in a not-checked reason, at its field', () => {
  const m = makeManifest(2);
  (m.entries[1] as Entry).details = { checksumFile: { status: 'not-checked', reason: 'line 2 \u0007', signatures: [] } };
  assert.deepEqual(checkManifestValue(JSON.parse(JSON.stringify(m))), {
    ok: false,
    problems: ['manifest field entries.1.details.checksumFile.reason: contains a control or invisible character'],
  });
});

test('details are read only from a plain object: an array holding a vouchedBy property is no details', () => {
  assert.deepEqual(vendorDetailsOf({ details: { vouchedBy: ['r/SUMS'] } }), { vouchedBy: ['r/SUMS'] });
  assert.equal(vendorDetailsOf({ details: Object.assign([], { vouchedBy: ['r/SUMS'] }) }), null);
});
