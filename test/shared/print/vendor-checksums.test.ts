// Vendor checksums on the printed transfer manifest: what was checked, what was listed but not
// carried, why a file was not checked, and a vendor signature said to be present and NOT checked;
// nothing printed when the sources carried no checksum file. Below, the same words for a terminal and
// the app (describeChecksumFile, vendorChecksumLines, vendorChecksumSummaryText, vendorChecksumView)
// written out literally for each count and plural.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTransferManifest } from '../../../shared/print/index';
import { escapeHtml } from '../../../shared/print/escape';
import { describeChecksumFile, vendorChecksumLines, vendorChecksumSummaryText, vendorChecksumView, type ChecksumFileDetails } from '../../../shared/format/vendor-checksums';
import type { Manifest } from '../../../shared/format/manifest';
import { makeManifest, sha } from './fixtures';

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp-abcd' };

/** A manifest whose docs/SHA256SUMS vouched for two files and whose docs/CHECKSUMS.txt was not used. */
function withVendorChecksums(): Manifest {
  const m = makeManifest(4);
  const files = m.entries.filter((e) => e.type === 'file');
  const add = (path: string, details: Record<string, unknown>) => {
    m.entries.push({ path, type: 'file', size: 10, mode: '0644', mtime: 1_700_000_000, sha256: sha(path), details } as Manifest['entries'][number]);
  };
  Object.assign(files[0]!, { details: { vouchedBy: ['docs/SHA256SUMS'] } });
  Object.assign(files[1]!, { details: { vouchedBy: ['docs/SHA256SUMS'] } });
  add('docs/CHECKSUMS.txt', { checksumFile: { status: 'not-checked', reason: 'line 3 is not a checksum line (<b>x</b>)', signatures: [] } });
  add('docs/SHA256SUMS', { checksumFile: { status: 'checked', format: 'gnu', algorithm: 'sha256', listed: 3, matched: 2, absent: 1, absentNames: ['vendor-only.iso'], signatures: [{ file: 'docs/SHA256SUMS.asc', kind: 'openpgp', checked: false }] } });
  add('docs/SHA256SUMS.asc', {});
  delete (m.entries[m.entries.length - 1] as { details?: unknown }).details;
  return m;
}

test('the printed manifest says what the vendor checksums vouched for and that the signature was not checked', () => {
  // Prose is word-wrapped with <br>: read it back as one line of text.
  const html = renderTransferManifest({ manifest: withVendorChecksums(), manifestSha256: sha('m'), signer }).replace(/<br>/g, ' ');
  assert.ok(html.includes('Vendor checksums (checked by Sluice while packing)'));
  assert.ok(html.includes('2 files match 1 checksum file (SHA-256); 1 listed but not carried; 1 checksum file NOT CHECKED; 1 vendor signature present, not checked by Sluice'));
  assert.ok(html.includes('2 of 3 listed files match (SHA-256, gnu format), 1 listed but not carried; signature present (SHA256SUMS.asc), not checked by Sluice'));
  assert.ok(html.includes('vendor-only.iso'));
  assert.ok(html.includes(escapeHtml('not checked: line 3 is not a checksum line (<b>x</b>)')), 'the reason is printed, escaped');
  assert.ok(!html.includes('<b>x</b>'));
  assert.ok(html.includes('Sluice checks no vendor signature'));
});

test('no vendor checksum table when the sources carried none', () => {
  const html = renderTransferManifest({ manifest: makeManifest(4), manifestSha256: sha('m'), signer });
  assert.ok(!html.includes('Vendor checksums'));
});

const one: ChecksumFileDetails = { status: 'checked', format: 'bsd', algorithm: 'sha256', listed: 1, matched: 1, absent: 0, absentNames: [], signatures: [] };
const four: ChecksumFileDetails = {
  status: 'checked', format: 'gnu', algorithm: 'sha256', listed: 4, matched: 2, absent: 2, absentNames: ['a.iso', 'b.iso'],
  signatures: [{ file: 'r/SUMS.asc', kind: 'openpgp', checked: false }, { file: 'r/SUMS.minisig', kind: 'minisign', checked: false }],
};
const notChecked = (reason: string, signatures: ChecksumFileDetails['signatures'] = []): ChecksumFileDetails => ({ status: 'not-checked', reason, signatures });
/** A manifest holding only these entries: the vendor checksum words read nothing else. */
function entries(...list: [string, Record<string, unknown>?][]): Manifest {
  return { entries: list.map(([path, details]) => ({ path, type: 'file', size: 1, mode: '0644', mtime: 1_700_000_000, sha256: sha(path), ...(details ? { details } : {}) })) } as unknown as Manifest;
}

test('each checksum file in words: singular, plural, absent files and signatures only when there are some', () => {
  assert.equal(describeChecksumFile(one), '1 of 1 listed file matches (SHA-256, bsd format)');
  assert.equal(describeChecksumFile(four), '2 of 4 listed files match (SHA-256, gnu format), 2 listed but not carried; signature present (SUMS.asc, SUMS.minisig), not checked by Sluice');
  assert.equal(describeChecksumFile(notChecked('lists SHA512 digests')), 'not checked: lists SHA512 digests');
});

test('the summary line for each mix of checked, not checked, absent and signed', () => {
  assert.equal(vendorChecksumSummaryText(entries(['r/a.bin'])), 'none in the sources');
  assert.equal(vendorChecksumSummaryText(entries(['r/SUMS', { checksumFile: notChecked('too large') }])), '1 checksum file NOT CHECKED');
  assert.equal(vendorChecksumSummaryText(entries(['r/CHECKSUMS.txt', { checksumFile: one }], ['r/a.bin', { vouchedBy: ['r/CHECKSUMS.txt'] }])), '1 file matches 1 checksum file (SHA-256)');
  assert.equal(vendorChecksumSummaryText(entries(
    ['r/SUMS', { checksumFile: four }], ['r/SUMS2', { checksumFile: { ...four, absent: 1, absentNames: ['c.iso'], signatures: [] } }],
    ['r/SHA512SUMS', { checksumFile: notChecked('lists SHA512 digests') }], ['r/MD5SUMS', { checksumFile: notChecked('lists MD5 digests') }],
    ['r/a.bin', { vouchedBy: ['r/SUMS', 'r/SUMS2'] }], ['r/b.bin', { vouchedBy: ['r/SUMS'] }],
  )), '2 files match 2 checksum files (SHA-256); 3 listed but not carried; 2 checksum files NOT CHECKED; 2 vendor signatures present, not checked by Sluice');
});

test('terminal lines: one per checksum file, path escaped, a reason already escaped kept as is up to 800 characters', () => {
  assert.deepEqual(vendorChecksumLines(entries(['r/a.bin'])), []);
  assert.deepEqual(vendorChecksumLines(entries(['r\u001b/CHECKSUMS.txt', { checksumFile: one }], ['r/SUMS', { checksumFile: notChecked(`line 2 is not a checksum line (\\u202e${'y'.repeat(400)})`) }])), [
    'r\\u001b/CHECKSUMS.txt: 1 of 1 listed file matches (SHA-256, bsd format)',
    `r/SUMS: not checked: line 2 is not a checksum line (\\u202e${'y'.repeat(400)})`,
  ]);
});

test('the app view: summary, per file text and absent names, at most 200 files; none when the sources carried none', () => {
  assert.equal(vendorChecksumView(entries(['r/a.bin'])), undefined);
  assert.deepEqual(vendorChecksumView(entries(['r/SUMS', { checksumFile: four }], ['r/SHA512SUMS', { checksumFile: notChecked('lists SHA512 digests') }])), {
    summary: '0 files match 1 checksum file (SHA-256); 2 listed but not carried; 1 checksum file NOT CHECKED; 2 vendor signatures present, not checked by Sluice',
    files: [
      { path: 'r/SUMS', text: '2 of 4 listed files match (SHA-256, gnu format), 2 listed but not carried; signature present (SUMS.asc, SUMS.minisig), not checked by Sluice', absent: ['a.iso', 'b.iso'] },
      { path: 'r/SHA512SUMS', text: 'not checked: lists SHA512 digests', absent: [] },
    ],
  });
  const many = entries(...Array.from({ length: 201 }, (_, i): [string, Record<string, unknown>] => [`r/${String(i).padStart(3, '0')}.sha256`, { checksumFile: notChecked('x') }]));
  const view = vendorChecksumView(many)!;
  assert.equal(view.summary, '201 checksum files NOT CHECKED');
  assert.equal(view.files.length, 200);
  assert.equal(view.files[199]!.path, 'r/199.sha256');
});
