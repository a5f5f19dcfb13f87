/**
 * Job kinds by name: the only place the job process looks up what to run. Each kind takes its
 * params (already validated by the IPC contract in main), an AbortSignal and a progress sink, and
 * returns its result or throws; `runJob` turns every throw into a failed outcome with a code a
 * person can act on, and a cancel into `cancelled`.
 */
import { displaySafe } from '../../../shared/format/display-text';
import { SluiceError, isAbort } from '../../engine/errors';
import { JobFailure, type JobEnv, type JobKindFn } from './job-types';
import type { WorkerOutcome, WorkerResult } from '../protocol';
import { testJob } from './test-job';
import { packJob, stageImportJob, verifyJob } from './engine-kinds';
import { gatherMediumJob, writeMediumJob } from './media-kinds';

export { JobFailure, type JobEnv, type JobKindFn } from './job-types';

const kinds: Record<string, JobKindFn> = {
  test: testJob as JobKindFn,
  pack: packJob as JobKindFn,
  verify: verifyJob as JobKindFn,
  'stage-import': stageImportJob as JobKindFn,
  'write-medium': writeMediumJob as JobKindFn,
  'gather-medium': gatherMediumJob as JobKindFn,
};

/** At most this many notices travel with an outcome; the last one says how many more there were. */
export const MAX_NOTICES = 50;

/** Runs one job to its outcome, with the notices the job gave along the way. Never throws. */
export async function runJob(kind: string, params: unknown, env: JobEnv): Promise<WorkerOutcome> {
  const notices: string[] = [];
  let more = 0;
  const notice = (text: string) => {
    if (notices.length < MAX_NOTICES) notices.push(displaySafe(text, { max: 1000 }));
    else more++;
  };
  const outcome = await runKind(kind, params, { ...env, notice });
  if (more) notices.push(`… and ${more} more like these`);
  return notices.length ? { ...outcome, notices } : outcome;
}

async function runKind(kind: string, params: unknown, env: JobEnv): Promise<WorkerOutcome> {
  const fn = kinds[kind];
  if (!fn) return { type: 'failed', error: { code: 'unknown-job-kind', message: `no job kind "${kind}"` } };
  try {
    const result = await fn(params as never, env);
    if (env.signal.aborted) return cancelled();
    return { type: 'done', result };
  } catch (e) {
    if (env.signal.aborted || isAbort(e)) return cancelled();
    if (e instanceof JobFailure) return { type: 'failed', error: { code: e.code, message: e.message }, ...(e.report ? { report: e.report } : {}) };
    if (e instanceof SluiceError) {
      const details = e.details.length ? `\n${e.details.map((d) => `${displaySafe(d.path, { max: 1000 })}: ${displaySafe(d.reason, { max: 1000 })}`).join('\n')}` : '';
      return { type: 'failed', error: { code: e.code, message: e.message + details } };
    }
    return { type: 'failed', error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

function cancelled(): WorkerOutcome {
  return { type: 'failed', error: { code: 'cancelled', message: 'Cancelled. Nothing was left behind.' } };
}
