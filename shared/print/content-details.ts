/**
 * What is inside, on paper (issue 10 §3): the images (references, config digest, platform,
 * layers), charts, SBOMs and signature files the packer recognised, each under its entry's path,
 * and a row saying what the listing proves and what it does not.
 */
import { contentItems, contentSummaryText } from '../format/content-details';
import type { Manifest } from '../format/manifest';
import type { Table } from './paginate';
import { detailsTable, pathValue, prose } from './sections';

const LABELS = { Image: 'Image', Chart: 'Helm chart', SBOM: 'SBOM', Signature: 'Signature file', Unreadable: 'Not readable' } as const;

/** The table, or null when nothing was recognised (nothing to print). */
export function contentTable(m: Manifest): Table | null {
  const items = contentItems(m);
  if (items.length === 0) return null;
  const rows: [string, ReturnType<typeof prose>][] = [['Found', prose(contentSummaryText(m))]];
  for (const i of items) {
    rows.push([LABELS[i.kind], pathValue(i.path)]);
    rows.push(['', prose(i.text)]);
  }
  rows.push(['What this proves', prose('Each image\'s layers and config were hashed while packing and match the digests its own manifest names. Who built an image, and whether a signature beside it is valid, is not checked by Sluice.')]);
  return detailsTable('What is inside (recognised while packing)', rows);
}
