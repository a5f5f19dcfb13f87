/**
 * Import side: the trust store. A key is trusted only after the officer re-types (or pastes and
 * confirms) its fingerprint as read from the paper hand-over; main compares it again. Revoking
 * asks for a reason.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../store/store';
import { TextField } from '../components/text-field';
import { Notice } from '../components/notice';

const LABEL = /^[A-Za-z0-9._-]{1,64}$/;
const norm = (s: string) => s.replace(/[\s:-]/g, '').toLowerCase();

/** The trusted-keys section. */
export function TrustStore() {
  const trusted = useApp((s) => s.trusted);
  const load = useApp((s) => s.loadTrusted);
  const pick = useApp((s) => s.pickKeyToTrust);
  const candidate = useApp((s) => s.candidate);
  const clear = useApp((s) => s.clearCandidate);
  const trust = useApp((s) => s.trustCandidate);
  const revoke = useApp((s) => s.revokeTrusted);
  const [label, setLabel] = useState('');
  const [typed, setTyped] = useState('');
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [role, setRole] = useState<'signer' | 'witness'>('signer');
  useEffect(() => {
    if (trusted === null) void load();
  }, [trusted, load]);
  const matches = !!candidate && typed.length > 0 && norm(typed) === norm(candidate.view.fingerprint);
  const mismatch = candidate && typed.length > 0 && !matches ? 'This does not match the key\u2019s fingerprint. Read it again from the paper; if it still differs, do not trust this key.' : null;
  return (
    <section aria-labelledby="trust-title">
      <h3 id="trust-title">Trusted signers</h3>
      {trusted && trusted.length > 0 ? (
        <table aria-label="Trusted signers">
          <thead><tr><th>Label</th><th>Role</th><th>Key id</th><th>Fingerprint</th><th>State</th><th>Action</th></tr></thead>
          <tbody>
            {trusted.map((k) => (
              <tr key={k.label + k.keyId}>
                <td>{k.label}</td><td>{k.role === 'witness' ? 'witness (co-signs only)' : 'signer'}</td><td><code>{k.keyId}</code></td><td><code className="digest">{k.fingerprint}</code></td>
                <td>{k.revoked ? 'REVOKED' : 'TRUSTED'}</td>
                <td>{!k.revoked && <button type="button" aria-label={`Revoke ${k.label}`} onClick={() => { setRevoking(k.label); setReason(''); }}>Revoke…</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>No trusted signers yet: no package can be imported until one is trusted.</p>}
      {revoking && (
        <form noValidate onSubmit={async (e) => { e.preventDefault(); if (reason.trim() && (await revoke(revoking, reason.trim()))) setRevoking(null); }}>
          <TextField label={`Reason for revoking ${revoking}`} value={reason} onChange={setReason} required />
          <div className="actions">
            <button type="submit" className="danger" disabled={!reason.trim()}>Confirm: revoke {revoking}</button>
            <button type="button" onClick={() => setRevoking(null)}>Keep it</button>
          </div>
        </form>
      )}
      <h3>Trust a signer</h3>
      {!candidate ? (
        <div className="actions"><button type="button" onClick={() => void pick()}>Choose a public key file…</button></div>
      ) : (
        <form noValidate onSubmit={async (e) => { e.preventDefault(); if (matches && LABEL.test(label) && (await trust(label, typed, role))) { setLabel(''); setTyped(''); setRole('signer'); } }}>
          <dl className="facts">
            <dt>Key id</dt><dd><code>{candidate.view.keyId}</code></dd>
            <dt>Comment in the file</dt><dd>{candidate.view.comment} <span className="hint">(not verified)</span></dd>
          </dl>
          <p>Type the fingerprint exactly as printed on the paper hand-over from the export side.</p>
          <TextField label="Fingerprint from the paper" value={typed} onChange={setTyped} error={mismatch} />
          {matches && <Notice tone="ok" title="PASS: the fingerprint matches" />}
          <fieldset className="field">
            <legend>Role of this key</legend>
            <label><input type="radio" name="trust-role" checked={role === 'signer'} onChange={() => setRole('signer')} /> Signer — may sign packages</label>
            <label><input type="radio" name="trust-role" checked={role === 'witness'} onChange={() => setRole('witness')} /> Witness — may only co-sign packages</label>
          </fieldset>
          <TextField label="Label for this signer" value={label} onChange={setLabel} error={label && !LABEL.test(label) ? 'Letters, digits, dot, underscore, hyphen; up to 64.' : null} />
          <div className="actions">
            <button type="submit" className="primary" disabled={!matches || !LABEL.test(label)}>Trust this key</button>
            <button type="button" onClick={clear}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
