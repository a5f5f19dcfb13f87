/**
 * One transfer's record: every ledger event about it, oldest first, and the printed documents kept
 * for it, each with whether it is still what the ledger recorded and a button to open it.
 */
import { useEffect, useState } from 'react';
import type { KeptDocumentView, LedgerEntryView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { formatBytes } from '../../shared/units';
import { call } from '../api';
import { useAppStore } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';
import { describeEvent } from './event-words';

const KIND_WORDS: Record<KeptDocumentView['kind'], string> = { manifest: 'Transfer manifest', receipt: 'Import receipt', rejection: 'Rejection report' };

/** "✓ matches the ledger" / "✗ ALTERED since printed" / "– not in the ledger": a word and an icon, not colour alone. */
function DocumentState({ doc }: { doc: KeptDocumentView }) {
  if (doc.matchesLedger === true) return <span className="status pass"><span aria-hidden="true">✓</span> matches the ledger (entry {doc.ledgerSeq})</span>;
  if (doc.matchesLedger === false) return <span className="status fail"><span aria-hidden="true">✗</span> ALTERED since it was printed — do not rely on it</span>;
  return <span className="status skipped"><span aria-hidden="true">–</span> not recorded in the ledger</span>;
}

/** The record of `transferId`. */
export function TransferRecord({ transferId }: { transferId: string }) {
  const { api } = useAppStore();
  const [events, setEvents] = useState<LedgerEntryView[] | null>(null);
  const [docs, setDocs] = useState<KeptDocumentView[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setEvents(null);
    setDocs(null);
    setError(null);
    setOpened(null);
    void (async () => {
      const [ev, dc] = await Promise.all([
        call(() => api.recordsEvents({ transferId, exact: true, limit: 1000 })),
        call(() => api.recordsDocuments({ transferId })),
      ]);
      if (!live) return;
      if (ev.ok) setEvents([...ev.value.entries].reverse());
      else setError(ev.error);
      if (dc.ok) setDocs(dc.value.documents);
      else setError(dc.error);
    })();
    return () => { live = false; };
  }, [api, transferId]);

  const open = async (file: string) => {
    setError(null);
    setOpened(null);
    const r = await call(() => api.recordsOpen({ transferId, file }));
    if (r.ok) setOpened(file);
    else setError(r.error);
  };

  return (
    <section aria-labelledby="transfer-record-heading" data-testid="transfer-record">
      <h3 id="transfer-record-heading">Transfer <code>{transferId}</code></h3>
      <h4>Custody events</h4>
      {events === null ? <p>Loading…</p> : events.length === 0 ? <p>The ledger has no events for this transfer.</p> : (
        <table aria-label={`Events of ${transferId}`}>
          <thead><tr><th>#</th><th>When (UTC)</th><th>What</th><th>Who</th><th>Station</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}><td>{e.seq}</td><td>{e.time}</td><td>{describeEvent(e)}</td><td>{e.actor}</td><td>{e.station}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Printed documents</h4>
      {docs === null ? <p>Loading…</p> : docs.length === 0 ? <p>No printed documents are kept for this transfer.</p> : (
        <table aria-label={`Documents of ${transferId}`}>
          <thead><tr><th>Document</th><th>File</th><th>Printed</th><th>Check</th><th><span className="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.file}>
                <td>{KIND_WORDS[d.kind]}</td>
                <td><code>{d.file}</code> ({formatBytes(d.bytes)})</td>
                <td>{d.printedAt ? `${d.printedAt} by ${d.actor ?? 'unknown'}` : '—'}</td>
                <td><DocumentState doc={d} /></td>
                <td><button type="button" onClick={() => void open(d.file)} aria-label={`Open ${d.file}`}>Open</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div role="status" aria-live="polite">{opened && <Notice tone="ok" title="Opened"><p>{opened} is open in the system PDF viewer.</p></Notice>}</div>
      <ErrorNotice error={error} title="The record could not be shown" />
    </section>
  );
}
