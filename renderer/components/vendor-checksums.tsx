/**
 * Vendor checksums on screen (FORMAT.md §3.11): what the vendor's SHA256SUMS / CHECKSUMS.txt /
 * `.sha256` files vouched for while packing, what they listed that was not carried, why one was
 * not checked, and that a vendor signature beside one was NOT checked. Shown on the export summary
 * (from the pack job's result) and the import review (from the signed manifest). Every path and
 * reason came from a package or a vendor's file, so each goes through displaySafe.
 */
import { displaySafe } from '../../shared/format/display-text';
import type { VendorChecksumView } from '../../shared/format/vendor-checksums';

/** The section, or nothing when the sources carried no checksum file. */
export function VendorChecksums({ view }: { view: VendorChecksumView | undefined }) {
  if (!view) return null;
  return (
    <section data-testid="vendor-checksums">
      <h3>Vendor checksums (checked by Sluice while packing)</h3>
      <p data-testid="vendor-checksums-summary">{displaySafe(view.summary)}</p>
      <table aria-label="Vendor checksum files">
        <thead><tr><th>Checksum file</th><th>Result</th></tr></thead>
        <tbody>
          {view.files.map((f) => (
            <tr key={f.path}>
              <td><code>{displaySafe(f.path)}</code></td>
              <td>
                {displaySafe(f.text, { max: 1000 })}
                {f.absent.length > 0 && <div className="hint">Listed, not carried: {displaySafe(f.absent.join(', '), { max: 2000 })}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">The packed files match the SHA-256 digests the vendor's files list. Whether those files are the vendor's own is not proved: Sluice checks no vendor signature.</p>
    </section>
  );
}
