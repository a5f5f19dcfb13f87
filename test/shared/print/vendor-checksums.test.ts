// Vendor checksums on the printed transfer manifest: what was checked, what was listed but not
// carried, why a file was not checked, and a vendor signature said to be present and NOT checked;
// nothing printed when the sources carried no checksum file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTransferManifest } from '../../../shared/print/index';
import { escapeHtml } from '../../../shared/print/escape';
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
