/**
 * Settings → Antivirus: the station's scan policy (off, optional, required) and the ClamAV scanner
 * (the signature folder for clamscan, or clamd's socket), chosen in main's dialogs. Every change
 * names the person making it — a security officer (an operator on a station without officers) —
 * and main records it in the ledger before saving it; the engine's answer (version, signatures) or
 * why it cannot scan is shown.
 */
import { useEffect, useState } from 'react';
import { useApp, useAppStore } from '../store/store';
import { call } from '../api';
import { ErrorNotice, Notice } from '../components/notice';
import { ChangedBy } from './changed-by';
import type { AppError } from '../../shared/result';
import type { ScanStatusView } from '../../shared/ipc/views';

const POLICIES = [
  { id: 'off', label: 'Off — no scanning' },
  { id: 'optional', label: 'Optional — the operator chooses per pack; imports are scanned when a scanner is chosen' },
  { id: 'required', label: 'Required — every pack and every import is scanned; the checklist item is answered by the machine' },
] as const;

/** The antivirus section of Settings. */
export function AntivirusView() {
  const { api } = useAppStore();
  const settings = useApp((s) => s.settings);
  const reload = useApp((s) => s.loadSettings);
  const [actor, setActor] = useState('');
  const [status, setStatus] = useState<ScanStatusView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { void call(() => api.scanStatus()).then((r) => (r.ok ? setStatus(r.value) : setError(r.error))); }, [api]);
  const run = async (f: () => ReturnType<typeof api.scanStatus>) => {
    setBusy(true);
    const r = await call(f);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setStatus(r.value);
    await reload();
  };
  const who = actor.trim();
  return (
    <section aria-labelledby="antivirus-title" data-testid="antivirus-settings">
      <h3 id="antivirus-title">Antivirus</h3>
      <p>Sluice scans with ClamAV: clamscan with a signature folder (carry main.cvd, daily.cvd and bytecode.cvd across from a station that runs freshclam), or a running clamd through its socket (much faster: the signatures stay loaded). A finding refuses a pack and blocks an import&apos;s approval; a scan that fails is never &ldquo;clean&rdquo;.</p>
      <ChangedBy settings={settings} value={actor} onChange={setActor} />
      <fieldset className="field">
        <legend>Scan policy</legend>
        {POLICIES.map((p) => (
          <label key={p.id}>
            <input type="radio" name="scan-policy" value={p.id} checked={status?.policy === p.id} disabled={!who || busy}
              onChange={() => void run(() => api.scanSetPolicy({ policy: p.id, actor: who }))} /> {p.label}
          </label>
        ))}
      </fieldset>
      {status && (
        <dl className="facts" data-testid="scanner-status">
          <dt>Signature folder (clamscan)</dt><dd><code>{status.clamavDb ?? 'not chosen'}</code></dd>
          <dt>clamd socket</dt><dd><code>{status.clamdSocket ?? 'not used'}</code></dd>
          <dt>Engine</dt><dd>{status.engine ? `${status.engine.engine} ${status.engine.engineVersion}` : '—'}</dd>
          <dt>Signatures</dt><dd>{status.engine?.database ?? '—'}</dd>
        </dl>
      )}
      <div className="actions">
        <button type="button" disabled={!who || busy} onClick={() => void run(() => api.scanChoose({ which: 'clamavDb', actor: who }))}>Choose signature folder…</button>
        <button type="button" disabled={!who || busy} onClick={() => void run(() => api.scanChoose({ which: 'clamdSocket', actor: who }))}>Use clamd socket…</button>
        {status?.clamdSocket && <button type="button" disabled={!who || busy} onClick={() => void run(() => api.scanChoose({ which: 'clamscan', actor: who }))}>Use clamscan instead</button>}
      </div>
      {status?.problem && <Notice tone={status.policy === 'required' ? 'error' : 'warn'} title="The scanner cannot scan now"><p>{status.problem}</p></Notice>}
      <ErrorNotice error={error} title="The antivirus settings were not changed" />
    </section>
  );
}
