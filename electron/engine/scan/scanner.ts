/**
 * The antivirus scanner as the engine sees it: a small interface, so a station can name another
 * command-line scanner later. ClamAV (clamav.ts) is the one that ships and is tested.
 *
 * The one rule every implementation keeps: a scan that did not finish, or whose output could not
 * be read with certainty, is an error (a thrown SluiceError), never 'clean'.
 */
import type { ProgressSink } from '../../../shared/progress';

/** One file to scan: its path on disk and its size (for progress). */
export interface ScanTarget {
  path: string;
  size: number;
}

/** A file the engine flagged, by the path it was given and the signature's name as the engine printed it. */
export interface ScanFinding {
  path: string;
  signature: string;
}

/** Which signatures were used: a person-readable description, and a version and date when the database carries them. */
export interface ScanDatabase {
  /** e.g. "daily 27456 (2026-11-28), main 62 (2021-09-16)" or "custom: test.ndb sha256:…". */
  description: string;
  /** The newest official database's version number, when known ("27456"). */
  version?: string;
  /** The newest official database's build time, a manifest timestamp, when known. */
  date?: string;
}

/** The result of one scan. `verdict` is 'found' exactly when `findings` is not empty. */
export interface ScanOutcome {
  /** e.g. "ClamAV". */
  engine: string;
  /** e.g. "1.4.6". */
  engineVersion: string;
  database: ScanDatabase;
  filesScanned: number;
  findings: ScanFinding[];
  verdict: 'clean' | 'found';
}

/** Options of `scanFiles`. */
export interface ScanOptions {
  signal?: AbortSignal;
  /** Phase 'antivirus', bytes of the files whose result arrived. */
  onProgress?: ProgressSink;
}

/** A command-line virus scanner. */
export interface Scanner {
  /**
   * Scans every target. Resolves with the outcome (clean or found); throws SluiceError when the
   * engine or its database is missing ('av-engine-missing', 'av-database-missing', 'av-clamd-unreachable')
   * or the scan failed or was incomplete ('av-scan-failed', 'av-scan-incomplete'); AbortError on cancel.
   */
  scanFiles(targets: readonly ScanTarget[], options?: ScanOptions): Promise<ScanOutcome>;
}
