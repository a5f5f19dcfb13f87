/**
 * The inbox rows' arrival state: a package still being copied is shown as arriving (with why) and
 * not offered for checking; a medium of a media set is gathered into the inbox one medium at a time
 * (a `gather-medium` job in main: each volume checked against the signed manifest as it is copied).
 */
import { useEffect, useState } from 'react';
import type { InboxPackageView } from '../../shared/ipc/contract';
import { displayText } from '../../shared/format/display-text';
import { useApp } from '../store/store';
import { ErrorNotice } from '../components/notice';
import type { AppError } from '../../shared/result';

/** True when the row may be checked (verified): complete by names and sizes, or not judged. */
export function offerable(p: InboxPackageView): boolean {
  return p.arrival === undefined || p.arrival === 'ready';
}

const WORDS: Record<NonNullable<InboxPackageView['arrival']>, string> = {
  ready: 'arrived',
  arriving: 'arriving',
  gathering: 'being gathered',
  'set-medium': 'medium of a set',
};

/** Where the package is and how far it has arrived, with the reasons. */
export function ArrivalNote({ p }: { p: InboxPackageView }) {
  return (
    <span className="hint">
      {p.medium && <> on the medium <code>{displayText(p.medium)}</code></>}
      {p.arrival && p.arrival !== 'ready' && <> — <strong>{WORDS[p.arrival]}</strong>{p.arrivalReasons?.length ? `: ${p.arrivalReasons.map((r) => displayText(r)).join('; ')}` : ''}</>}
    </span>
  );
}

/** Gathers one set medium into the inbox, then refreshes the inbox. */
export function GatherButton({ p }: { p: InboxPackageView }) {
  const startJob = useApp((s) => s.startJob);
  const load = useApp((s) => s.loadInbox);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const job = useApp((s) => (jobId ? s.jobs[jobId] : undefined));
  useEffect(() => {
    if (job?.status === 'done' || job?.status === 'failed') void load();
  }, [job?.status, load]);
  const result = job?.status === 'done' && job.result?.kind === 'gather-medium' ? job.result : null;
  const start = async () => {
    setError(null);
    const r = await startJob({ kind: 'gather-medium', params: { mountPoint: p.medium! } });
    if ('error' in r) setError(r.error);
    else setJobId(r.jobId);
  };
  return (
    <div>
      <button type="button" disabled={job?.status === 'running'} onClick={() => void start()} aria-label={`Gather ${displayText(p.name)} from ${displayText(p.medium ?? '')}`}>Gather into the inbox</button>
      {job?.status === 'running' && <span role="status"> Copying and checking its volumes…</span>}
      {result && <p role="status">{`Medium ${result.medium} of ${result.of} gathered; ${result.missing.length ? `${result.missing.length} to go: insert medium ${result.missing.join(', ')} and refresh.` : 'the package is complete in the inbox.'}`}</p>}
      {job?.status === 'failed' && <ErrorNotice error={job.error} title="This medium was not gathered" />}
      <ErrorNotice error={error} title="This medium was not gathered" />
    </div>
  );
}
