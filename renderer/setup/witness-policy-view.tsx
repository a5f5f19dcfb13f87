/**
 * Settings → Import policy: how many valid witness co-signatures a package must carry to be
 * imported (the two-person rule, 0–16). A change names the security officer making it and goes to
 * main's policy:setWitnesses, which records it in the ledger before saving it; the settings form
 * never changes it (main refuses a settings save that does).
 */
import { useId, useState } from 'react';
import { useApp, useAppStore } from '../store/store';
import { call } from '../api';
import { ErrorNotice, Notice } from '../components/notice';
import { ChangedBy } from './changed-by';
import type { AppError } from '../../shared/result';

/** The import-policy section of Settings. */
export function WitnessPolicyView() {
  const { api } = useAppStore();
  const settings = useApp((s) => s.settings);
  const reload = useApp((s) => s.loadSettings);
  const current = settings?.policy?.requireWitnesses ?? 0;
  const [actor, setActor] = useState('');
  const [typed, setTyped] = useState(String(current));
  const [error, setError] = useState<AppError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const countId = useId();
  const who = actor.trim();
  const submit = async () => {
    const t = typed.trim();
    const n = /^[0-9]{1,2}$/.test(t) ? Number(t) : NaN;
    if (!(n >= 0 && n <= 16)) return setProblem('Witness co-signatures required: a whole number from 0 to 16.');
    setProblem(null);
    setBusy(true);
    const r = await call(() => api.policySetWitnesses({ requireWitnesses: n, actor: who }));
    setBusy(false);
    if (!r.ok) { setDone(false); return setError(r.error); }
    setError(null);
    setDone(true);
    await reload();
  };
  return (
    <section aria-labelledby="witness-policy-title" data-testid="witness-policy">
      <h3 id="witness-policy-title">Import policy</h3>
      <p>The two-person rule: how many valid co-signatures by trusted witness keys (other than the signer&apos;s) a package must carry to be imported, 0–16. A higher number signed into a package applies on top. Now: <strong data-testid="witnesses-now">{current}</strong>.</p>
      <ChangedBy settings={settings} value={actor} onChange={(x) => { setActor(x); setDone(false); }} />
      <div className="field">
        <label htmlFor={countId}>Witness co-signatures required on import</label>
        <input id={countId} inputMode="numeric" value={typed} onChange={(e) => { setTyped(e.target.value); setDone(false); }} />
      </div>
      <div className="actions">
        <button type="button" disabled={!who || busy} onClick={() => void submit()}>Change the import policy</button>
      </div>
      {problem && <Notice tone="error" title="The import policy was not changed"><p>{problem}</p></Notice>}
      <ErrorNotice error={error} title="The import policy was not changed" />
      {done && <Notice tone="ok" title="Import policy changed" />}
    </section>
  );
}
