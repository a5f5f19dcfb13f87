/**
 * Progress of long engine work. The engine reports `EngineProgress` as often as it likes; the job
 * runner throttles it to at most 10 reports a second and adds rate and ETA (`JobProgress`).
 */

/** What the engine reports: where it is, how far, and in which file. */
export interface EngineProgress {
  /** A short machine name of the stage: 'scan', 'pack', 'sign', 'verify', 'extract', 'commit'. */
  phase: string;
  bytesDone: number;
  bytesTotal: number;
  /** The entry path or file being read, when there is one. */
  currentFile?: string;
}

/** What a person sees: the engine's progress plus rate (bytes/second) and ETA (seconds, null when unknown). */
export interface JobProgress extends EngineProgress {
  rate: number;
  eta: number | null;
}

/** A callback the engine calls with progress; it must be cheap (the engine calls it per chunk). */
export type ProgressSink = (p: EngineProgress) => void;
