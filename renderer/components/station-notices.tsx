/**
 * What main and the jobs found and cleaned up after an interrupted run — a crashed session's
 * package in the outbox, a pack's partial folder, an import's staging folder, an import settled
 * from the ledger — shown above every screen until dismissed, so nobody learns of it only from a
 * log. The lines are display-safe already (main escapes them).
 */
import { useApp } from '../store/store';
import { Notice } from './notice';

/** The station's notices with a Dismiss button; nothing when there are none. */
export function StationNotices() {
  const notices = useApp((s) => s.stationNotices);
  const dismiss = useApp((s) => s.dismissStationNotices);
  if (notices.length === 0) return null;
  return (
    <section aria-label="Cleaned up after an interrupted run" aria-live="polite">
      <Notice tone="warn" title="Sluice cleaned up after an interrupted run">
        <ul>{notices.map((n, i) => <li key={i}>{n}</li>)}</ul>
        <div className="actions"><button type="button" onClick={dismiss}>Dismiss</button></div>
      </Notice>
    </section>
  );
}
