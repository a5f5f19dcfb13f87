/**
 * Export side: generate a signing key (passphrase twice, with a strength hint), list keys with
 * their fingerprints, and export a public key for the import side.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../store/store';
import { TextField } from '../components/text-field';
import { Notice } from '../components/notice';
import { passphraseStrength } from './strength';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The signing keys section. */
export function SigningKeys() {
  const keys = useApp((s) => s.keys);
  const load = useApp((s) => s.loadKeys);
  const generate = useApp((s) => s.generateKey);
  const exportPublic = useApp((s) => s.exportPublicKey);
  const exported = useApp((s) => s.exported);
  const [name, setName] = useState('');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  useEffect(() => {
    if (keys === null) void load();
  }, [keys, load]);
  const strength = passphraseStrength(pass);
  const nameError = name && !NAME.test(name) ? 'Letters, digits, dot, underscore, hyphen; up to 64.' : null;
  const mismatch = again && again !== pass ? 'The two passphrases differ.' : null;
  const ready = NAME.test(name) && pass.length >= 8 && pass === again && !busy;
  const submit = async () => {
    setBusy(true);
    const ok = await generate(name, pass);
    setBusy(false);
    if (ok) { setMade(name); setName(''); setPass(''); setAgain(''); }
  };
  return (
    <section aria-labelledby="signing-title">
      <h3 id="signing-title">Signing keys</h3>
      {keys && keys.length > 0 ? (
        <table aria-label="Signing keys">
          <thead><tr><th>Name</th><th>Key id</th><th>Fingerprint</th><th>Secret key</th><th>Action</th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.name}>
                <td>{k.name}</td><td><code>{k.keyId}</code></td><td><code className="digest">{k.fingerprint}</code></td>
                <td>{k.hasSecret ? 'present' : 'absent'}</td>
                <td>
                  <button type="button" aria-label={`Show public key of ${k.name}`} onClick={() => void exportPublic(k.name, false)}>Show public key</button>{' '}
                  <button type="button" aria-label={`Export public key of ${k.name} to a folder`} onClick={() => void exportPublic(k.name, true)}>Export to folder…</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>No signing keys yet.</p>}
      {exported && (
        <Notice title={`Public key ${exported.name}`}>
          <p>Fingerprint: <code className="digest" data-testid="exported-fingerprint">{exported.fingerprint}</code></p>
          <pre className="mono">{exported.publicKeyText}</pre>
          {exported.writtenTo && <p>Written to <code>{exported.writtenTo}</code>. Hand it over with the fingerprint on paper.</p>}
        </Notice>
      )}
      <h3>Generate a signing key</h3>
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (ready) void submit(); }}>
        <TextField label="Key name" value={name} onChange={setName} error={nameError} hint="For example the station name and year: low-2026." />
        <TextField label="Passphrase" type="password" value={pass} onChange={setPass} hint={`Strength: ${strength.level}. ${strength.hint}`} />
        <TextField label="Passphrase again" type="password" value={again} onChange={setAgain} error={mismatch} />
        <div className="actions"><button type="submit" className="primary" disabled={!ready}>{busy ? 'Generating…' : 'Generate key'}</button></div>
      </form>
      {made && <Notice tone="ok" title="PASS: key generated"><p>Key {made} is ready. Export its public key for the import side.</p></Notice>}
    </section>
  );
}
