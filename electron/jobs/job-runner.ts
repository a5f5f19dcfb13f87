/**
 * The one protocol for every long job: `start` → jobId; throttled `job:progress` (≤ 10 a second,
 * with rate and ETA); `cancel(jobId)` aborts the engine's AbortSignal in the job process; then
 * exactly one `job:done` or `job:failed` (with the engine's per-check report when there is one).
 * Jobs run in their own process or thread (the transport), never on the thread serving IPC.
 */
import { randomUUID } from 'node:crypto';
import type { EventChannel, EventPayloads, JobResult } from '../../shared/ipc/contract';
import { ProgressThrottler, type ThrottleOptions } from './progress-throttle';
import type { FromJob, JobProcess, JobTransport, WorkerResult } from './protocol';

/** Where a job's events go (the window that started it). */
export type JobEmitter = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/** Shapes a job process's result for the renderer (e.g. registers a staged import, grants a path). */
export type JobFinisher = (result: WorkerResult) => JobResult | Promise<JobResult>;

export interface JobRunnerOptions {
  transport: JobTransport;
  /** Clock in ms (default performance.now). */
  now?: () => number;
  throttle?: ThrottleOptions;
  /** How long a cancelled job may take to clean up before its process is killed (default 30 s). */
  cancelGraceMs?: number;
}

interface RunningJob {
  process: JobProcess;
  cancelled: boolean;
  killTimer?: NodeJS.Timeout;
  /** Resolves once the job has ended and its outcome was emitted (finisher included). */
  finished: Promise<void>;
}

const passThrough: JobFinisher = (r) => {
  if (r.kind === 'stage-import') throw new Error('a stage-import result needs a finisher that registers the staging');
  return r;
};

/** Runs jobs in job processes and reports their lifecycle. */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly now: () => number;

  constructor(private readonly options: JobRunnerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Starts a job; its events go to `emit`. Returns the job id at once. */
  start(kind: string, params: unknown, emit: JobEmitter, finish: JobFinisher = passThrough): string {
    const jobId = randomUUID();
    const process = this.options.transport();
    let markFinished!: () => void;
    const job: RunningJob = { process, cancelled: false, finished: new Promise<void>((r) => (markFinished = r)) };
    this.jobs.set(jobId, job);
    const throttler = new ProgressThrottler(this.options.throttle);
    let flushTimer: NodeJS.Timeout | undefined;
    let ended = false; // no more progress events
    let settled = false; // the first outcome wins; a later exit is ignored

    const flushPending = () => {
      flushTimer = undefined;
      const p = throttler.flush(this.now());
      if (p && !ended) emit('job:progress', { jobId, ...p });
    };
    const end = async (outcome: Exclude<FromJob, { type: 'progress' }>) => {
      if (settled) return;
      settled = true;
      clearTimeout(flushTimer);
      if (outcome.type === 'done' && throttler.hasPending()) {
        // Show the final numbers, without breaking the 10-a-second limit.
        await delay(Math.max(0, throttler.nextAllowedAt() - this.now()));
        flushPending();
      }
      ended = true;
      this.forget(jobId);
      // The job process waits for this (job.worker.ts): ending it only once main has the outcome
      // means a finished job is never mistaken for one that "ended unexpectedly (exit code 0)".
      process.kill();
      const notices = outcome.notices?.length ? { notices: outcome.notices } : {};
      try {
        if (outcome.type === 'failed') {
          emit('job:failed', { jobId, error: outcome.error, ...(outcome.report ? { report: outcome.report } : {}), ...notices });
          return;
        }
        try {
          emit('job:done', { jobId, result: await finish(outcome.result), ...notices });
        } catch (e) {
          emit('job:failed', { jobId, error: { code: 'internal', message: `could not finish the job: ${(e as Error).message}` }, ...notices });
        }
      } finally {
        markFinished();
      }
    };

    process.onMessage((m) => {
      if (ended || settled) return;
      if (m.type === 'progress') {
        const p = throttler.push(m.progress, this.now());
        if (p) emit('job:progress', { jobId, ...p });
        else flushTimer ??= setTimeout(flushPending, Math.max(0, throttler.nextAllowedAt() - this.now()));
        return;
      }
      void end(m);
    });
    process.onExit((code) => {
      const message = job.cancelled ? 'Cancelled.' : `the job process ended unexpectedly (exit code ${code})`;
      void end({ type: 'failed', error: { code: job.cancelled ? 'cancelled' : 'internal', message } });
    });
    // ownerPid: the process that keeps what the job leaves for later (a staged import waits in main).
    process.post({ type: 'start', jobId, kind, params, ownerPid: globalThis.process.pid });
    return jobId;
  }

  /**
   * Asks a job to stop: the engine sees its AbortSignal fire, cleans up and the job fails with
   * `cancelled`. If it has not ended within the grace period its process is killed. Returns false
   * for an unknown or finished job.
   */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    if (!job.cancelled) {
      job.cancelled = true;
      job.process.post({ type: 'cancel' });
      job.killTimer = setTimeout(() => job.process.kill(), this.options.cancelGraceMs ?? 30_000);
      job.killTimer.unref?.();
    }
    return true;
  }

  /** Ids of jobs that have not ended. */
  running(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Cancels every running job and waits until each has ended (its clean-up done and its outcome
   * emitted) or, after `graceMs`, kills what is left. For quitting: nothing half-written survives.
   */
  async stopAll(graceMs = this.options.cancelGraceMs ?? 30_000): Promise<void> {
    const running = [...this.jobs.entries()];
    for (const [id] of running) this.cancel(id);
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all(running.map(([, job]) => job.finished));
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
    const first = await Promise.race([all, late]);
    clearTimeout(timer);
    if (first === 'late') this.shutdown();
  }

  /** Kills every job process at once, without waiting for clean-up. */
  shutdown(): void {
    for (const [id, job] of this.jobs) {
      job.process.kill();
      this.forget(id);
    }
  }

  private forget(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (job?.killTimer) clearTimeout(job.killTimer);
    this.jobs.delete(jobId);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
