/**
 * The witness co-signatures of a package (cosign-<KEYID>.minisig), as the verifier judged each:
 * key id, the trust store's label, fingerprint, and whether it counts. Only a valid co-signature by
 * a trusted witness key other than the signer's counts towards the two-person rule.
 */
import type { CosignerResult } from '../../shared/format/report';
import { displaySafe } from '../../shared/format/display-text';
import { StatusBadge } from '../components/status-badge';

/** Co-signers with the number required; nothing when none was required and none is present. */
export function CosignerTable({ cosigners, required }: { cosigners: readonly CosignerResult[] | undefined; required: number | undefined }) {
  const list = cosigners ?? [];
  const need = required ?? 0;
  if (!list.length && need === 0) return <p className="hint" data-testid="cosigners-none">No witness co-signature is required, and the package carries none.</p>;
  const valid = list.filter((c) => c.status === 'valid').length;
  return (
    <div data-testid="cosigners">
      <p>Witness co-signatures: <strong>{valid}</strong> valid{need > 0 ? `, ${need} required` : ''}.</p>
      {list.length > 0 && (
        <table aria-label="Witness co-signatures">
          <thead><tr><th>Witness</th><th>Key id</th><th>Fingerprint</th><th>Result</th><th>Reason</th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.file}>
                <td>{c.label ? displaySafe(c.label) : '— not trusted —'}</td>
                <td><code>{displaySafe(c.keyId)}</code></td>
                <td><code className="digest">{c.fingerprint ?? '—'}</code></td>
                <td><StatusBadge status={c.status === 'valid' ? 'pass' : 'fail'} /></td>
                <td>{displaySafe(c.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
