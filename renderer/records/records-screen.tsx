/**
 * The Records screen: search the custody ledger by transfer id, person or date range; show one
 * transfer's events and kept documents; verify the ledger. Everything is a labelled control in
 * document order, so it works from the keyboard alone.
 */
import { useId, useState, type FormEvent } from 'react';
import type { LedgerEntryView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import { useAppStore } from '../store/store';
import { ErrorNotice } from '../components/notice';
import { TextField } from '../components/text-field';
import { describeEvent } from './event-words';
import { LedgerCheck } from './ledger-check';
import { TransferRecord } from './transfer-record';

interface Query {
  transferId: string;
  actor: string;
  from: string;
  to: string;
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} />
      <span id={`${id}-hint`} className="hint">UTC date, inclusive</span>
    </div>
  );
}

/** The screen. */
export function RecordsScreen() {
  const { api } = useAppStore();
  const [q, setQ] = useState<Query>({ transferId: '', actor: '', from: '', to: '' });
  const [results, setResults] = useState<{ entries: LedgerEntryView[]; total: number } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    const r = await call(() => api.recordsEvents({
      ...(q.transferId.trim() ? { transferId: q.transferId.trim() } : {}),
      ...(q.actor.trim() ? { actor: q.actor.trim() } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      limit: 500,
    }));
    setBusy(false);
    if (r.ok) {
      setResults(r.value);
      const ids = [...new Set(r.value.entries.map((x) => x.transferId).filter((x): x is string => !!x))];
      // One transfer found: show its record straight away.
      setSelected(ids.length === 1 ? ids[0]! : null);
    } else setError(r.error);
  };
  const transfers = results ? [...new Set(results.entries.map((x) => x.transferId).filter((x): x is string => !!x))] : [];

  return (
    <div>
      <h2>Records</h2>
      <p>The custody ledger of this station: every key, transfer, decision and printed document, each entry chained to the one before.</p>
      <LedgerCheck />
      <section aria-labelledby="records-search-heading">
        <h3 id="records-search-heading">Search the ledger</h3>
        <form role="search" aria-label="Search the ledger" onSubmit={(e) => void search(e)}>
          <TextField label="Transfer id" value={q.transferId} onChange={(v) => setQ({ ...q, transferId: v })} hint="All or part of it" />
          <TextField label="Person" value={q.actor} onChange={(v) => setQ({ ...q, actor: v })} hint="Operator, officer or witness; all or part of the name" />
          <DateField label="From" value={q.from} onChange={(v) => setQ({ ...q, from: v })} />
          <DateField label="To" value={q.to} onChange={(v) => setQ({ ...q, to: v })} />
          <button type="submit" className="primary" disabled={busy}>Search</button>
        </form>
        <ErrorNotice error={error} title="The search did not work" />
        <div role="status" aria-live="polite">
          {busy && <p>Searching…</p>}
          {results && !busy && (
            <p data-testid="records-count">
              {results.total === 0 ? 'No entries match.' : `${results.total} ${results.total === 1 ? 'entry matches' : 'entries match'}${results.total > results.entries.length ? `; the newest ${results.entries.length} are shown` : ''}, concerning ${transfers.length} transfer(s).`}
            </p>
          )}
        </div>
        {transfers.length > 0 && (
          <ul aria-label="Transfers found" className="inline-list">
            {transfers.map((id) => (
              <li key={id}>
                <button type="button" aria-pressed={selected === id} onClick={() => setSelected(id)}>Show transfer {id}</button>
              </li>
            ))}
          </ul>
        )}
        {results && results.entries.length > 0 && (
          <table aria-label="Matching ledger entries">
            <thead><tr><th>#</th><th>When (UTC)</th><th>What</th><th>Transfer</th><th>Who</th></tr></thead>
            <tbody>
              {results.entries.map((e) => (
                <tr key={e.seq}><td>{e.seq}</td><td>{e.time}</td><td>{describeEvent(e)}</td><td>{e.transferId ? <code>{e.transferId}</code> : '—'}</td><td>{e.actor}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected && <TransferRecord transferId={selected} />}
    </div>
  );
}
