/**
 * What a manifest says is inside its files (FORMAT.md §3.10), as one list every surface shows the
 * same way: `sluice inspect`, `sluice verify`, the printed transfer manifest, the app's export
 * summary and import review. The text is built from hostile strings (image tags, chart names):
 * `contentItems` returns it raw for callers that escape themselves (HTML, React); `contentLines`
 * returns display-safe lines for a terminal.
 */
import { displaySafe, displayText } from './display-text';
import type { Manifest } from './manifest';
import type { EntryDetails } from './entry-details';
import { formatBytes } from '../units';

/** One recognised thing: what kind, which entry, and a one-line description (raw, unescaped). */
export interface ContentItem {
  kind: 'Image' | 'Chart' | 'SBOM' | 'Signature' | 'Unreadable';
  /** The entry path (a file, or the folder of an OCI layout). */
  path: string;
  text: string;
}

const SIGNATURE_WORDS: Record<string, string> = {
  'cosign-signature': 'cosign signature',
  'cosign-attestation': 'cosign attestation',
  'cosign-sbom': 'cosign SBOM attachment',
  signature: 'signature',
  'sigstore-bundle': 'Sigstore bundle',
};

/** Everything recognised, in entry order; images first within an entry. */
export function contentItems(m: Manifest): ContentItem[] {
  const items: ContentItem[] = [];
  for (const e of m.entries) {
    const d = e.details as EntryDetails | undefined;
    if (!d) continue;
    for (const image of d.image?.images ?? []) {
      const layerBytes = image.layers.reduce((n, l) => n + l.size, 0);
      const parts = [
        image.references.length > 0 ? image.references.join(', ') : '(untagged)',
        image.config,
        ...(image.platform ? [image.platform] : []),
      ];
      const layers = `${image.layers.length} layer${image.layers.length === 1 ? '' : 's'}, ${formatBytes(layerBytes)}`;
      const manifest = image.manifest ? `; manifest ${image.manifest}` : '';
      items.push({ kind: 'Image', path: e.path, text: `${parts.join(' ')} (${layers}${manifest}; ${d.image!.layout === 'oci' ? 'OCI layout' : 'docker save'}; digests checked while packing)` });
    }
    if (d.chart) items.push({ kind: 'Chart', path: e.path, text: `${d.chart.name} ${d.chart.version}${d.chart.appVersion ? ` (app ${d.chart.appVersion})` : ''}` });
    if (d.sbom) {
      const what = d.sbom.describes.map((x) => (x.version ? `${x.name} ${x.version}` : x.name)).join(', ');
      items.push({ kind: 'SBOM', path: e.path, text: `${d.sbom.format} ${d.sbom.specVersion}${d.sbom.name ? ` "${d.sbom.name}"` : ''}${what ? ` describes ${what}` : ''}` });
    }
    if (d.signatureFile) {
      const s = d.signatureFile;
      const target = s.subject ? ` for ${s.subject}` : s.for ? ` for ${s.for}` : '';
      items.push({ kind: 'Signature', path: e.path, text: `${SIGNATURE_WORDS[s.kind] ?? s.kind}${target}: present, not checked by Sluice` });
    }
    if (d.unreadable) {
      const k = d.unreadable.kind;
      items.push({ kind: 'Unreadable', path: e.path, text: `looks like ${/^[aeiou]/i.test(k) ? 'an' : 'a'} ${k} but could not be read: ${d.unreadable.reason} (packed as it is, not checked)` });
    }
  }
  return items;
}

/** `Image  release/app.tar: gcr.io/x:1 sha256:… linux/amd64 (…)` lines, escaped for a terminal. */
export function contentLines(m: Manifest): string[] {
  return contentItems(m).map((i) => `${i.kind.padEnd(10)} ${displayText(i.path)}: ${displaySafe(i.text, { max: 2000 })}`);
}

/** Counts for a summary row: "2 images, 1 chart, 1 SBOM, 1 signature file (not checked)". */
export function contentSummaryText(m: Manifest): string {
  const items = contentItems(m);
  const n = (k: ContentItem['kind']) => items.filter((i) => i.kind === k).length;
  const parts: string[] = [];
  const add = (count: number, one: string, many: string) => { if (count > 0) parts.push(`${count} ${count === 1 ? one : many}`); };
  add(n('Image'), 'image', 'images');
  add(n('Chart'), 'chart', 'charts');
  add(n('SBOM'), 'SBOM', 'SBOMs');
  add(n('Signature'), 'signature file (not checked)', 'signature files (not checked)');
  add(n('Unreadable'), 'file that looks like an image, chart or SBOM but could not be read', 'files that look like images, charts or SBOMs but could not be read');
  return parts.length > 0 ? parts.join(', ') : 'nothing recognised';
}
