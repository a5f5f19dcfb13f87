/**
 * Export's last step: what was made — transfer id, manifest digest in groups for reading aloud,
 * the signing key's fingerprint, where it went, and both checklists' answers.
 */
import { useEffect } from 'react';
import { useApp } from '../store/store';
import { formatBytes, groupHex } from '../../shared/units';
import { Notice } from '../components/notice';
import { PrintControls } from '../print/print-controls';
import type { ChecklistRecord } from '../../shared/format/manifest';

/** A table of checklist records: item, answer, who and when. */
export function ChecklistRecordTable({ records, label }: { records: ChecklistRecord[]; label: string }) {
  if (records.length === 0) return <p>No answers recorded.</p>;
  return (
    <table aria-label={label}>
      <thead><tr><th>Item</th><th>Answer</th><th>By</th><th>At</th></tr></thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.stage + r.itemId}>
            <td>{r.label}</td>
            <td>{r.value === true ? 'Yes' : r.value === false ? 'No' : r.value}</td>
            <td>{r.by}</td>
            <td>{r.at}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The summary with Print / Save as PDF of the manifest and Start another transfer. */
export function SummaryStep() {
  const result = useApp((s) => s.packResult);
  const keys = useApp((s) => s.keys);
  const keyName = useApp((s) => s.keyName);
  const post = useApp((s) => s.postChecklist);
  const postTemplate = useApp((s) => s.templates?.['export-post']);
  const operator = useApp((s) => s.exportDetails.operator);
  const reset = useApp((s) => s.resetExport);
  const loadKeys = useApp((s) => s.loadKeys);
  useEffect(() => {
    if (keys === null) void loadKeys();
  }, [keys, loadKeys]);
  if (!result) return <p>No package has been made yet.</p>;
  const key = keys?.find((k) => (result.keyId ? k.keyId === result.keyId : k.name === keyName));
  const postRecords: ChecklistRecord[] = postTemplate
    ? postTemplate.items.filter((i) => post.answers[i.id] !== undefined).map((i) => ({
        stage: postTemplate.stage, itemId: i.id, label: i.label, kind: i.kind, value: post.answers[i.id]!,
        by: post.meta[i.id]?.by ?? operator, at: post.meta[i.id]?.at ?? '',
      }))
    : [];
  return (
    <div>
      <Notice tone="ok" title="PASS: the transfer is packed and signed">
        <p>Hand the medium over as your procedure says, with the printed manifest.</p>
      </Notice>
      <dl className="facts" data-testid="export-summary">
        <dt>Transfer id</dt><dd><code data-testid="transfer-id">{result.transferId}</code></dd>
        <dt>Sequence</dt><dd>{result.sequence}</dd>
        <dt>Manifest SHA-256</dt><dd><code className="digest" data-testid="manifest-digest">{groupHex(result.manifestSha256, 8)}</code></dd>
        <dt>Signing key</dt><dd>{key ? <>{key.name} ({key.keyId})</> : keyName}</dd>
        <dt>Key fingerprint</dt><dd><code className="digest" data-testid="key-fingerprint">{key ? key.fingerprint : 'unknown'}</code></dd>
        <dt>Package folder</dt><dd><code>{result.packageDir}</code></dd>
        <dt>Payload</dt><dd>{result.files} file(s), {formatBytes(result.bytes)}</dd>
      </dl>
      <h3>Before packing (in the signed manifest)</h3>
      <ChecklistRecordTable records={result.checklist} label="Before-packing answers" />
      <h3>After packing</h3>
      <ChecklistRecordTable records={postRecords} label="After-packing answers" />
      <h3>Printed manifest</h3>
      <PrintControls target={{ kind: 'manifest', transferId: result.transferId }} what="manifest" actor={operator} />
      <div className="actions">
        <button type="button" className="primary" onClick={reset}>Start another transfer</button>
      </div>
    </div>
  );
}
