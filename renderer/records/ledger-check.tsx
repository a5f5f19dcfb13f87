/**
 * "Verify the ledger": checks the hash chain from the first line to the head and says the result in
 * words — intact with its entry count and head, or altered with where and what to do. Pass or fail
 * is a word and an icon, never colour alone.
 */
import { useState } from 'react';
import type { LedgerCheckView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import { useAppStore } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';

/** `42:ab12cd34ef56…` — the head as people read it out; the full head is shown beside it. */
export function shortHead(head: string): string {
  const [seq, hash = ''] = head.split(':');
  return `${seq}:${hash.slice(0, 12)}…`;
}

/** The result of a ledger check in plain words. */
export function LedgerVerdict({ check }: { check: LedgerCheckView }) {
  if (check.ok && check.entries === 0) {
    return <Notice tone="ok" title="✓ INTACT: the custody ledger is empty"><p>Nothing has been recorded on this station yet.</p></Notice>;
  }
  if (check.ok) {
    return (
      <Notice tone="ok" title="✓ INTACT">
        <p data-testid="ledger-verdict">
          The custody ledger is intact: {check.entries} {check.entries === 1 ? 'entry' : 'entries'}, last entry {check.head ? shortHead(check.head) : 'unknown'}.
        </p>
        {check.head && <p>Full head: <code className="digest" data-testid="ledger-head">{check.head}</code>. Compare it with the head on the last printed receipt.</p>}
      </Notice>
    );
  }
  return (
    <Notice tone="error" title="✗ ALTERED">
      <p data-testid="ledger-verdict">The ledger has been altered: {check.problems.join('; ') || 'the hash chain does not hold'}.</p>
      <p><strong>What to do:</strong> stop importing and exporting on this station; do not edit or replace the ledger file; keep a copy of it as evidence;
        compare its entries with the printed receipts (each carries the ledger head at that time); and tell your security officer.</p>
    </Notice>
  );
}

/** The button and its result. */
export function LedgerCheck() {
  const { api } = useAppStore();
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<LedgerCheckView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    const r = await call(() => api.ledgerVerify());
    setBusy(false);
    if (r.ok) setCheck(r.value);
    else {
      setCheck(null);
      setError(r.error);
    }
  };
  return (
    <section aria-labelledby="ledger-check-heading">
      <h3 id="ledger-check-heading">Ledger integrity</h3>
      <button type="button" onClick={() => void verify()} disabled={busy}>Verify the ledger</button>
      <div role="status" aria-live="polite">
        {busy && <p>Checking every entry…</p>}
        {check && !busy && <LedgerVerdict check={check} />}
      </div>
      <ErrorNotice error={error} title="The ledger could not be checked" />
    </section>
  );
}
