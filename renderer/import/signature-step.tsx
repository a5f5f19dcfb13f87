/**
 * Import step 2: the signature result, first and alone — who signed (label and fingerprint) and
 * the trusted comment, or in plain words why the package is refused and what to do (an incomplete
 * copy is not a security incident). No payload byte has been read.
 */
import { useApp } from '../store/store';
import { groupHex } from '../../shared/units';
import { displaySafe } from '../../shared/format/display-text';
import { Notice } from '../components/notice';
import type { Failure, Signer } from '../../shared/format/report';
import { classifyFault } from '../../shared/format/fault';
import { CheckTable, FailureList, FaultSummary } from './check-list';
import { CosignerTable } from './cosigner-table';

/** The signature verdict. */
export function SignatureStep() {
  const sig = useApp((s) => s.signature);
  const dir = useApp((s) => s.packageDir);
  if (!sig) return null;
  return (
    <div>
      <p>Package: <code>{dir}</code></p>
      {sig.ok ? (
        <Notice tone="ok" title="PASS: signed by a trusted key">
          <p>Signer: <strong data-testid="signer-label">{displaySafe(sig.signer?.label ?? 'unknown')}</strong> (key {displaySafe(sig.signer?.keyId)})</p>
          <p>Fingerprint: <code className="digest">{sig.signer?.fingerprint ?? '—'}</code></p>
          <p>Trusted comment: <code data-testid="trusted-comment">{displaySafe(sig.trustedComment, { max: 1000 })}</code></p>
          {sig.manifestSha256 && <p>Manifest SHA-256: <code className="digest">{groupHex(sig.manifestSha256)}</code></p>}
          <p>Compare the fingerprint and digest with the printed manifest that came with the medium.</p>
        </Notice>
      ) : (
        <Notice tone="error" title="FAIL: this package is refused">
          <FaultSummary fault={classifyFault(sig)} />
          {signatureRefusal(sig) && <p>{signatureRefusal(sig)}</p>}
          <p>Do not import it.</p>
          <FailureList failures={sig.failures} />
        </Notice>
      )}
      <CheckTable checks={sig.checks} />
      <CosignerTable cosigners={sig.cosigners} required={sig.witnessesRequired} />
    </div>
  );
}

/**
 * Who signed, when that is the problem: a key this station does not trust. Null otherwise (the
 * fault's advice names the failure; a bad signature by a trusted key also leaves the label unset,
 * so the label alone does not decide).
 */
export function signatureRefusal(sig: { signer: Signer | null; failures: Failure[] }): string | null {
  const fault = classifyFault(sig);
  if (fault?.kind !== 'untrusted' || !sig.signer || sig.signer.label !== null) return null;
  return `It is signed by key ${sig.signer.keyId}, which this station does not trust.`;
}
