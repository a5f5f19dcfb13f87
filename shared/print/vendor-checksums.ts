/**
 * Vendor checksums on paper (issue 10 §2): a row of the totals-like summary and one row per
 * checksum file the sources carried — what it vouched for, what it listed but was not carried,
 * why it was not checked, and any vendor signature beside it, said to be present and NOT checked.
 */
import type { Manifest } from '../format/manifest';
import { describeChecksumFile, summarizeVendorChecksums, vendorChecksumSummaryText } from '../format/vendor-checksums';
import type { Table } from './paginate';
import { detailsTable, pathValue, prose } from './sections';

/** The table, or null when the sources carried no checksum file (nothing to print). */
export function vendorChecksumTable(m: Manifest): Table | null {
  const s = summarizeVendorChecksums(m);
  if (s.files === 0) return null;
  const rows: [string, ReturnType<typeof prose>][] = [['Result', prose(vendorChecksumSummaryText(m))]];
  for (const f of s.perFile) {
    rows.push(['Checksum file', pathValue(f.path)]);
    rows.push(['', prose(describeChecksumFile(f.details))]);
    if (f.details.status === 'checked' && f.details.absentNames.length > 0) {
      const more = f.details.absent - f.details.absentNames.length;
      rows.push(['Listed, not carried', prose(f.details.absentNames.join(', ') + (more > 0 ? ` and ${more} more` : ''))]);
    }
  }
  rows.push(['What this proves', prose('The packed bytes equal the SHA-256 digests the vendor\'s files list. Whether those files are the vendor\'s own is not proved: Sluice checks no vendor signature.')]);
  return detailsTable('Vendor checksums (checked by Sluice while packing)', rows);
}
