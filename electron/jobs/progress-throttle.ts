/**
 * Turns the engine's firehose of progress (one call per chunk) into what a person can read: at most
 * one report per `minIntervalMs` (100 ms → 10 a second), with a sliding-window rate and an ETA.
 * Pure: time comes from the caller, so tests drive it with a fake clock.
 */
import type { EngineProgress, JobProgress } from '../../shared/progress';

export interface ThrottleOptions {
  /** Least time between two reports (default 100 ms: at most 10 a second). */
  minIntervalMs?: number;
  /** Width of the window the rate is measured over (default 3 s), so the rate follows slow media. */
  windowMs?: number;
}

/** Throttles progress and adds rate and ETA. One per job. */
export class ProgressThrottler {
  private readonly minIntervalMs: number;
  private readonly windowMs: number;
  private lastEmitAt = -Infinity;
  private phase: string | null = null;
  private samples: { t: number; bytes: number }[] = [];
  private latest: JobProgress | null = null;
  private latestEmitted = true;

  constructor(options: ThrottleOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.windowMs = options.windowMs ?? 3000;
  }

  /**
   * Records a progress report at time `now` (ms). Returns the report to send if enough time has
   * passed since the last one, else null (the report is kept for `flush`). Within a phase the
   * bytes never go backwards, even if the engine's counters do.
   */
  push(p: EngineProgress, now: number): JobProgress | null {
    if (p.phase !== this.phase) {
      this.phase = p.phase;
      this.samples = [];
    }
    const previous = this.samples.at(-1)?.bytes ?? 0;
    const bytesDone = Math.max(previous, Math.max(0, p.bytesDone));
    const bytesTotal = Math.max(bytesDone, p.bytesTotal);
    this.samples.push({ t: now, bytes: bytesDone });
    while (this.samples.length > 2 && now - this.samples[0]!.t > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (now - first.t) / 1000;
    const rate = elapsed > 0 ? (bytesDone - first.bytes) / elapsed : 0;
    const eta = rate > 0 ? (bytesTotal - bytesDone) / rate : bytesDone >= bytesTotal ? 0 : null;
    const out: JobProgress = { phase: p.phase, bytesDone, bytesTotal, rate, eta };
    if (p.currentFile !== undefined) out.currentFile = p.currentFile;
    this.latest = out;
    if (now - this.lastEmitAt < this.minIntervalMs) {
      this.latestEmitted = false;
      return null;
    }
    this.lastEmitAt = now;
    this.latestEmitted = true;
    return out;
  }

  /** The earliest time (ms) the next report may go out. */
  nextAllowedAt(): number {
    return this.lastEmitAt + this.minIntervalMs;
  }

  /** True when a report is being held back for `flush`. */
  hasPending(): boolean {
    return !this.latestEmitted && this.latest !== null;
  }

  /**
   * The held-back report, if any. Call it no earlier than `nextAllowedAt()` (the runner waits) so
   * the final numbers are shown without breaking the rate limit.
   */
  flush(now: number): JobProgress | null {
    if (this.latestEmitted || !this.latest) return null;
    this.latestEmitted = true;
    this.lastEmitAt = now;
    return this.latest;
  }
}
