/**
 * The messages between the job runner (main side) and a job process (a worker thread, or an
 * Electron utility process). Plain structured-clone data only, so the same protocol serves both
 * transports.
 */
import type { EngineProgress } from '../../shared/progress';
import type { VerifyReport } from '../../shared/format/report';
import type { AppError } from '../../shared/result';
import type { JobResult } from '../../shared/ipc/views';
import type { ScanOutcome } from '../engine/scan/scanner';

/** A staged import as plain data: enough for main to commit or discard it in another process. */
export interface StagedImportData {
  /** The private staging directory (on the destination volume) holding the extracted files. */
  stagingDir: string;
  packageDir: string;
  transferId: string;
  /** Whatever else the engine needs to commit, as plain data (the engine's own staged record). */
  engine: unknown;
  /** The antivirus scan of the staged files (findings by entry path), when the station scans imports. */
  scan?: ScanOutcome;
}

/** What a job kind hands back in its process, before main shapes it for the renderer. */
export type WorkerResult =
  | Exclude<JobResult, { kind: 'stage-import' }>
  | { kind: 'stage-import'; staged: StagedImportData; report: VerifyReport };

/** How a job ended in its process. */
export type WorkerOutcome = (
  | { type: 'done'; result: WorkerResult }
  | { type: 'failed'; error: AppError; report?: VerifyReport }
) & {
  /** What the job told the person along the way (JobEnv.notice), display-safe; absent when nothing. */
  notices?: string[];
};

/** Main → job process. */
export type ToJob =
  | { type: 'start'; jobId: string; kind: string; params: unknown; ownerPid?: number }
  | { type: 'cancel' };

/** Job process → main. */
export type FromJob =
  | { type: 'progress'; progress: EngineProgress }
  | WorkerOutcome;

/** One running job process, whatever carries it. */
export interface JobProcess {
  post(message: ToJob): void;
  onMessage(listener: (message: FromJob) => void): void;
  /** Called once when the process ends, for whatever reason. */
  onExit(listener: (code: number) => void): void;
  /** Ends the process now (used only after a cancel is ignored, or on shutdown). */
  kill(): void;
}

/** Starts a fresh job process. */
export type JobTransport = () => JobProcess;
