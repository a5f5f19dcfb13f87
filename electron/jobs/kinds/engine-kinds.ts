/**
 * The engine-backed job kinds, run inside the job process: pack (unlock the key, number the
 * transfer, pack, record the sequence), verify, and stage-import. Their params are plain data built
 * by main from a validated request and the station settings (see electron/app/handlers/jobs.ts).
 */
import { failureLine } from '../../../shared/format/display-text';
import { contentItems } from '../../../shared/format/content-details';
import { vendorChecksumView } from '../../../shared/format/vendor-checksums';
import { loadSigningKey, loadTrustStore } from '../../engine/keys';
import { pack } from '../../engine/pack/pack';
import { reserveSequence } from '../../engine/pack/sequence-state';
import { verifyPackage } from '../../engine/verify';
import { discardImport, stageImport } from '../../engine/import/import';
import { describeSettled } from '../../engine/import/settle';
import { describeLeftover } from '../../engine/util/leftovers';
import { ClamAvScanner, scanEntries, type ClamAvOptions } from '../../engine/scan/index';
import { join } from 'node:path';
import type { ChecklistRecord } from '../../../shared/format/manifest';
import type { WorkerResult } from '../protocol';
import { JobFailure, type JobEnv } from './job-types';

export interface PackJobParams {
  sources: string[];
  outDir: string;
  keyFile: string;
  passphrase: string;
  sequenceStateFile: string;
  source: string;
  destination: string;
  transferId?: string;
  /** ISO time. */
  expires: string;
  operator: string;
  classification: string;
  purpose: string;
  ticket: string;
  checklist: ChecklistRecord[];
  /** The tamper-evident bag's number, signed into the manifest. */
  seal?: string;
  /** Witness co-signatures the sender requires (1..16); absent or 0: none. */
  requireWitnesses?: number;
  volumeSize?: number;
  /** Scan every source with ClamAV (main decided, from the station's scan policy); absent: no scan. */
  scan?: ClamAvOptions;
  /** The checklist's vendor-checksums item was answered by the machine: the pack refuses if its own check disagrees. */
  vendorChecksumsAnswered?: boolean;
}

export async function packJob(p: PackJobParams, env: JobEnv): Promise<WorkerResult> {
  env.onProgress({ phase: 'unlock', bytesDone: 0, bytesTotal: 0 });
  const signingKey = await loadSigningKey(p.keyFile, p.passphrase);
  env.signal.throwIfAborted();
  const { formatKeyId } = await import('../../engine/crypto/minisign');
  const keyId = formatKeyId(signingKey.keyIdBytes);
  // Reserved before packing and kept even if the pack fails: a gap is harmless, a duplicate is not.
  const sequence = await reserveSequence(p.sequenceStateFile, keyId, p.source, p.destination);
  const result = await pack({
    sources: p.sources, outDir: p.outDir, signingKey, source: p.source, destination: p.destination, sequence,
    expires: new Date(p.expires), operator: p.operator, classification: p.classification, purpose: p.purpose, ticket: p.ticket,
    checklist: p.checklist, signal: env.signal, onProgress: env.onProgress,
    onLeftover: (l) => env.notice?.(describeLeftover(l)),
    ...(p.transferId ? { transferId: p.transferId } : {}),
    ...(p.volumeSize ? { volumeSize: p.volumeSize } : {}),
    ...(p.seal !== undefined ? { seal: p.seal } : {}),
    ...(p.requireWitnesses ? { requireWitnesses: p.requireWitnesses } : {}),
    ...(p.scan ? { scanner: new ClamAvScanner(p.scan) } : {}),
    ...(p.vendorChecksumsAnswered ? { vendorChecksumsAnswered: true } : {}),
  });
  const m = result.manifest;
  return { kind: 'pack', packageDir: result.packageDir, transferId: m.transferId, keyId: result.keyId, sequence: m.sequence, manifestSha256: result.manifestSha256, bytes: m.totals.bytes, files: m.totals.files, checklist: m.checklist, ...(m.seal !== undefined ? { seal: m.seal } : {}), witnessesRequired: m.cosign?.witnesses ?? 0, ...(m.scan ? { scan: m.scan } : {}), content: contentItems(m).slice(0, 500), ...(vendorChecksumView(m) ? { vendorChecksums: vendorChecksumView(m) } : {}) };
}

export interface VerifyJobParams {
  dir: string;
  trustDir: string;
}

export async function verifyJob(p: VerifyJobParams, env: JobEnv): Promise<WorkerResult> {
  const store = await loadTrustStore(p.trustDir);
  const report = await verifyPackage(p.dir, { store, signal: env.signal, onProgress: env.onProgress });
  if (!report.ok) throw new JobFailure('verify-failed', describeFailure(report.failures), report);
  return { kind: 'verify', report };
}

export interface StageImportJobParams {
  dir: string;
  trustDir: string;
  /** The quarantine: where the package is extracted before the decision. */
  destRoot: string;
  /** The import destination an approved import is released into (default destRoot). */
  releaseRoot?: string;
  station: string;
  ledgerFile: string;
  officer?: string;
  /** The station's policy: valid witness co-signatures required (0: none beyond the manifest's own). */
  requireWitnesses?: number;
  /** The station's anti-replay window (replay-guard.ts); absent: the default. */
  replayWindow?: number;
  /** Scan the staged files with ClamAV before the decision (main decided, from the station's policy). */
  scan?: ClamAvOptions;
}

export async function stageImportJob(p: StageImportJobParams, env: JobEnv): Promise<WorkerResult> {
  const store = await loadTrustStore(p.trustDir);
  const staged = await stageImport(p.dir, {
    store, destRoot: p.destRoot, ...(p.releaseRoot ? { releaseRoot: p.releaseRoot } : {}), station: p.station, ledgerFile: p.ledgerFile, signal: env.signal, onProgress: env.onProgress,
    onLeftover: (l) => env.notice?.(describeLeftover(l)),
    // The staging folder outlives this job (it waits for the officer): main owns it, so a later
    // import removes it as a leftover only once main is gone.
    ...(env.ownerPid !== undefined ? { ownerPid: env.ownerPid } : {}),
    ...(p.officer ? { officer: p.officer } : {}),
    ...(p.requireWitnesses ? { requireWitnesses: p.requireWitnesses } : {}),
    ...(p.replayWindow !== undefined ? { replayWindow: p.replayWindow } : {}),
  });
  for (const settled of staged.settled ?? []) env.notice?.(describeSettled(settled));
  if (!staged.ok) throw new JobFailure('verify-failed', describeFailure(staged.report.failures), staged.report);
  const s = staged.staged;
  let scan;
  if (p.scan) {
    // The staged bytes — exactly what an approval would release — before the officer decides. A
    // finding is not an error here: it travels to main, where it blocks approval. A scan that fails
    // (missing engine or signatures, an incomplete scan) says nothing about the package: the
    // staging is removed and the error is the job's.
    try {
      const files = s.manifest.entries.filter((e) => e.type === 'file').map((e) => ({ entryPath: e.path, file: join(s.stagingDir, ...e.path.split('/')), size: e.size }));
      scan = await scanEntries(new ClamAvScanner(p.scan), files, { signal: env.signal, onProgress: env.onProgress });
    } catch (e) {
      await discardImport(s).catch(() => {});
      throw e;
    }
  }
  // StagedImport is plain data (paths, manifest, report), so main can commit it in its own process.
  return {
    kind: 'stage-import', report: staged.report,
    staged: { stagingDir: s.stagingDir, packageDir: s.packageDir, transferId: s.manifest.transferId, engine: s, ...(scan ? { scan } : {}) },
  };
}

function describeFailure(failures: { check: string; where: string; reason: string }[]): string {
  const first = failures[0];
  if (!first) return 'The package did not verify.';
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
  return `The package did not verify: ${failureLine(first)}${more}`;
}
