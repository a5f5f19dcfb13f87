/**
 * `commitImport`: the decision made durable. Under the ledger's lock, interrupted imports are
 * settled first (settle.ts), replay and rollback are judged again against the ledger as it is now
 * (another import may have committed since staging), then — write-ahead — the intent
 * 'transfer.importing' is appended, ONE rename moves the staged tree from quarantine to
 * `<releaseRoot>/<transferId>/`, both folders are fsynced, and 'transfer.imported' is appended.
 * A crash between intent and outcome is settled by the next import from what the disk holds, so
 * the ledger and the destination never disagree; if the outcome cannot be written, the tree is
 * moved back out and removed (and the next run records the intent as abandoned) — or, when even
 * that move fails, left where it is and said so (the next run records it as imported).
 */
import { chmod, lstat, rename, rm } from 'node:fs/promises';
import type { ImportReport, VerifyReport } from '../../../shared/format/report';
import { displaySafe, failureLine, FAILURE_REASON_MAX } from '../../../shared/format/display-text';
import { SluiceError } from '../errors';
import { withLedger } from '../ledger/index';
import { syncDir } from '../util/atomic-write';
import { judgeReplay, replayFold } from './replay-guard';
import { settleInterruptedImports } from './settle';
import type { StagedImport } from './stage';

/**
 * Test hook: `SLUICE_TEST_KILL_AT=after-intent|after-rename` makes the process SIGKILL itself at
 * that point of a commit, so tests can crash a real child exactly there. Honoured only together
 * with SLUICE_KDF_COST=test (the test-only key cost), so a station never runs it by accident.
 */
function crashPoint(at: 'after-intent' | 'after-rename'): void {
  if (process.env.SLUICE_TEST_KILL_AT === at && process.env.SLUICE_KDF_COST === 'test') process.kill(process.pid, 'SIGKILL');
}

/** Options of `commitImport`. */
export interface CommitOptions {
  /** The person who decided; the ledger line's actor. */
  officer: string;
  reason?: string;
  /** Defaults to the ledger the import was staged against. */
  ledgerFile?: string;
  /** The anti-replay window (replay-guard.ts); defaults to the one the import was staged with. */
  replayWindow?: number;
  /** The staged files' antivirus scan (engine, version, database, files, verdict), recorded with the import. */
  scan?: Record<string, unknown>;
}

/** Commits a staged import. Returns the ImportReport; `ok` false (and staging removed) when the ledger moved on meanwhile. */
export async function commitImport(staged: StagedImport, o: CommitOptions): Promise<ImportReport> {
  const ledgerFile = o.ledgerFile ?? staged.ledgerFile;
  const id = staged.identity;
  // A StagedImport from before releaseRoot existed (plain data from a job process) releases in place.
  const releaseRoot = staged.releaseRoot ?? staged.destRoot;
  try {
    return await withLedger(ledgerFile, async (tx) => {
      await settleInterruptedImports(tx);
      const verdict = judgeReplay(await tx.fold(replayFold), id, { window: o.replayWindow ?? staged.replayWindow });
      const problems: VerifyReport['failures'] = [];
      if (verdict.replay) problems.push({ check: 'replay', where: id.transferId, reason: verdict.replay });
      if (verdict.rollback) problems.push({ check: 'rollback', where: id.transferId, reason: verdict.rollback });
      // A folder of a transfer already imported is that import's, not a second fault.
      if (!verdict.replay && await lstat(staged.finalPath).then(() => true, () => false)) {
        problems.push({ check: 'replay', where: staged.finalPath, reason: 'the destination already holds a directory of this transfer id' });
      }
      if (problems.length) {
        await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 });
        const report = refused(staged.report, problems);
        await tx.append({
          event: 'transfer.rejected', station: staged.station, actor: o.officer, transferId: id.transferId,
          data: { reason: displaySafe(`${problems[0]!.check}: ${problems[0]!.reason}`, { max: FAILURE_REASON_MAX }), manifestSha256: staged.manifestSha256, transferId: id.transferId, failures: problems.map(failureLine) },
        });
        return { ...report, imported: null };
      }

      const record = {
        transferId: id.transferId, sequence: id.sequence, keyId: id.keyId, signer: staged.signer.label, source: id.source,
        destination: id.destination, manifestSha256: staged.manifestSha256, payloadSha256: staged.manifest.payload.sha256,
        path: staged.finalPath, officer: o.officer, reason: o.reason ?? null, files: staged.files, bytes: staged.bytes,
        ...(o.scan ? { scan: o.scan } : {}),
      };
      // Write-ahead: the intent is on disk before the destination changes. The staging folder's
      // inode lets the next run recognise the tree in the destination (a rename keeps it).
      const st = await lstat(staged.stagingDir);
      const intent = await tx.append({
        event: 'transfer.importing', station: staged.station, actor: o.officer, transferId: id.transferId,
        data: { ...record, staging: staged.stagingDir, stagingIno: st.ino, stagingDev: st.dev },
      });
      crashPoint('after-intent');
      await chmod(staged.stagingDir, 0o755);
      await rename(staged.stagingDir, staged.finalPath);
      // Both directory entries changed (one removed from quarantine, one added to the destination).
      await syncDir(releaseRoot);
      if (releaseRoot !== staged.destRoot) await syncDir(staged.destRoot);
      crashPoint('after-rename');
      let appended;
      try {
        appended = await tx.append({
          event: 'transfer.imported', station: staged.station, actor: o.officer, transferId: id.transferId,
          data: { ...record, intentSeq: intent.seq },
        });
      } catch (e) {
        // Nothing stays imported without its record.
        const notUndone = await undoRelease(staged.finalPath, staged.stagingDir, releaseRoot);
        const why = (e as Error).message;
        if (notUndone === null) throw new SluiceError('ledger-append-failed', `The import was undone because the ledger ${ledgerFile} could not record it: ${why}`);
        throw new SluiceError('ledger-append-failed',
          `The ledger ${ledgerFile} could not record the import (${why}), and moving ${staged.finalPath} back out of the destination failed (${notUndone}). ` +
          `It stays there: its intent (ledger entry ${intent.seq}) makes the next import that can write the ledger record it as imported. Remove it by hand only if this transfer must not be imported.`);
      }
      return { ...staged.report, imported: { path: staged.finalPath, ledgerSeq: appended.seq, ledgerHash: appended.hash } };
    });
  } catch (e) {
    await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    throw e;
  }
}

/**
 * Undoes a release the ledger could not record: moves the tree back into quarantine under its
 * staging name and removes it. Returns null when the tree left the destination, else why it could
 * not (it then stays there, and its intent line settles it as imported on the next run). A removal
 * that fails after the move back is left to that run too: settling removes a staging folder it
 * finds, and the destination no longer holds the tree either way.
 */
export async function undoRelease(finalPath: string, stagingDir: string, releaseRoot: string): Promise<string | null> {
  try {
    await rename(finalPath, stagingDir);
  } catch (e) {
    // Node's own message names the errno and both paths ("ENOTEMPTY: directory not empty, rename …").
    return (e as Error).message;
  }
  await rm(stagingDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  await syncDir(releaseRoot).catch(() => {});
  return null;
}

/** The staged report with the commit-time refusals added. */
function refused(report: VerifyReport, problems: VerifyReport['failures']): VerifyReport {
  const checks = report.checks.map((c) => {
    const p = problems.find((x) => x.check === c.id);
    return p ? { ...c, status: 'fail' as const, detail: `${p.where}: ${p.reason}` } : c;
  });
  return { ...report, ok: false, checks, failures: [...report.failures, ...problems] };
}
