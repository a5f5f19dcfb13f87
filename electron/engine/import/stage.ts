/**
 * `stageImport`: the whole verification with extraction in the same pass, into a fresh private
 * staging directory in `destRoot` (the app's quarantine). Approval releases it into `releaseRoot`
 * (the import destination; by default `destRoot` itself, as the CLI does) with one rename, so both
 * must be on one volume. Before any payload byte: the package is addressed to this station, is
 * neither a replay nor a rollback, and its final directory does not exist yet. On any failure or
 * abort the staging directory is removed: quarantine and destination are left exactly as they were.
 */
import { lstat, mkdtemp, rm, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../../shared/format/manifest';
import type { Signer, VerifyReport } from '../../../shared/format/report';
import { failureLine } from '../../../shared/format/display-text';
import { environmentError, SluiceError } from '../errors';
import { stagingPrefix, ownerRecord, sweepImportLeftovers, type Leftover } from '../util/leftovers';
import { appendEvent, primeFold, readLedger, withLedger } from '../ledger/index';
import { formatBytes } from '../../../shared/units';
import { IMPORT_CHECKS } from '../verify/report-builder';
import { runVerification, type VerifyOptions } from '../verify/verify';
import { ExtractSink } from './extract-sink';
import { judgeReplay, replayFold, replayIndex, type TransferIdentity } from './replay-guard';
import { settleInterruptedImports, type SettledIntent } from './settle';

/** Prefix of staging directories in the destination root. */
export const STAGING_PREFIX = '.sluice-staging-';

/** Options of `stageImport`. */
export interface StageOptions extends VerifyOptions {
  /** Where the staging directory (`.sluice-staging-*`) is made: the quarantine. */
  destRoot: string;
  /**
   * Where an approved transfer is released: `<releaseRoot>/<transferId>/`. Default `destRoot`.
   * Must be on the same volume as `destRoot` (checked here: the release is one atomic rename).
   */
  releaseRoot?: string;
  /** This station's network id: the manifest's destination must equal it. */
  station: string;
  /** The custody ledger: replay/rollback state, and where a rejection is recorded. */
  ledgerFile: string;
  /** Who is importing, recorded with a rejection (default "system"). */
  officer?: string;
  /** The anti-replay window (replay-guard.ts DEFAULT_REPLAY_WINDOW when absent). */
  replayWindow?: number;
  /**
   * The process that owns the staging folder until it is committed or discarded (default this
   * one): the app passes its main process, which keeps undecided imports after the job ends.
   * Recorded in the folder's name, so a later run removes it only once that process is gone.
   */
  ownerPid?: number;
  /** Told of each staging folder in destRoot left by an interrupted import (removed) or owned by a live one (kept). */
  onLeftover?: (leftover: Leftover) => void;
}

/** A verified, extracted transfer waiting for `commitImport` or `discardImport`. */
export interface StagedImport {
  packageDir: string;
  /** The quarantine holding `stagingDir`. */
  destRoot: string;
  /** The folder commit releases into (fsynced with `destRoot`). */
  releaseRoot: string;
  stagingDir: string;
  /** Where commit puts it: `<releaseRoot>/<transferId>`. */
  finalPath: string;
  station: string;
  ledgerFile: string;
  manifest: Manifest;
  manifestSha256: string;
  signer: Signer;
  identity: TransferIdentity;
  files: number;
  bytes: number;
  report: VerifyReport;
  /** The anti-replay window it was judged with; commit judges again with the same. */
  replayWindow?: number;
}

/** `settled`: interrupted imports this run found in the ledger and settled first (settle.ts). */
export type StageResult = ({ ok: true; staged: StagedImport; report: VerifyReport } | { ok: false; report: VerifyReport }) & { settled?: SettledIntent[] };

/** Verifies and extracts `packageDir` into staging. Throws SluiceError for environment problems and on abort (after cleaning up). */
export async function stageImport(packageDir: string, o: StageOptions): Promise<StageResult> {
  const destRoot = resolve(o.destRoot);
  const releaseRoot = resolve(o.releaseRoot ?? o.destRoot);
  const st = await lstat(destRoot).catch(() => null);
  if (!st?.isDirectory()) throw new SluiceError('no-destination', `${destRoot} is not a directory; create it or choose another destination.`);
  if (releaseRoot !== destRoot) {
    const rt = await lstat(releaseRoot).catch(() => null);
    if (!rt?.isDirectory()) throw new SluiceError('no-destination', `The import destination ${releaseRoot} is not a directory; create it or choose another destination.`);
    if (rt.dev !== st.dev) throw new SluiceError('not-same-volume', `The quarantine ${destRoot} and the import destination ${releaseRoot} are on different volumes; an approved import is released with one atomic rename, so put both on one volume.`);
  }
  // The replay state, built once and kept for this process's commit (primeFold), which judges
  // again under the lock; a ledger that does not check is refused there, not here.
  let replay = (await primeFold(o.ledgerFile, replayFold)) ?? replayIndex(await readLedger(o.ledgerFile));
  // An import interrupted between its intent and its outcome is settled before anything else, under the lock.
  let settled: SettledIntent[] | undefined;
  if (replay.pendingIntents().length > 0) {
    replay = await withLedger(o.ledgerFile, async (tx) => {
      settled = await settleInterruptedImports(tx);
      return tx.fold(replayFold);
    });
  }
  // After settling (which may still need a staging folder an intent names): staging folders whose
  // owner is gone (a kill -9, a power cut) are removed; a live owner's, or one without an owner in
  // its name, are left alone.
  for (const l of await sweepImportLeftovers(destRoot)) o.onLeftover?.(l);

  let sink: ExtractSink | null = null;
  let stagingDir: string | null = null;
  // The sink exists from the start (the pipeline needs it to know it is extracting), but its
  // directory is created only once the station checks have passed.
  const lazy = {
    begin: (e: Parameters<ExtractSink['begin']>[0]) => sink!.begin(e),
    data: (e: Parameters<ExtractSink['data']>[0], b: Uint8Array) => sink!.data(e, b),
    end: (e: Parameters<ExtractSink['end']>[0], ok: boolean) => sink!.end(e, ok),
  };
  let identity: TransferIdentity | null = null;
  try {
    const run = await runVerification(packageDir, o, {
      checks: IMPORT_CHECKS,
      phase: 'extract',
      sink: lazy,
      beforeContents: async (m, key, b) => {
        if (m.destination === o.station) b.pass('destination', `addressed to ${m.destination}`);
        else b.fail('destination', 'manifest.json', `package is addressed to ${m.destination}, this station is ${o.station}`);
        identity = { transferId: m.transferId, keyId: key.keyId, source: m.source, destination: m.destination, sequence: m.sequence };
        const verdict = judgeReplay(replay, identity, { window: o.replayWindow });
        if (verdict.replay) b.fail('replay', m.transferId, verdict.replay);
        if (verdict.rollback) b.fail('rollback', m.transferId, verdict.rollback);
        const finalPath = join(releaseRoot, m.transferId);
        // A folder of a transfer already imported is that import's, not a second fault.
        if (!verdict.replay && await lstat(finalPath).then(() => true, () => false)) b.fail('replay', finalPath, 'the destination already holds a directory of this transfer id');
        b.pass('replay', `transfer ${m.transferId} and sequence ${m.sequence} not imported before`);
        b.pass('rollback', `sequence ${m.sequence} is within the channel's replay window`);
        if (b.anyFailed) return;
        await requireFreeSpace(destRoot, m);
        // The owner (pid, boot, host) is in the name: a kill -9 leaves a folder the next run can judge.
        stagingDir = await mkdtemp(join(destRoot, stagingPrefix(ownerRecord(o.ownerPid)))).catch((e: unknown) => {
          throw environmentError(e, 'create a staging folder in the quarantine', destRoot);
        });
        sink = new ExtractSink(stagingDir);
      },
    });
    const report = run.report;
    if (!report.ok || !sink || !stagingDir || !identity) {
      await cleanup(sink, stagingDir);
      await recordRejection(o, report);
      return { ok: false, report, ...(settled ? { settled } : {}) };
    }
    const s = sink as ExtractSink;
    await s.finish();
    const m = report.manifest!;
    return {
      ok: true,
      report,
      staged: {
        packageDir, destRoot, releaseRoot, stagingDir, finalPath: join(releaseRoot, m.transferId), station: o.station, ledgerFile: o.ledgerFile,
        manifest: m, manifestSha256: report.manifestSha256!, signer: report.signer!, identity, files: s.files, bytes: s.bytes, report,
        ...(o.replayWindow !== undefined ? { replayWindow: o.replayWindow } : {}),
      },
      ...(settled ? { settled } : {}),
    };
  } catch (e) {
    await cleanup(sink, stagingDir).catch(() => undefined);
    throw environmentError(e, 'import the package', stagingDir ?? destRoot);
  }
}

/**
 * Refuses (exit 2, before any byte is written) when the quarantine's filesystem lacks room for the
 * payload's files, a block per entry and a small margin: failing once the disk is full would leave
 * a half-written tree and a full disk.
 */
async function requireFreeSpace(destRoot: string, m: Manifest): Promise<void> {
  const fs = await statfs(destRoot);
  // Extraction writes only bytes read from the payload, so its signed size bounds what a manifest
  // that claims more (a hostile 100 GiB entry on a tiny body) could make us need.
  const bytes = Math.min(m.totals.bytes, m.payload.size);
  const needed = bytes + (m.totals.files + m.totals.directories) * fs.bsize + 64 * 1024;
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new SluiceError('insufficient-space', `${destRoot} has ${formatBytes(free)} free; importing ${m.transferId} needs ${formatBytes(needed)}. Free some space there or import elsewhere; nothing was written.`);
  }
}

/** Removes a staged import's directory. */
export async function discardImport(staged: StagedImport): Promise<void> {
  await rm(staged.stagingDir, { recursive: true, force: true, maxRetries: 3 });
}

async function cleanup(sink: ExtractSink | null, stagingDir: string | null): Promise<void> {
  await sink?.abort();
  if (stagingDir) await rm(stagingDir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Records a refused import in the ledger: what failed, and the transfer id only when the signature
 * vouched for it. Failures quote the package (paths, header fields): each line is guarded and
 * capped (failureLine), so the ledger holds no raw control or bidi character and no huge path.
 */
export async function recordRejection(o: { ledgerFile: string; station: string; officer?: string }, report: VerifyReport): Promise<void> {
  const failures = report.failures.slice(0, 100).map(failureLine);
  const first = report.failures[0];
  await appendEvent(o.ledgerFile, {
    event: 'transfer.rejected',
    station: o.station,
    actor: o.officer ?? 'system',
    ...(report.transferId ? { transferId: report.transferId } : {}),
    data: {
      reason: first ? failureLine(first) : 'verification did not complete',
      ...(report.manifestSha256 && report.manifest ? { manifestSha256: report.manifestSha256 } : {}),
      transferId: report.transferId,
      failures,
    },
  });
}
