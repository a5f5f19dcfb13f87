/**
 * The `write-medium` job kind, run inside the job process: one medium of a media set written from
 * the package on the station's disk and read back past the page cache (electron/engine/media).
 * Main planned the set and checked the medium before starting it (electron/app/handlers/media.ts).
 */
import { gatherOneMedium, GatherRefusal, loadPackageForMedia, writeSetMember, type SetPlan } from '../../engine/media';
import { displaySafe } from '../../../shared/format/display-text';
import { JobFailure } from './job-types';
import type { WorkerResult } from '../protocol';
import type { JobEnv } from './job-types';

/** What the job process needs to write one medium of a set (built by main). */
export interface WriteMediumJobParams {
  packageDir: string;
  target: string;
  plan: SetPlan;
  medium: number;
  /** Documents beside the package on the station's disk (the manifest PDF) to put beside it on the medium. */
  beside?: string[];
}

export async function writeMediumJob(p: WriteMediumJobParams, env: JobEnv): Promise<WorkerResult> {
  // Bytes copied: every package file and this medium's volumes.
  const pkg = await loadPackageForMedia(p.packageDir);
  const share = new Set(p.plan.media[p.medium - 1]?.volumes ?? []);
  const total = pkg.packageFiles.reduce((n, f) => n + f.size, 0) + pkg.volumes.filter((v) => share.has(v.name)).reduce((n, v) => n + v.size, 0);
  let done = 0;
  env.onProgress({ phase: 'write-medium', bytesDone: 0, bytesTotal: total });
  const r = await writeSetMember({
    packageDir: p.packageDir, target: p.target, plan: p.plan, medium: p.medium, readBack: true, signal: env.signal, ...(p.beside?.length ? { beside: p.beside } : {}),
    onBytes: (n) => {
      done += n;
      env.onProgress({ phase: 'write-medium', bytesDone: Math.min(done, total), bytesTotal: total });
      // Everything is on the medium once the last byte is written: what follows is the read-back.
      if (done >= total) env.onProgress({ phase: 'read-back', bytesDone: 0, bytesTotal: total });
    },
  });
  return { kind: 'write-medium', transferId: p.plan.transferId, ...r };
}

/** What the job process needs to gather one medium into the inbox (built by main). */
export interface GatherMediumJobParams {
  source: string;
  into: string;
}

export async function gatherMediumJob(p: GatherMediumJobParams, env: JobEnv): Promise<WorkerResult> {
  env.onProgress({ phase: 'gather', bytesDone: 0, bytesTotal: 0 });
  try {
    const r = await gatherOneMedium(p.source, p.into, env.signal);
    return { kind: 'gather-medium', transferId: r.transferId, medium: r.medium, of: r.of, missing: r.missing, again: r.again, packageDir: r.packageDir };
  } catch (e) {
    // A medium of another set, a missing or damaged volume: named, as `sluice gather` names it.
    if (e instanceof GatherRefusal) throw new JobFailure('gather-refused', `${e.message} ${e.problems.map((x) => `${displaySafe(x.source, { max: 300 })}: ${displaySafe(x.reason, { max: 500 })}`).join('; ')}`);
    throw e;
  }
}
