/**
 * What the job protocol hands the renderer: each job kind's result, and the three job events
 * (progress, done, failed). Re-exported by ./views (and so by ./contract).
 */
import type { VerifyReport } from '../format/report';
import type { ChecklistRecord, ScanRecord } from '../format/manifest';
import type { AppError } from '../result';
import type { MediumGatheredView, MediumWrittenView } from './media';
import type { ContentItem } from '../format/content-details';
import type { VendorChecksumView } from '../format/vendor-checksums';
import type { JobProgress } from '../progress';
import type { ScanResultView } from './views';

/** What a finished job hands back, by kind. */
export type JobResult =
  | { kind: 'pack'; packageDir: string; transferId: string; /** The signing key's id (always set by the pack job). */ keyId?: string; sequence: number; manifestSha256: string; bytes: number; files: number; checklist: ChecklistRecord[]; /** The signed seal number. */ seal?: string; /** Witness co-signatures the manifest requires (0: none). */ witnessesRequired?: number; /** The antivirus scan signed into the manifest. */ scan?: ScanRecord; /** Images, charts, SBOMs, signature files recognised while packing (FORMAT.md §3.10). */ content?: ContentItem[]; /** Vendor checksum files checked while packing (FORMAT.md §3.11). */ vendorChecksums?: VendorChecksumView }
  | { kind: 'verify'; report: VerifyReport }
  | { kind: 'stage-import'; stagingId: string; report: VerifyReport; /** The scan of the staged files, when the station scans imports. */ scan?: ScanResultView }
  | MediumWrittenView
  | MediumGatheredView
  | { kind: 'test'; bytes: number };

/** Main → renderer: throttled progress of one job (at most 10 a second). */
export interface JobProgressEvent extends JobProgress {
  jobId: string;
}

/** Main → renderer: a job finished. */
export interface JobDoneEvent {
  jobId: string;
  result: JobResult;
  notices?: string[]; // what the job found and cleaned up along the way (an interrupted run's leftovers, settled imports); display-safe
}

/** Main → renderer: a job failed or was cancelled (error.code 'cancelled'), with the per-check report when there is one. */
export interface JobFailedEvent {
  jobId: string;
  error: AppError;
  report?: VerifyReport;
  notices?: string[]; // as on JobDoneEvent: a failed job may still have cleaned up after an earlier one
}
