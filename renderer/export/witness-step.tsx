/**
 * Export step 6: the witness co-signature (the two-person rule). The witness reviews what was
 * signed — transfer id, digest, seal, files — and co-signs with THEIR OWN key: they choose their
 * name and key and type their passphrase. Required when the transfer requires witnesses, offered
 * otherwise. Main refuses the signer's key, the operator as witness, and anyone not on the
 * station's witness list.
 */
import { useEffect, useId, useState } from 'react';
import { useApp } from '../store/store';
import { witnessCount } from '../store/export-rules';
import { formatBytes, groupHex } from '../../shared/units';
import { ErrorNotice, Notice } from '../components/notice';

/** The facts under review, the co-signatures so far, and the witness's form. */
export function WitnessStep() {
  const result = useApp((s) => s.packResult);
  const details = useApp((s) => s.exportDetails);
  const witnesses = useApp((s) => s.settings?.people.witnesses ?? []);
  const keys = useApp((s) => s.keys);
  const loadKeys = useApp((s) => s.loadKeys);
  const done = useApp((s) => s.cosignatures);
  const cosign = useApp((s) => s.cosign);
  const error = useApp((s) => s.exportError);
  const [witness, setWitness] = useState('');
  const [keyName, setKeyName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const ids = { witness: useId(), key: useId(), pass: useId() };
  useEffect(() => {
    if (keys === null) void loadKeys();
  }, [keys, loadKeys]);
  if (!result) return <p>No package has been made yet.</p>;
  const need = witnessCount(details) ?? 0;
  // The signer's key can never co-sign; the operator can never witness (main refuses both too).
  const usable = (keys ?? []).filter((k) => k.hasSecret && k.keyId !== result.keyId && !done.some((c) => c.keyId === k.keyId));
  const people = witnesses.filter((w) => w.trim().toUpperCase() !== details.operator.trim().toUpperCase());
  const submit = async () => {
    const p = passphrase;
    setPassphrase('');
    setBusy(true);
    await cosign(witness, keyName, p);
    setBusy(false);
  };
  return (
    <div>
      <p>{need > 0 ? `This transfer requires ${need} witness co-signature(s).` : 'No witness co-signature is required for this transfer; a witness may still co-sign.'} The witness checks these facts against the screen and the sources, then unlocks their own key.</p>
      <dl className="facts" data-testid="cosign-review">
        <dt>Transfer id</dt><dd><code>{result.transferId}</code></dd>
        <dt>Manifest SHA-256</dt><dd><code className="digest">{groupHex(result.manifestSha256, 8)}</code></dd>
        <dt>Seal number</dt><dd><code>{result.seal ?? details.seal}</code></dd>
        <dt>Destination</dt><dd>{details.destination}</dd>
        <dt>Operator</dt><dd>{details.operator}</dd>
        <dt>Payload</dt><dd>{result.files} file(s), {formatBytes(result.bytes)}</dd>
      </dl>
      {done.length > 0 && (
        <Notice tone="ok" title={`DONE: ${done.length} witness co-signature(s)`}>
          <ul aria-label="Co-signatures">
            {done.map((c) => <li key={c.keyId}>{c.witness} — key {c.keyId}, fingerprint <code>{c.fingerprint}</code> ({c.file})</li>)}
          </ul>
        </Notice>
      )}
      {people.length === 0 && <Notice tone="warn" title="No witness on this station"><p>Add witnesses under Settings, and generate a key for each under Keys and trust.</p></Notice>}
      <form noValidate aria-label="Witness co-signature" onSubmit={(e) => { e.preventDefault(); if (!busy && witness && keyName && passphrase) void submit(); }}>
        <div className="field">
          <label htmlFor={ids.witness}>Witness</label>
          <select id={ids.witness} value={witness} disabled={busy} onChange={(e) => setWitness(e.target.value)}>
            <option value="">— choose the witness —</option>
            {people.map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.key}>Witness's key</label>
          <select id={ids.key} value={keyName} disabled={busy} onChange={(e) => setKeyName(e.target.value)}>
            <option value="">— choose the witness's own key —</option>
            {usable.map((k) => <option key={k.name} value={k.name}>{k.name} ({k.keyId})</option>)}
          </select>
          <span className="hint">Not the key that signed the package: the witness signs with their own.</span>
        </div>
        <div className="field">
          <label htmlFor={ids.pass}>Witness's passphrase</label>
          <input id={ids.pass} type="password" autoComplete="off" value={passphrase} disabled={busy} onChange={(e) => setPassphrase(e.target.value)} />
          <span className="hint">Typed by the witness; used once and not stored.</span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !witness || !keyName || !passphrase}>Co-sign as witness</button>
        </div>
      </form>
      <ErrorNotice error={error} title="The co-signature was not made" />
    </div>
  );
}
