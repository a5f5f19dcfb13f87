/**
 * Import step 3: review what the signed manifest says — metadata, the file list with sizes, and the
 * export side's checklist answers. Nothing here is verified against the payload yet.
 */
import { useMemo } from 'react';
import { useApp } from '../store/store';
import { ContentDetails } from '../components/content-details';
import { VendorChecksums } from '../components/vendor-checksums';
import { vendorChecksumView } from '../../shared/format/vendor-checksums';
import { contentItems } from '../../shared/format/content-details';
import { formatBytes } from '../../shared/units';
import { displaySafe } from '../../shared/format/display-text';
import { ChecklistRecordTable } from '../export/summary-step';
import { ManifestScanFact } from '../components/scan-result';
import { ListSearch, useLongList } from '../components/long-list';
import type { ManifestEntry } from '../../shared/format/manifest';

const entryPath = (e: ManifestEntry) => e.path;

/** The manifest for review. */
export function ReviewStep() {
  const m = useApp((s) => s.signature?.manifest);
  const files = useMemo(() => (m ? m.entries.filter((e) => e.type === 'file') : []), [m]);
  // A mirror holds 100,000 files: show the first few hundred and a search, never all at once.
  const list = useLongList(files, entryPath);
  if (!m) return <p>No signed manifest to review.</p>;
  return (
    <div>
      <dl className="facts" data-testid="review-facts">
        <dt>Transfer id</dt><dd><code>{m.transferId}</code></dd>
        <dt>Sequence</dt><dd>{m.sequence}</dd>
        <dt>From → to</dt><dd>{m.source} → {m.destination}</dd>
        <dt>Created</dt><dd>{m.created}</dd>
        <dt>Expires</dt><dd>{m.expires}</dd>
        <dt>Operator</dt><dd>{displaySafe(m.operator)}</dd>
        <dt>Classification</dt><dd>{displaySafe(m.classification)}</dd>
        <dt>Purpose</dt><dd>{displaySafe(m.purpose, { max: 2000 })}</dd>
        <dt>Ticket</dt><dd>{m.ticket ? displaySafe(m.ticket) : '—'}</dd>
        <dt>Contents</dt><dd>{m.totals.files} file(s), {m.totals.directories} folder(s), {formatBytes(m.totals.bytes)}</dd>
        <ManifestScanFact scan={m.scan} />
      </dl>
      <p className="hint">The export side's scan is what it claims; this station scans the staged files itself after verification when its policy says so.</p>
      <h3>Files</h3>
      <ListSearch view={list} noun="files" />
      <table aria-label="Files in the package">
        <thead><tr><th>Path</th><th className="num">Size</th></tr></thead>
        <tbody>
          {list.shown.map((f) => <tr key={f.path}><td><code>{displaySafe(f.path)}</code></td><td className="num">{formatBytes(f.size)}</td></tr>)}
        </tbody>
      </table>
      <ContentDetails items={contentItems(m)} />
      <VendorChecksums view={vendorChecksumView(m)} />
      <h3>Export side's checklist</h3>
      <ChecklistRecordTable records={m.checklist} label="Export checklist answers" />
    </div>
  );
}
