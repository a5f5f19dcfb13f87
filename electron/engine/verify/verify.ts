/**
 * `verifyPackage`: the whole verification of a package directory, in the order of the report's
 * checks. The signature stage comes first and, if it fails, nothing else is read. The clock is
 * fixed once at the start (REFERENCES §6). `runVerification` is the same pipeline with hooks, so
 * import runs its station checks before any payload byte and extracts in the same pass.
 */
import type { CheckId, VerifyReport } from '../../../shared/format/report';
import { formatTimestamp, type Manifest } from '../../../shared/format/manifest';
import type { ProgressSink } from '../../../shared/progress';
import { checkAttachments, checkFreshness, checkSums, checkSumsSignature, checkVolumeSizes } from './package-checks';
import { openPayloadSource, runPayloadPass, type EntrySink } from './payload-pass';
import { ReportBuilder, VERIFY_CHECKS } from './report-builder';
import { runSignatureStage } from './signature-stage';
import type { TrustStoreLike, TrustedKeyLike } from './trust';

/** Options of `verifyPackage`. */
export interface VerifyOptions {
  store: TrustStoreLike;
  /** The station's clock (ms since the epoch, or a Date); read once. Default: now. */
  now?: number | Date;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /** Force (true) or forbid (false) reading and hashing volumes in a worker thread; default by payload size. */
  hashInWorker?: boolean;
  /**
   * The station's two-person rule: at least this many valid witness co-signatures by trusted
   * witness-role keys other than the signer's. The manifest's own `cosign.witnesses`, if higher, wins.
   */
  requireWitnesses?: number;
}

/** How import extends the pipeline. */
export interface VerificationHooks {
  checks: readonly CheckId[];
  /** Runs after the signature stage passed, before any other file is read; records into `b`. */
  beforeContents?: (m: Manifest, key: TrustedKeyLike, b: ReportBuilder) => Promise<void>;
  /** Receives entries during the payload pass; when set, the pipeline stops at the first failure. */
  sink?: EntrySink;
  phase?: string;
}

/** What the pipeline leaves behind: the filled builder, the signer's key and the fixed clock. */
export interface VerificationRun {
  builder: ReportBuilder;
  key: TrustedKeyLike | null;
  checkedAt: string;
  report: VerifyReport;
}

/** Verifies `packageDir` against `store`. Never throws for a bad package; throws on abort. */
export async function verifyPackage(packageDir: string, options: VerifyOptions): Promise<VerifyReport> {
  return (await runVerification(packageDir, options, { checks: VERIFY_CHECKS })).report;
}

/** The pipeline shared by verify and import. */
export async function runVerification(packageDir: string, o: VerifyOptions, hooks: VerificationHooks): Promise<VerificationRun> {
  const nowMs = o.now === undefined ? Date.now() : typeof o.now === 'number' ? o.now : o.now.getTime();
  const nowSeconds = Math.floor(nowMs / 1000);
  const checkedAt = formatTimestamp(nowSeconds);
  const b = new ReportBuilder(hooks.checks);
  const strict = Boolean(hooks.sink);
  const done = (key: TrustedKeyLike | null): VerificationRun => ({ builder: b, key, checkedAt, report: b.build(packageDir, checkedAt) });

  o.signal?.throwIfAborted();
  const key = await runSignatureStage(packageDir, o.store, b, { requireWitnesses: o.requireWitnesses });
  const m = b.manifest;
  if (!key || !m || b.anyFailed) {
    for (const id of hooks.checks) b.skip(id, 'not checked: the signature stage failed');
    return done(key);
  }
  // Opened now, so a reading worker starts up while the checks below run; closed on every path.
  const source = openPayloadSource(m, o.hashInWorker);
  try {
    if (hooks.beforeContents) {
      await hooks.beforeContents(m, key, b);
      if (strict && b.anyFailed) return done(key);
    }
    o.signal?.throwIfAborted();
    await checkSumsSignature(packageDir, m, key, b);
    await checkSums(packageDir, m, b.manifestSha256!, b);
    checkFreshness(m, nowSeconds, b);
    await checkAttachments(packageDir, m, b);
    if (strict && b.anyFailed) return done(key);
    await checkVolumeSizes(packageDir, m, b);
    if (b.failed('volumes')) {
      for (const id of ['payload', 'archive', 'entries'] as const) b.skip(id, 'not checked: a volume has the wrong size or is missing');
      return done(key);
    }
    await runPayloadPass(packageDir, m, b, source, { signal: o.signal, onProgress: o.onProgress, sink: hooks.sink, phase: hooks.phase });
    return done(key);
  } finally {
    await source.close();
  }
}
