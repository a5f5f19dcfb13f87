/**
 * The after-packing step's media panel, for a package packed for media: "Medium k of N: insert
 * it and choose it" → a write job (progress, Cancel) that main reads back past the page cache →
 * the result (good, or which files read back wrong) → Eject (the machine answers the checklist's
 * "medium ejected") → the next medium. Shown only when the target was a medium from the list.
 */
import { useEffect } from 'react';
import type { EjectView, MediumWrittenView } from '../../shared/ipc/contract';
import { displayText } from '../../shared/format/display-text';
import { formatBytes } from '../../shared/units';
import { useApp } from '../store/store';
import { ProgressPanel } from '../components/progress-panel';
import { ErrorNotice, Notice } from '../components/notice';

function WrittenNotice({ r, ejected }: { r: MediumWrittenView; ejected: EjectView | undefined }) {
  if (r.verified) {
    return (
      <Notice tone="ok" title={`Medium ${r.medium} of ${r.of} written and read back${ejected ? ', and ejected' : ''}`}>
        <p>Every file on <code>{displayText(r.target)}</code> ({displayText(r.filesystem)}) read back {r.readBack === 'o_direct' ? 'from the device (O_DIRECT, not the page cache)' : 'after its cached pages were evicted'} equal to what was written: {r.volumes.map((v) => displayText(v)).join(', ')}, {formatBytes(r.bytes)}.</p>
        {ejected && <p>{ejected.poweredOff ? 'Flushed, unmounted and powered off' : 'Flushed and unmounted'} (<code>{displayText(ejected.device)}</code>): take it out{r.medium < r.of ? ' and label it' : ''}.</p>}
      </Notice>
    );
  }
  return (
    <Notice tone="error" title={`Medium ${r.medium} of ${r.of} read back WRONG: do not use it`}>
      <ul>{r.mismatches.map((m) => <li key={m.file}><code>{displayText(m.file)}</code>: {displayText(m.reason)}</li>)}</ul>
      <p>The medium is recorded as not verified. Take it out and write medium {r.medium} again on another medium.</p>
    </Notice>
  );
}

/** Writing, reading back and ejecting each medium of the set. */
export function MediaWriter() {
  const transferId = useApp((s) => s.packResult?.transferId ?? null);
  const w = useApp((s) => s.mediaWrite);
  const job = useApp((s) => (s.mediaWrite.jobId ? s.jobs[s.mediaWrite.jobId] : undefined));
  const media = useApp((s) => s.media);
  const loading = useApp((s) => s.mediaLoading);
  const error = useApp((s) => s.mediaError);
  const ejecting = useApp((s) => s.ejecting);
  const load = useApp((s) => s.loadMedia);
  const write = useApp((s) => s.writeMedium);
  const cancel = useApp((s) => s.cancelMediumWrite);
  const written = useApp((s) => s.mediumWritten);
  const eject = useApp((s) => s.ejectMedium);
  useEffect(() => {
    if (job?.status === 'done' && job.result?.kind === 'write-medium') written(job.result);
  }, [job, written]);
  useEffect(() => {
    if (media === null) void load();
  }, [media, load]);
  if (!transferId) return null;
  const running = job?.status === 'running';
  const last = Object.values(w.written).sort((a, b) => b.medium - a.medium)[0];
  const toEject = last && last.verified && !w.ejected[last.medium] ? last : null;
  const ofText = w.of === null ? '' : ` of ${w.of}`;
  const allWritten = w.of !== null && w.next > w.of;
  return (
    <section aria-labelledby="media-writer-heading">
      <h3 id="media-writer-heading">Media</h3>
      {w.done && <Notice tone="ok" title="Every medium is written, read back and ejected"><p>Sluice answers “medium ejected” below for you. Seal the media in the bag now.</p></Notice>}
      {last && !running && <WrittenNotice r={last} ejected={w.ejected[last.medium]} />}
      {toEject && (
        <div className="actions">
          <button type="button" className="primary" disabled={ejecting} onClick={() => void eject(transferId, toEject.target)}>{`Eject medium ${toEject.medium}${ofText}`}</button>
          {ejecting && <span role="status">Flushing, unmounting and powering off…</span>}
        </div>
      )}
      {!toEject && !allWritten && !running && (
        <div>
          <p><strong>{`Medium ${w.next}${ofText}: `}</strong>{w.next === 1 ? 'insert the medium you chose, then write it.' : 'insert the next one, press Refresh, and choose it.'}</p>
          <div className="actions"><button type="button" onClick={() => void load()} disabled={loading}>Refresh</button></div>
          <ul className="plain">
            {(media ?? []).filter((m) => !m.readOnly).map((m) => (
              <li key={m.mountPoint}>
                <button type="button" onClick={() => void write(transferId, m.mountPoint)}>{`Write medium ${w.next}${ofText} to ${displayText(m.label || m.device)} (${displayText(m.filesystem)}, ${formatBytes(m.free)} free)`}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {running && (
        <div>
          <ProgressPanel progress={job?.progress ?? null} label={`Writing medium ${w.next}`} />
          <div className="actions"><button type="button" className="danger" onClick={() => void cancel()}>Cancel</button></div>
        </div>
      )}
      {job?.status === 'failed' && job.error && (job.error.code === 'cancelled'
        ? <Notice tone="warn" title="Writing cancelled"><p>The partial copy was removed from the medium. Write it again when ready.</p></Notice>
        : <ErrorNotice error={job.error} title={`Medium ${w.next} was not written`} />)}
      <ErrorNotice error={error} title={ejecting ? 'Eject failed' : 'That did not work'} />
    </section>
  );
}
