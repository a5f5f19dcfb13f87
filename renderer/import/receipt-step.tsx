/**
 * Import's last step: the receipt — the decision, where the files went, the ledger entry.
 */
import { useApp } from '../store/store';
import { groupHex } from '../../shared/units';
import { displaySafe } from '../../shared/format/display-text';
import { Notice } from '../components/notice';
import { PrintControls } from '../print/print-controls';

/** The receipt view. */
export function ReceiptStep() {
  const r = useApp((s) => s.decisionResult);
  const sig = useApp((s) => s.signature);
  const officer = useApp((s) => s.officer);
  const reason = useApp((s) => s.decisionReason);
  const reset = useApp((s) => s.resetImport);
  const stagingId = useApp((s) => s.staged?.stagingId);
  if (!r) return null;
  return (
    <div data-testid="receipt">
      {r.decision === 'approve'
        ? <Notice tone="ok" title="PASS: imported"><p>The files are in place and the import is recorded in the ledger.</p></Notice>
        : <Notice tone="warn" title="Rejected"><p>Nothing was imported. The rejection is recorded in the ledger.</p></Notice>}
      <dl className="facts">
        <dt>Transfer id</dt><dd><code>{sig?.manifest?.transferId ?? r.report?.transferId ?? '—'}</code></dd>
        <dt>Decision</dt><dd>{r.decision === 'approve' ? 'Approved' : 'Rejected'} by {officer}</dd>
        <dt>Reason</dt><dd>{reason}</dd>
        {r.path && <><dt>Imported to</dt><dd><code data-testid="imported-path">{displaySafe(r.path, { max: 1000 })}</code></dd></>}
        {r.ledgerSeq !== null && <><dt>Ledger entry</dt><dd>#{r.ledgerSeq}</dd></>}
        {r.report?.imported && <><dt>Ledger hash</dt><dd><code className="digest">{groupHex(r.report.imported.ledgerHash)}</code></dd></>}
        {sig?.manifestSha256 && <><dt>Manifest SHA-256</dt><dd><code className="digest">{groupHex(sig.manifestSha256, 8)}</code></dd></>}
      </dl>
      {stagingId && (r.decision === 'approve'
        ? <PrintControls target={{ kind: 'receipt', stagingId }} what="receipt" actor={officer} />
        : <PrintControls target={{ kind: 'rejection', stagingId }} what="rejection report" actor={officer} />)}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void reset()}>Import another package</button>
      </div>
    </div>
  );
}
