/**
 * Import step 2: the signature result, first and alone — who signed (label and fingerprint) and
 * the trusted comment, or in plain words why the package is refused. No payload byte has been read.
 */
import { useApp } from '../store/store';
import { groupHex } from '../../shared/units';
import { Notice } from '../components/notice';
import { CheckTable, FailureList } from './check-list';

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
          <p>Signer: <strong data-testid="signer-label">{sig.signer?.label ?? 'unknown'}</strong> (key {sig.signer?.keyId})</p>
          <p>Fingerprint: <code className="digest">{sig.signer?.fingerprint ?? '—'}</code></p>
          <p>Trusted comment: <code data-testid="trusted-comment">{sig.trustedComment}</code></p>
          {sig.manifestSha256 && <p>Manifest SHA-256: <code className="digest">{groupHex(sig.manifestSha256)}</code></p>}
          <p>Compare the fingerprint and digest with the printed manifest that came with the medium.</p>
        </Notice>
      ) : (
        <Notice tone="error" title="FAIL: this package is refused">
          <p>{signatureRefusal(sig)}</p>
          <p>Do not import it. Return the medium to the export side, or report it to security.</p>
          <FailureList failures={sig.failures} />
        </Notice>
      )}
      <CheckTable checks={sig.checks} />
    </div>
  );
}

/** The refusal in one plain sentence. */
export function signatureRefusal(sig: { signer: { keyId: string; label: string | null } | null; failures: { reason: string }[] }): string {
  if (sig.signer && sig.signer.label === null) return `It is signed by key ${sig.signer.keyId}, which this station does not trust.`;
  return sig.failures[0]?.reason ?? 'Its signature could not be verified.';
}
