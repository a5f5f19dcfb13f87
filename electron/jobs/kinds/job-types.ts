/** The types every job kind shares (kept apart from the kind table to avoid an import cycle). */
import type { ProgressSink } from '../../../shared/progress';
import type { VerifyReport } from '../../../shared/format/report';
import type { WorkerResult } from '../protocol';

/** What every job kind gets besides its params. */
export interface JobEnv {
  signal: AbortSignal;
  onProgress: ProgressSink;
  /** The process that keeps what the job leaves for later (main, for a staged import); default this one. */
  ownerPid?: number;
  /**
   * Tells the person something the job found and did along the way — a leftover of an interrupted
   * run removed, an interrupted import settled. Delivered with the outcome, done or failed (runJob).
   */
  notice?: (text: string) => void;
}

export type JobKindFn = (params: never, env: JobEnv) => Promise<WorkerResult>;

/** A failure that carries the engine's per-check report (a failed verification, say). */
export class JobFailure extends Error {
  constructor(readonly code: string, message: string, readonly report?: VerifyReport) {
    super(message);
    this.name = 'JobFailure';
  }
}

