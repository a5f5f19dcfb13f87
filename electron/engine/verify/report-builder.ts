/**
 * Collects check results, per-file results and failures while a verification runs, and assembles
 * the `VerifyReport`. A check starts as 'skipped' ("not reached") and can only move to 'pass' or
 * 'fail'; once failed it stays failed, so a later pass cannot hide an earlier problem.
 */
import type { CheckId, CheckResult, CosignerResult, Failure, FileResult, Signer, VerifyReport } from '../../../shared/format/report';
import type { Manifest } from '../../../shared/format/manifest';
import { displayFailure } from '../../../shared/format/display-text';

/** Detail of a check that has not run (yet). */
export const NOT_REACHED = 'not reached';
const STOPPED = 'not completed: checking stopped at the first failure';

/** The checks `verifyPackage` runs, in order. */
export const VERIFY_CHECKS: readonly CheckId[] = [
  'package-files', 'signature', 'trusted-comment', 'manifest', 'cosign', 'sums-signature', 'sums', 'freshness',
  'volumes', 'payload', 'archive', 'entries',
];

/** The checks `stageImport` runs, in order: verification plus the station's own. */
export const IMPORT_CHECKS: readonly CheckId[] = [
  'package-files', 'signature', 'trusted-comment', 'manifest', 'cosign', 'destination', 'replay', 'rollback',
  'sums-signature', 'sums', 'freshness', 'volumes', 'payload', 'archive', 'entries',
];

/** Mutable state of one verification run. */
export class ReportBuilder {
  private readonly results = new Map<CheckId, CheckResult>();
  readonly failures: Failure[] = [];
  files: FileResult[] = [];
  signer: Signer | null = null;
  trustedComment: string | null = null;
  manifestSha256: string | null = null;
  manifest: Manifest | null = null;
  /** Judged co-signatures, once the signature stage reached them. */
  cosigners: CosignerResult[] | undefined = undefined;
  /** Valid witness co-signatures required (the manifest's or the station's, whichever is more). */
  witnessesRequired: number | undefined = undefined;

  constructor(ids: readonly CheckId[]) {
    for (const id of ids) this.results.set(id, { id, status: 'skipped', detail: NOT_REACHED });
  }

  /** Marks a check passed, unless it already failed. */
  pass(id: CheckId, detail: string): void {
    const r = this.slot(id);
    if (r.status !== 'fail') Object.assign(r, { status: 'pass', detail });
  }

  /** Records a failure of check `id` at `where`. The check's detail keeps the first reason. */
  fail(id: CheckId, where: string, reason: string): void {
    // Reasons quote paths and header fields from the package: no raw control byte and no 2 MiB
    // path may reach a terminal, a --json report, the ledger, paper or the app.
    ({ where, reason } = displayFailure({ check: id, where, reason }));
    const r = this.slot(id);
    if (r.status !== 'fail') Object.assign(r, { status: 'fail', detail: `${where}: ${reason}` });
    this.failures.push({ check: id, where, reason });
  }

  /** Marks a not-yet-run check as skipped with a reason. */
  skip(id: CheckId, detail: string): void {
    const r = this.slot(id);
    if (r.status === 'skipped') r.detail = detail;
  }

  /** True when check `id` has failed. */
  failed(id: CheckId): boolean {
    return this.results.get(id)?.status === 'fail';
  }

  /** True when any check has failed. */
  get anyFailed(): boolean {
    return this.failures.length > 0;
  }

  /** The check results, in order. */
  checks(): CheckResult[] {
    return [...this.results.values()].map((r) => ({ ...r }));
  }

  /** Assembles the report; `ok` only when every check ran and passed. */
  build(packageDir: string, checkedAt: string): VerifyReport {
    // After a failure, checks that never finished say why, rather than the bare "not reached"
    // (the payload may well have been read partway when the first failure stopped it).
    const stopped = (detail: string) => (this.failures.length && detail === NOT_REACHED ? STOPPED : detail);
    const checks = this.checks().map((c) => (c.status === 'skipped' ? { ...c, detail: stopped(c.detail) } : c));
    const files = this.files.map((f) => (f.status === 'skipped' && f.reason === NOT_REACHED ? { ...f, reason: stopped(f.reason) } : f));
    const ok = this.failures.length === 0 && checks.every((c) => c.status === 'pass') && files.every((f) => f.status === 'pass');
    return {
      report: 'sluice-verify-report/1',
      packageDir,
      ok,
      checkedAt,
      transferId: this.manifest?.transferId ?? null,
      signer: this.signer,
      trustedComment: this.trustedComment,
      manifestSha256: this.manifestSha256,
      manifest: this.manifest,
      checks,
      files,
      failures: this.failures,
      ...(this.cosigners ? { cosigners: this.cosigners } : {}),
      ...(this.witnessesRequired !== undefined ? { witnessesRequired: this.witnessesRequired } : {}),
    };
  }

  private slot(id: CheckId): CheckResult {
    let r = this.results.get(id);
    if (!r) {
      r = { id, status: 'skipped', detail: NOT_REACHED };
      this.results.set(id, r);
    }
    return r;
  }
}
