/**
 * Import step 1: choose a package — from the inbox folder's list (and the removable media mounted
 * now: ./arrivals), or any folder through the picker. A package still arriving is not offered.
 */
import { useEffect } from 'react';
import { useApp } from '../store/store';
import { formatBytes } from '../../shared/units';
import { displayText } from '../../shared/format/display-text';
import { ArrivalNote, GatherButton, offerable } from './arrivals';

/** The inbox list and the folder picker. */
export function ChooseStep() {
  const inbox = useApp((s) => s.inbox);
  const load = useApp((s) => s.loadInbox);
  const pick = useApp((s) => s.pickPackage);
  const select = useApp((s) => s.selectPackage);
  const checking = useApp((s) => s.checkingSignature);
  useEffect(() => {
    if (inbox === null) void load();
  }, [inbox, load]);
  return (
    <div>
      <div className="actions">
        <button type="button" onClick={() => void pick()}>Open a package folder…</button>
        <button type="button" onClick={() => void load()}>Refresh the inbox</button>
      </div>
      <div aria-live="polite">{checking && <p>Checking the signature…</p>}</div>
      <h3>Inbox</h3>
      {inbox === null ? <p>Loading…</p> : inbox.length === 0 ? <p>The inbox is empty.</p> : (
        <table aria-label="Inbox">
          <thead><tr><th>Package</th><th className="num">Size</th><th>Arrived</th><th>Action</th></tr></thead>
          <tbody>
            {inbox.map((p) => (
              <tr key={p.dir}>
                <td><code>{displayText(p.name)}</code>{!p.looksLikePackage && p.arrival !== 'arriving' && <span className="hint"> (not a package: no signed manifest)</span>}<ArrivalNote p={p} /></td>
                <td className="num">{formatBytes(p.bytes)}</td>
                <td>{p.modified}</td>
                <td>
                  {p.arrival === 'set-medium' ? <GatherButton p={p} /> : p.arrival === 'gathering' ? null
                    : <button type="button" aria-label={`Check ${displayText(p.name)}`} disabled={!offerable(p)} onClick={() => void select(p.dir)}>Check</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
