/**
 * Import step 3: review what the signed manifest says — metadata, the file list with sizes, and the
 * export side's checklist answers. Nothing here is verified against the payload yet.
 */
import { useApp } from '../store/store';
import { ContentDetails } from '../components/content-details';
import { contentItems } from '../../shared/format/content-details';
import { formatBytes } from '../../shared/units';
import { displaySafe } from '../../shared/format/display-text';
import { ChecklistRecordTable } from '../export/summary-step';

/** The manifest for review. */
export function ReviewStep() {
  const m = useApp((s) => s.signature?.manifest);
  if (!m) return <p>No signed manifest to review.</p>;
  const files = m.entries.filter((e) => e.type === 'file');
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
      </dl>
      <h3>Files</h3>
      <table aria-label="Files in the package">
        <thead><tr><th>Path</th><th className="num">Size</th></tr></thead>
        <tbody>
          {files.slice(0, 1000).map((f) => <tr key={f.path}><td><code>{displaySafe(f.path)}</code></td><td className="num">{formatBytes(f.size)}</td></tr>)}
        </tbody>
      </table>
      {files.length > 1000 && <p className="hint">Showing the first 1000 of {files.length} files.</p>}
      <h3>Export side's checklist</h3>
      <ChecklistRecordTable records={m.checklist} label="Export checklist answers" />
    </div>
      <ContentDetails items={contentItems(m)} />
  );
}
