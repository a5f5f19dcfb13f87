/**
 * Export step 2: the sources. Files and folders come from the pickers or a drop onto the drop
 * zone; the engine scans them and every refusal is listed per file, all at once.
 */
import { useMemo, useState } from 'react';
import { useApp } from '../store/store';
import { formatBytes } from '../../shared/units';
import { Notice } from '../components/notice';
import { ListSearch, useLongList } from '../components/long-list';

const NONE: never[] = [];
const refusalText = (r: { path: string; reason: string }) => `${r.path} ${r.reason}`;
const entryPath = (e: { path: string }) => e.path;

/** Source pickers, drop zone, the chosen sources and the scan's totals and refusals. */
export function SourcesStep() {
  const sources = useApp((s) => s.sources);
  const scan = useApp((s) => s.scan);
  const scanning = useApp((s) => s.scanning);
  const pick = useApp((s) => s.pickSources);
  const drop = useApp((s) => s.dropSources);
  const remove = useApp((s) => s.removeSource);
  const [over, setOver] = useState(false);
  // A mirror of 100,000 files (or as many refusals): the first few hundred and a search, never all rows.
  const refusals = useLongList(scan?.refusals ?? NONE, refusalText);
  const files = useMemo(() => (scan ? scan.entries.filter((e) => e.type === 'file') : NONE), [scan]);
  const fileList = useLongList(files, entryPath);
  return (
    <div>
      <div className="actions">
        <button type="button" onClick={() => void pick('files')}>Add files…</button>
        <button type="button" onClick={() => void pick('folder')}>Add a folder…</button>
      </div>
      <div className={`dropzone${over ? ' over' : ''}`} aria-hidden="true"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); void drop(); }}>
        Or drop files and folders here
      </div>
      {sources.length > 0 && (
        <>
          <h3>Chosen sources</h3>
          <ul aria-label="Chosen sources">
            {sources.map((p) => (
              <li key={p}>
                <code>{p}</code>{' '}
                <button type="button" aria-label={`Remove ${p}`} onClick={() => void remove(p)}>Remove</button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div aria-live="polite">
        {scanning && <p>Scanning the sources…</p>}
        {scan && !scanning && (
          <p data-testid="scan-totals">
            {scan.totals.files} file(s), {scan.totals.directories} folder(s), {formatBytes(scan.totals.bytes)} in total.
          </p>
        )}
      </div>
      {scan && scan.refusals.length > 0 && (
        <Notice tone="error" title={`The packer refuses ${scan.refusals.length} item(s)`}>
          <p>Remove the sources holding them, or fix them on disk and add them again.</p>
          <ListSearch view={refusals} noun="refused items" />
          <table aria-label="Refused items">
            <thead><tr><th>Path</th><th>Reason</th></tr></thead>
            <tbody>
              {refusals.shown.map((r) => (
                <tr key={r.path + r.reason}><td><code>{r.path}</code></td><td><span className="status fail"><span aria-hidden="true">✗</span>REFUSED</span> {r.reason}</td></tr>
              ))}
            </tbody>
          </table>
        </Notice>
      )}
      {scan && scan.entries.length > 0 && (
        <details>
          <summary>Files to pack ({files.length})</summary>
          <ListSearch view={fileList} noun="files" />
          <table aria-label="Files to pack">
            <thead><tr><th>Path</th><th className="num">Size</th></tr></thead>
            <tbody>
              {fileList.shown.map((e) => (
                <tr key={e.path}><td><code>{e.path}</code></td><td className="num">{formatBytes(e.size)}</td></tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
