/**
 * Export step 5: pack and sign. The operator picks the signing key and types its passphrase; the
 * pack job runs in main with progress (bytes, rate, time left, current file) and can be cancelled,
 * in which case the engine leaves nothing behind on the target.
 */
import { useEffect, useId, useState } from 'react';
import { useApp } from '../store/store';
import { ProgressPanel } from '../components/progress-panel';
import { ErrorNotice, Notice } from '../components/notice';
import { BlockedReasons } from '../components/wizard-actions';

/** Key choice, passphrase prompt, progress and cancel. */
export function PackStep() {
  const keys = useApp((s) => s.keys);
  const keysError = useApp((s) => s.keysError);
  const loadKeys = useApp((s) => s.loadKeys);
  const keyName = useApp((s) => s.keyName);
  const setKeyName = useApp((s) => s.setKeyName);
  const defaultKey = useApp((s) => s.settings?.defaults.signingKey);
  const jobId = useApp((s) => s.packJobId);
  const job = useApp((s) => (s.packJobId ? s.jobs[s.packJobId] : undefined));
  const startPack = useApp((s) => s.startPack);
  const cancelPack = useApp((s) => s.cancelPack);
  const packFinished = useApp((s) => s.packFinished);
  const error = useApp((s) => s.exportError);
  const [passphrase, setPassphrase] = useState('');
  const keyId = useId();
  const passId = useId();
  const whyId = useId();

  useEffect(() => {
    if (keys === null) void loadKeys();
  }, [keys, loadKeys]);
  const signing = (keys ?? []).filter((k) => k.hasSecret);
  useEffect(() => {
    if (!keyName && signing.length) setKeyName(signing.find((k) => k.name === defaultKey)?.name ?? signing[0]!.name);
  }, [keyName, signing, defaultKey, setKeyName]);
  useEffect(() => {
    if (job?.status === 'done' && job.result?.kind === 'pack') packFinished(job.result);
  }, [job, packFinished]);

  const running = !!jobId && job?.status === 'running';
  // Why "Pack and sign" is not available yet, listed beside it: pressing Enter in the passphrase
  // field before the keys are read would otherwise do nothing with no word said.
  const blockers = running ? [] : packBlockers(keys !== null ? 'read' : keysError ? 'failed' : 'reading', signing.length > 0, !!keyName, !!passphrase);
  const start = () => {
    const p = passphrase;
    setPassphrase('');
    void startPack(p);
  };
  return (
    <div>
      {keys !== null && signing.length === 0 && (
        <Notice tone="warn" title="No signing key on this station">
          <p>Generate one under Keys and trust, hand its public key to the import side, then come back.</p>
        </Notice>
      )}
      {keys === null && <ErrorNotice error={keysError} title="The station's signing keys could not be read" />}
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (!running && blockers.length === 0) start(); }}>
        <div className="field">
          <label htmlFor={keyId}>Signing key</label>
          <select id={keyId} value={keyName} disabled={running} onChange={(e) => setKeyName(e.target.value)}>
            {signing.map((k) => <option key={k.name} value={k.name}>{k.name} ({k.keyId})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={passId}>Passphrase of the signing key</label>
          <input id={passId} type="password" autoComplete="off" value={passphrase} disabled={running} onChange={(e) => setPassphrase(e.target.value)} />
          <span className="hint">It is used once to sign and is not stored.</span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={running || blockers.length > 0} aria-describedby={blockers.length ? whyId : undefined}>Pack and sign</button>
          {running && <button type="button" className="danger" onClick={() => void cancelPack()}>Cancel</button>}
        </div>
        {blockers.length > 0 && <BlockedReasons id={whyId} lead="Before you can pack:" reasons={blockers} live />}
      </form>
      {jobId && running && <ProgressPanel progress={job?.progress ?? null} label="Packing progress" />}
      <ErrorNotice error={error} title="The pack did not start" />
      {job?.status === 'failed' && job.error && (
        job.error.code === 'cancelled'
          ? <Notice tone="warn" title="Packing cancelled"><p>Nothing was left on the target. You can pack again when ready.</p></Notice>
          : <ErrorNotice error={job.error} title="Packing failed" />
      )}
    </div>
  );
}

/** What still stands between the operator and "Pack and sign", in words. */
function packBlockers(keys: 'reading' | 'failed' | 'read', hasSigningKey: boolean, keyChosen: boolean, passphraseTyped: boolean): string[] {
  const out: string[] = [];
  if (keys === 'reading') out.push('Wait a moment: the station\'s signing keys are being read.');
  else if (keys === 'failed') out.push('The signing keys could not be read; see the notice above.');
  else if (!hasSigningKey) out.push('Generate a signing key under Keys and trust.');
  else if (!keyChosen) out.push('Choose the signing key.');
  if (!passphraseTyped) out.push('Type the passphrase of the signing key.');
  return out;
}
