/**
 * `sluice import --scan`: the staged files (verified, extracted into the quarantine, not yet
 * released) are scanned before the commit. A finding rejects the import: the staging folder is
 * removed, 'transfer.rejected' records every finding, exit 1. A clean result travels into the
 * 'transfer.imported' record (engine, version, database, files, verdict) so the receipt can show it.
 * A scan that fails is thrown (exit 2, nothing recorded): it says nothing about the package.
 */
import { join } from 'node:path';
import type { ProgressSink } from '../../shared/progress';
import { displaySafe } from '../../shared/format/display-text';
import type { StagedImport } from '../engine/import/import';
import { discardImport } from '../engine/import/import';
import { appendEvent } from '../engine/ledger/index';
import { findingLines, scanEntries, scanLedgerData, type ScanOutcome, type Scanner } from '../engine/scan/index';
import { jsonOutput, type CliIo } from './output';

/** Scans every file of a staged import by its entry path. */
export async function scanStaged(scanner: Scanner, staged: StagedImport, signal: AbortSignal, onProgress?: ProgressSink): Promise<ScanOutcome> {
  const files = staged.manifest.entries
    .filter((e) => e.type === 'file')
    .map((e) => ({ entryPath: e.path, file: join(staged.stagingDir, ...e.path.split('/')), size: e.size }));
  return scanEntries(scanner, files, { signal, ...(onProgress ? { onProgress } : {}) });
}

/**
 * Rejects a staged import on antivirus findings: removes the staging folder, appends
 * 'transfer.rejected' (reason, every finding, the scan), prints what was found. Returns the ledger seq.
 */
export async function rejectOnFindings(io: CliIo, staged: StagedImport, outcome: ScanOutcome, o: { station: string; ledgerFile: string; officer: string; json: boolean }): Promise<number> {
  await discardImport(staged);
  const transferId = staged.manifest.transferId;
  const lines = findingLines(outcome);
  const reason = displaySafe(`antivirus: ${outcome.engine} found ${lines.length} infected file(s): ${lines.join('; ')}`, { max: 1000 });
  const line = await appendEvent(o.ledgerFile, {
    event: 'transfer.rejected', station: o.station, actor: o.officer, transferId,
    data: { reason, manifestSha256: staged.manifestSha256, transferId, decision: 'reject', blockedBy: lines.map((l) => `antivirus finding: ${l}`), scan: scanLedgerData(outcome) },
  });
  if (o.json) {
    io.stdout(jsonOutput({ ok: false, imported: null, transferId, manifestSha256: staged.manifestSha256, rejected: { reason, findings: outcome.findings, ledgerSeq: line.seq }, scan: scanLedgerData(outcome) }));
  } else {
    io.stdout(`${lines.map((l) => `INFECTED ${l}\n`).join('')}Rejected transfer ${displaySafe(transferId)}: ${outcome.engine} ${displaySafe(outcome.engineVersion)} (signatures: ${displaySafe(outcome.database.description)}) found ${lines.length} infected file(s); nothing was imported. Recorded as ledger entry ${line.seq}.\n`);
  }
  return line.seq;
}

/** One line for a clean scan, for the import's output. */
export function cleanScanLine(outcome: ScanOutcome): string {
  return `Antivirus: clean, ${outcome.filesScanned} files scanned by ${outcome.engine} ${displaySafe(outcome.engineVersion)} (signatures: ${displaySafe(outcome.database.description)})`;
}
