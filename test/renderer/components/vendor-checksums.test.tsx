/**
 * The vendor checksum section of the export summary and the import review, rendered from the view
 * of a manifest: what was vouched for, what was listed but not carried, a signature present and
 * NOT checked, hostile text escaped; nothing at all when the sources carried no checksum file.
 */
import 'global-jsdom/register';
import '../setup-dom';
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import { VendorChecksums } from '../../../renderer/components/vendor-checksums';
import type { VendorChecksumView } from '../../../shared/format/vendor-checksums';

afterEach(() => cleanup());

const view: VendorChecksumView = {
  summary: '2 files match 1 checksum file (SHA-256); 1 listed but not carried; 1 checksum file NOT CHECKED; 1 vendor signature present, not checked by Sluice',
  files: [
    { path: 'release/SHA256SUMS', text: '2 of 3 listed files match (SHA-256, gnu format), 1 listed but not carried; signature present (SHA256SUMS.asc), not checked by Sluice', absent: ['vendor-only.iso'] },
    { path: 'release/CHECKSUMS.txt', text: 'not checked: line 2 is not a checksum line (\u001b[2J\u202eevil)', absent: [] },
  ],
};

test('the section shows each checksum file, the absent names and that signatures were not checked', () => {
  render(<VendorChecksums view={view} />);
  assert.equal(screen.getByTestId('vendor-checksums-summary').textContent, view.summary);
  assert.ok(screen.getByText('release/SHA256SUMS'));
  assert.ok(screen.getByText(/Listed, not carried: vendor-only\.iso/));
  assert.ok(screen.getByText(/Sluice checks no vendor signature/));
  const text = screen.getByTestId('vendor-checksums').textContent ?? '';
  assert.ok(text.includes('not checked: line 2 is not a checksum line (\\u001b[2J\\u202eevil)'), text);
  assert.ok(!/[\u001b\u202e]/.test(text));
});

test('nothing is shown when the sources carried no checksum file', () => {
  render(<VendorChecksums view={undefined} />);
  assert.equal(screen.queryByTestId('vendor-checksums'), null);
});
