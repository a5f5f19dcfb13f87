/**
 * Antivirus scanning for transfers: the Scanner interface (scanner.ts), ClamAV (clamav.ts), and the
 * two uses — scanning a pack's source files and an import's staged files by their ENTRY paths, so
 * findings name what the person sees in the package, not where it lay on disk.
 */
import { displaySafe } from '../../../shared/format/display-text';
import type { ScanRecord } from '../../../shared/format/manifest';
import { SluiceError } from '../errors';
import type { ScanOptions, ScanOutcome, Scanner } from './scanner';

export type { ScanDatabase, ScanFinding, ScanOptions, ScanOutcome, Scanner, ScanTarget } from './scanner';
export { ClamAvScanner, type ClamAvOptions } from './clamav';
export { DEFAULT_CLAMAV_DB, describeClamDatabase } from './clamav-database';

/** One file of a transfer: its entry path (as in the manifest), its place on disk, its size. */
export interface EntryFile {
  entryPath: string;
  file: string;
  size: number;
}

/**
 * Scans the files of a transfer and returns the outcome with each finding's path turned into the
 * entry path. Throws what the scanner throws (never returns 'clean' for a failed scan).
 */
export async function scanEntries(scanner: Scanner, files: readonly EntryFile[], options: ScanOptions = {}): Promise<ScanOutcome> {
  const byFile = new Map(files.map((f) => [f.file, f.entryPath]));
  const outcome = await scanner.scanFiles(files.map((f) => ({ path: f.file, size: f.size })), {
    ...options,
    ...(options.onProgress ? { onProgress: (p) => options.onProgress!({ ...p, ...(p.currentFile ? { currentFile: byFile.get(p.currentFile) ?? p.currentFile } : {}) }) } : {}),
  });
  return { ...outcome, findings: outcome.findings.map((f) => ({ path: byFile.get(f.path) ?? f.path, signature: f.signature })) };
}

/** The refusal for an outcome with findings: code 'malware-found', every file and signature in `details`. */
export function findingsError(outcome: ScanOutcome, consequence: string): SluiceError {
  const n = outcome.findings.length;
  return new SluiceError('malware-found',
    `${outcome.engine} ${outcome.engineVersion} found ${n} infected file${n === 1 ? '' : 's'} (signatures: ${outcome.database.description}); ${consequence}:`,
    outcome.findings.map((f) => ({ path: f.path, reason: `signature ${f.signature}` })));
}

/** One line per finding, escaped, for messages, ledger reasons and papers: `path: signature`. */
export function findingLines(outcome: ScanOutcome): string[] {
  return outcome.findings.map((f) => `${displaySafe(f.path, { max: 300 })}: ${displaySafe(f.signature, { max: 200 })}`);
}

/** The manifest's `scan` record of a clean outcome (FORMAT.md §3.4). */
export function cleanScanRecord(outcome: ScanOutcome): ScanRecord {
  if (outcome.verdict !== 'clean') throw new Error('only a clean scan is recorded in a manifest');
  return {
    verdict: 'clean',
    engine: displaySafe(outcome.engine, { max: 64 }),
    engineVersion: displaySafe(outcome.engineVersion, { max: 64 }),
    database: {
      description: displaySafe(outcome.database.description, { max: 500 }),
      ...(outcome.database.version !== undefined ? { version: displaySafe(outcome.database.version, { max: 64 }) } : {}),
      ...(outcome.database.date !== undefined ? { date: outcome.database.date } : {}),
    },
    filesScanned: outcome.filesScanned,
  };
}

/** The ledger's record of a scan (import side): the outcome without absolute paths, findings as entry paths. */
export function scanLedgerData(outcome: ScanOutcome): Record<string, unknown> {
  return {
    engine: outcome.engine, engineVersion: outcome.engineVersion, database: outcome.database,
    filesScanned: outcome.filesScanned, verdict: outcome.verdict,
    ...(outcome.findings.length ? { findings: outcome.findings } : {}),
  };
}
