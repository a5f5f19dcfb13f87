/**
 * `commitImport`: the decision made durable. Under the ledger's lock, replay and rollback are
 * judged again against the ledger as it is now (another import may have committed since staging),
 * then ONE rename moves the staged tree from quarantine to `<releaseRoot>/<transferId>/`, both
 * folders are fsynced, and 'transfer.imported' is appended — so the new high-water mark exists only after every
 * check passed, and nothing is imported without a record: if the append fails, the tree is moved
 * back out and removed.
 */
import { chmod, lstat, rename, rm } from 'node:fs/promises';
import type { ImportReport, VerifyReport } from '../../../shared/format/report';
import { SluiceError } from '../errors';
import { withLedger } from '../ledger/index';
import { syncDir } from '../util/atomic-write';
import { judgeReplay } from './replay-guard';
import type { StagedImport } from './stage';

/** Options of `commitImport`. */
export interface CommitOptions {
  /** The person who decided; the ledger line's actor. */
  officer: string;
  reason?: string;
  /** Defaults to the ledger the import was staged against. */
  ledgerFile?: string;
}

/** Commits a staged import. Returns the ImportReport; `ok` false (and staging removed) when the ledger moved on meanwhile. */
export async function commitImport(staged: StagedImport, o: CommitOptions): Promise<ImportReport> {
  const ledgerFile = o.ledgerFile ?? staged.ledgerFile;
  const id = staged.identity;
  // A StagedImport from before releaseRoot existed (plain data from a job process) releases in place.
  const releaseRoot = staged.releaseRoot ?? staged.destRoot;
  try {
    return await withLedger(ledgerFile, async (tx) => {
      const verdict = judgeReplay(tx.entries, id);
      const problems: VerifyReport['failures'] = [];
      if (verdict.replay) problems.push({ check: 'replay', where: id.transferId, reason: verdict.replay });
      if (verdict.rollback) problems.push({ check: 'rollback', where: id.transferId, reason: verdict.rollback });
      if (await lstat(staged.finalPath).then(() => true, () => false)) {
        problems.push({ check: 'replay', where: staged.finalPath, reason: 'the destination already holds a directory of this transfer id' });
      }
      if (problems.length) {
        await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 });
        const report = refused(staged.report, problems);
        await tx.append({
          event: 'transfer.rejected', station: staged.station, actor: o.officer, transferId: id.transferId,
          data: { reason: `${problems[0]!.check}: ${problems[0]!.reason}`, manifestSha256: staged.manifestSha256, transferId: id.transferId, failures: problems.map((p) => `${p.check}: ${p.where}: ${p.reason}`) },
        });
        return { ...report, imported: null };
      }

      await chmod(staged.stagingDir, 0o755);
      await rename(staged.stagingDir, staged.finalPath);
      // Both directory entries changed (one removed from quarantine, one added to the destination).
      await syncDir(releaseRoot);
      if (releaseRoot !== staged.destRoot) await syncDir(staged.destRoot);
      let appended;
      try {
        appended = await tx.append({
          event: 'transfer.imported',
          station: staged.station,
          actor: o.officer,
          transferId: id.transferId,
          data: {
            transferId: id.transferId, sequence: id.sequence, keyId: id.keyId, signer: staged.signer.label, source: id.source,
            destination: id.destination, manifestSha256: staged.manifestSha256, payloadSha256: staged.manifest.payload.sha256,
            path: staged.finalPath, officer: o.officer, reason: o.reason ?? null, files: staged.files, bytes: staged.bytes,
          },
        });
      } catch (e) {
        // Nothing stays imported without its record.
        await rename(staged.finalPath, staged.stagingDir).catch(() => {});
        await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 });
        await syncDir(releaseRoot).catch(() => {});
        throw new SluiceError('ledger-append-failed', `The import was undone because the ledger ${ledgerFile} could not record it: ${(e as Error).message}`);
      }
      return { ...staged.report, imported: { path: staged.finalPath, ledgerSeq: appended.seq, ledgerHash: appended.hash } };
    });
  } catch (e) {
    await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    throw e;
  }
}

/** The staged report with the commit-time refusals added. */
function refused(report: VerifyReport, problems: VerifyReport['failures']): VerifyReport {
  const checks = report.checks.map((c) => {
    const p = problems.find((x) => x.check === c.id);
    return p ? { ...c, status: 'fail' as const, detail: `${p.where}: ${p.reason}` } : c;
  });
  return { ...report, ok: false, checks, failures: [...report.failures, ...problems] };
}
