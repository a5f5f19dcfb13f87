/**
 * Export's last step, the hand-over: what was made — transfer id, manifest digest in groups for
 * reading aloud, the seal, the signing key's fingerprint, the witness co-signatures, where it went —
 * and both checklists as main recorded them (who and when). The medium is sealed by now, so nothing
 * here writes onto it.
 */
import { useEffect } from 'react';
import { ContentDetails } from '../components/content-details';
import { VendorChecksums } from '../components/vendor-checksums';
import { useApp } from '../store/store';
import { formatBytes, groupHex } from '../../shared/units';
import { Notice } from '../components/notice';
import type { ChecklistRecord } from '../../shared/format/manifest';
import { ManifestScanFact } from '../components/scan-result';

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

/** The summary of a packed transfer: what was signed, both checklists, what is inside, and Start another transfer. */
export function SummaryStep() {
  const result = useApp((s) => s.packResult);
  const keys = useApp((s) => s.keys);
  const keyName = useApp((s) => s.keyName);
  const recorded = useApp((s) => s.postRecorded);
  const cosignatures = useApp((s) => s.cosignatures);
  const reset = useApp((s) => s.resetExport);
  const viaMedia = useApp((s) => s.targetMedium !== null);
  const loadKeys = useApp((s) => s.loadKeys);
  useEffect(() => {
    if (keys === null) void loadKeys();
  }, [keys, loadKeys]);
  if (!result) return <p>No package has been made yet.</p>;
  const key = keys?.find((k) => (result.keyId ? k.keyId === result.keyId : k.name === keyName));
  const postRecords: ChecklistRecord[] = recorded?.records ?? [];
  const sealMatch = recorded?.matches.find((m) => m.field === 'seal');
  return (
    <div>
      <Notice tone="ok" title="PASS: the transfer is packed and signed">
        <p>Hand the sealed bag over as your procedure says, with the signed paper manifest.</p>
      </Notice>
      <dl className="facts" data-testid="export-summary">
        <dt>Transfer id</dt><dd><code data-testid="transfer-id">{result.transferId}</code></dd>
        <dt>Sequence</dt><dd>{result.sequence}</dd>
        <dt>Seal number</dt><dd><code data-testid="seal-number">{result.seal ?? 'none'}</code>{sealMatch && <> — {sealMatch.matched ? 'the number typed from the sealed bag matches' : 'MISMATCH'}</>}</dd>
        <dt>Manifest SHA-256</dt><dd><code className="digest" data-testid="manifest-digest">{groupHex(result.manifestSha256, 8)}</code></dd>
        <dt>Signing key</dt><dd>{key ? <>{key.name} ({key.keyId})</> : keyName}</dd>
        <dt>Key fingerprint</dt><dd><code className="digest" data-testid="key-fingerprint">{key ? key.fingerprint : 'unknown'}</code></dd>
        {viaMedia
          ? <><dt>Package</dt><dd>on the media written above; the station's working copy is removed once the after-packing checklist is recorded</dd></>
          : <><dt>Package folder</dt><dd><code>{result.packageDir}</code></dd></>}
        <dt>Payload</dt><dd>{result.files} file(s), {formatBytes(result.bytes)}</dd>
        <ManifestScanFact scan={result.scan} />
      </dl>
      <h3>Before packing (in the signed manifest)</h3>
      <ChecklistRecordTable records={result.checklist} label="Before-packing answers" />
      <h3>Witness co-signatures</h3>
      {cosignatures.length === 0 ? <p>None.</p> : (
        <table aria-label="Witness co-signatures">
          <thead><tr><th>Witness</th><th>Key id</th><th>Fingerprint</th><th>File</th></tr></thead>
          <tbody>{cosignatures.map((c) => <tr key={c.keyId}><td>{c.witness}</td><td>{c.keyId}</td><td><code>{c.fingerprint}</code></td><td><code>{c.file}</code></td></tr>)}</tbody>
        </table>
      )}
      <h3>After packing (recorded in the ledger{recorded ? `, entry ${recorded.ledgerSeq}` : ''})</h3>
      <ChecklistRecordTable records={postRecords} label="After-packing answers" />
      <ContentDetails items={result.content} />
      <VendorChecksums view={result.vendorChecksums} />
      <p className="hint">Reprints of the manifest are in Records; they are kept in the records folder only, never written onto the sealed medium.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void reset()}>Start another transfer</button>
      </div>
    </div>
  );
}
