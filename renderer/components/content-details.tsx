/**
 * What is inside (FORMAT.md §3.10) on screen: the images (references, config digest, platform,
 * layers), Helm charts, SBOMs and signature files the packer recognised and signed into the
 * manifest. Shown on the export summary and the import review. Every string came from a file
 * that was packed, so each goes through displaySafe; signature files say they were not checked.
 */
import { displaySafe } from '../../shared/format/display-text';
import type { ContentItem } from '../../shared/format/content-details';

const LABELS: Record<ContentItem['kind'], string> = { Image: 'Image', Chart: 'Helm chart', SBOM: 'SBOM', Signature: 'Signature file', Unreadable: 'Not readable' };

/** A table of the recognised items, or nothing when there are none. */
export function ContentDetails({ items }: { items: readonly ContentItem[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <section data-testid="content-details">
      <h3>What is inside (recognised while packing)</h3>
      <table aria-label="Images, charts and SBOMs in the package">
        <thead><tr><th>Kind</th><th>Entry</th><th>What</th></tr></thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.kind} ${i.path} ${i.text}`} data-kind={i.kind}>
              <td>{LABELS[i.kind]}</td>
              <td><code>{displaySafe(i.path)}</code></td>
              <td><code>{displaySafe(i.text, { max: 2000 })}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Image layers and configs were hashed while packing and match the digests each image names. Who built an image, and whether a signature beside it is valid, is not checked by Sluice.</p>
    </section>
  );
}
