/**
 * Import of `sluice-transfer/1` packages on the secure side: `stageImport` (verify + extract into
 * private staging), `commitImport` (one rename, then the ledger record), `discardImport`, and
 * `importPackage` — stage then commit, for the CLI.
 */
import type { ImportReport } from '../../../shared/format/report';
import { commitImport } from './commit';
import { stageImport, type StageOptions } from './stage';

export { stageImport, discardImport, recordRejection, STAGING_PREFIX, type StageOptions, type StagedImport, type StageResult } from './stage';
export { commitImport, type CommitOptions } from './commit';
export { judgeReplay, highWaterMark, importedTransfers, type TransferIdentity, type ReplayVerdict, type ImportedRecord } from './replay-guard';

/** Options of `importPackage`: staging's, plus who decided and why. */
export interface ImportOptions extends StageOptions {
  officer: string;
  reason?: string;
}

/** Verifies, extracts and commits in one go. A refused package gives `ok: false` and `imported: null`. */
export async function importPackage(packageDir: string, o: ImportOptions): Promise<ImportReport> {
  const staged = await stageImport(packageDir, o);
  if (!staged.ok) return { ...staged.report, imported: null };
  return commitImport(staged.staged, { officer: o.officer, reason: o.reason, ledgerFile: o.ledgerFile });
}
