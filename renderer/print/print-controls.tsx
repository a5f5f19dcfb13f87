/**
 * Print / Save as PDF for one document main builds itself. The renderer names only the reference
 * (the transfer it packed, the staging id it decided, the job that failed) — never HTML or a path.
 * The outcome is said in words in a live region, with where the PDF was kept.
 */
import { useId, useState } from 'react';
import type { InvokeRequest, PrintedView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import { useAppStore } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';

/** Which document to print: `print:document`'s request without paper, action and actor. */
export type PrintTarget =
  | { kind: 'manifest'; transferId: string }
  | { kind: 'receipt'; stagingId: string }
  | { kind: 'rejection'; stagingId: string }
  | { kind: 'rejection'; jobId: string };

type Paper = InvokeRequest<'print:document'>['paper'];

/** Paper choice, Print… (system dialog) and Save as PDF, for `target`; `what` names the document ("manifest"). */
export function PrintControls({ target, what, actor }: { target: PrintTarget; what: string; actor?: string }) {
  const { api } = useAppStore();
  const id = useId();
  const [paper, setPaper] = useState<Paper>('A4');
  const [busy, setBusy] = useState<'pdf' | 'dialog' | null>(null);
  const [done, setDone] = useState<PrintedView | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const print = async (action: 'pdf' | 'dialog') => {
    setBusy(action);
    setError(null);
    setDone(null);
    const request = { ...target, paper, action, ...(actor?.trim() ? { actor: actor.trim() } : {}) } as InvokeRequest<'print:document'>;
    const r = await call(() => api.printDocument(request));
    setBusy(null);
    if (r.ok) setDone(r.value);
    else setError(r.error);
  };

  return (
    <div className="print-controls" role="group" aria-label={`Print the ${what}`}>
      <label htmlFor={`${id}-paper`}>Paper</label>{' '}
      <select id={`${id}-paper`} value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
        <option value="A4">A4</option>
        <option value="Letter">Letter</option>
      </select>{' '}
      <button type="button" disabled={busy !== null} onClick={() => void print('dialog')}>Print {what}…</button>{' '}
      <button type="button" disabled={busy !== null} onClick={() => void print('pdf')}>Save {what} as PDF</button>
      <div role="status" aria-live="polite">
        {busy && <p>{busy === 'pdf' ? 'Saving the PDF…' : 'Opening the print dialog…'}</p>}
        {done && (
          <Notice tone={done.printed ? 'ok' : 'warn'} title={done.printed ? `DONE: ${what} kept in the records` : `NOT PRINTED: ${what}`}>
            <p data-testid="print-message">{done.message}</p>
            {done.savedTo.length > 0 && <ul aria-label="Saved files">{done.savedTo.map((p) => <li key={p}><code>{p}</code></li>)}</ul>}
          </Notice>
        )}
      </div>
      <ErrorNotice error={error} title={`The ${what} was not printed`} />
    </div>
  );
}
