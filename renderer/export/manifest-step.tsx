/**
 * Export step 7: the transfer manifest, in the order it must happen — first (optional) its PDF onto
 * the medium while the medium is still open, then on paper for the operator's and witness's
 * signatures. Main builds the document; after the after-packing checklist (the medium is sealed)
 * main refuses to write onto the medium at all.
 */
import { useId, useState } from 'react';
import type { InvokeRequest, PrintedView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import { useApp, useAppStore } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';

type Paper = InvokeRequest<'print:document'>['paper'];
type Action = 'medium' | 'print' | 'records';

/** The two manifest actions with the paper choice and what each did. */
export function ManifestStep() {
  const { api } = useAppStore();
  const result = useApp((s) => s.packResult);
  const operator = useApp((s) => s.exportDetails.operator);
  const paperId = useId();
  const [paper, setPaper] = useState<Paper>('A4');
  const [busy, setBusy] = useState<Action | null>(null);
  const [done, setDone] = useState<Partial<Record<Action, PrintedView>>>({});
  const [error, setError] = useState<AppError | null>(null);
  if (!result) return <p>No package has been made yet.</p>;

  const run = async (what: Action) => {
    setBusy(what);
    setError(null);
    const request: InvokeRequest<'print:document'> = {
      kind: 'manifest', transferId: result.transferId, paper, actor: operator,
      action: what === 'print' ? 'dialog' : 'pdf', medium: what === 'medium',
    };
    const r = await call(() => api.printDocument(request));
    setBusy(null);
    if (r.ok) setDone((d) => ({ ...d, [what]: r.value }));
    else setError(r.error);
  };
  const outcome = (what: Action, title: string) => {
    const v = done[what];
    if (!v) return null;
    return (
      <Notice tone={v.printed ? 'ok' : 'warn'} title={v.printed ? `DONE: ${title}` : 'NOT PRINTED: manifest'}>
        <p data-testid={`manifest-${what}-message`}>{v.message}</p>
        {v.savedTo.length > 0 && <ul aria-label="Saved files">{v.savedTo.map((f) => <li key={f}><code>{f}</code></li>)}</ul>}
      </Notice>
    );
  };
  return (
    <div>
      <div className="field">
        <label htmlFor={paperId}>Paper</label>
        <select id={paperId} value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
          <option value="A4">A4</option>
          <option value="Letter">Letter</option>
        </select>
      </div>
      <h3>1. The manifest PDF onto the medium (optional)</h3>
      <p>Only now, while the medium is still open: once the after-packing checklist says it is sealed, nothing more is written onto it.</p>
      <div className="actions">
        <button type="button" disabled={busy !== null} onClick={() => void run('medium')}>Save the manifest PDF onto the medium</button>
      </div>
      <div role="status" aria-live="polite">{busy === 'medium' && <p>Saving the PDF…</p>}{outcome('medium', 'manifest PDF saved onto the medium')}</div>
      <h3>2. The manifest on paper</h3>
      <p>Print it for the operator's and the witness's signatures; it goes into the bag's paperwork. A PDF copy is kept in the records.</p>
      <div className="actions">
        <button type="button" disabled={busy !== null} onClick={() => void run('print')}>Print the manifest…</button>{' '}
        <button type="button" disabled={busy !== null} onClick={() => void run('records')}>Save a PDF in the records only</button>
      </div>
      <div role="status" aria-live="polite">
        {busy === 'print' && <p>Opening the print dialog…</p>}
        {outcome('print', 'manifest printed')}
        {outcome('records', 'manifest kept in the records')}
      </div>
      <ErrorNotice error={error} title="The manifest was not printed" />
    </div>
  );
}
