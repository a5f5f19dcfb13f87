/**
 * media:list, media:choose, media:eject, media:discard, and the `write-medium` job's start (called from
 * ./jobs). Main lists the media itself every time: the renderer names a medium only by a mount
 * point main lists now, so a system disk or a station folder's disk can never be chosen, written
 * or ejected. A read-only medium is refused when chosen; a medium too small for its share of a set
 * is refused before its job starts. A medium is recorded as `media.written` with `verified: true`
 * only after every file on it read back (O_DIRECT) equal to what was written.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ok, err, type Result } from '../../../shared/result';
import { documentFileName } from '../../engine/print/save';
import { STATION_FOLDERS, folderPath, type Settings } from '../../../shared/settings';
import { formatBytes } from '../../../shared/units';
import type { EjectView, JobResult, MediumTargetView, MediumView, MediumWrittenView } from '../../../shared/ipc/contract';
import { appendEvent } from '../../engine/ledger';
import { ejectMedium, filesystemOf, listMedia, planSetLike, spaceNeeded, type EjectResult, type Medium } from '../../engine/media';
import { FAT_SAFE_FILE, isFat } from '../../engine/media/filesystem';
import type { WorkerResult } from '../../jobs/protocol';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerContext } from '../context';
import type { GatherMediumJobParams, WriteMediumJobParams } from '../../jobs/kinds/media-kinds';
import { checkStationFolders } from '../station-folders';
import { MediaSets } from '../media-sets';
import { removeStationCopy } from '../outbox';
import type { HandlerEnv } from './deps';

/** How main finds and ejects media; the app uses lsblk and udisks2, tests and the E2E bridge may list loop devices. */
export interface MediaAccess {
  list(options: { protectedPaths: string[] }): Promise<Medium[]>;
  eject(mountPoint: string): Promise<EjectResult>;
}

/** The platform's media: removable disks only, never a system disk. */
export const platformMedia: MediaAccess = {
  list: (o) => listMedia({ protectedPaths: o.protectedPaths }),
  eject: (mp) => ejectMedium(mp),
};

function view(m: Medium): MediumView {
  return {
    mountPoint: m.mountPoint, device: m.device, label: m.label, model: m.model, filesystem: m.filesystem, size: m.size, free: m.free,
    readOnly: m.readOnly, transport: m.transport, maxFileBytes: isFat(m.fsKind) ? 4 * 1024 ** 3 - 1 : null,
  };
}

/** The station's own folders (and its user data): their disks are never offered as media. */
function protectedPaths(env: HandlerEnv, s: Settings | null): string[] {
  return [env.userDataDir, ...(s ? STATION_FOLDERS.map((w) => folderPath(s, w)) : [])];
}

/** The medium mounted at `mountPoint` as main lists it now, or an error the person can act on. */
export async function listedMedium(env: HandlerEnv, mountPoint: string): Promise<Result<Medium>> {
  const s = await env.settings.load();
  const media = await (env.media ?? platformMedia).list({ protectedPaths: protectedPaths(env, s) });
  const m = media.find((x) => x.mountPoint === mountPoint);
  if (!m) return err({ code: 'medium-gone', message: `No removable medium is mounted at ${mountPoint} now (was it removed?). Insert it, press Refresh and choose it again.` });
  return ok(m);
}

/** A read-only medium, in words. */
function readOnlyError(m: Medium) {
  return err({ code: 'medium-read-only', message: `${m.mountPoint} (${m.device}) is read-only: Sluice cannot write the package to it. Check the medium's write-protect switch, or choose another medium.` });
}

export function mediaHandlers(env: HandlerEnv): Pick<HandlerTable, 'media:list' | 'media:choose' | 'media:eject' | 'media:discard'> {
  return {
    'media:list': async () => {
      const s = await env.settings.load();
      const media = await (env.media ?? platformMedia).list({ protectedPaths: protectedPaths(env, s) });
      return ok(media.map(view));
    },
    'media:choose': async ({ mountPoint }, ctx) => {
      const m = await listedMedium(env, mountPoint);
      if (!m.ok) return m;
      if (m.value.readOnly) return readOnlyError(m.value);
      ctx.grants.grantTree(m.value.mountPoint);
      const v: MediumTargetView = { ...view(m.value), automaticVolumeSize: isFat(m.value.fsKind) ? FAT_SAFE_FILE : null };
      return ok(v);
    },
    'media:eject': async ({ mountPoint, transferId }, ctx) => {
      const set = env.mediaSets.get(transferId, ctx.windowId);
      const written = set ? [...set.media.values()].find((w) => w.mountPoint === mountPoint && !w.ejected) : undefined;
      if (!set || !written) return err({ code: 'not-written-here', message: `Sluice wrote no medium of ${transferId} at ${mountPoint} in this window; eject it from the desktop.` });
      const m = await listedMedium(env, mountPoint);
      if (!m.ok) return m;
      const r = await (env.media ?? platformMedia).eject(m.value.mountPoint);
      written.ejected = true;
      const v: EjectView = { ...r, allEjected: MediaSets.allEjected(set) };
      return ok(v);
    },
    'media:discard': async ({ transferId }, ctx) => {
      const set = env.mediaSets.get(transferId, ctx.windowId);
      if (!set) return ok({ removed: false });
      // Not under a running job: it reads the package (and its read-back compares against it).
      if (set.writingJob && env.jobs.running().includes(set.writingJob)) {
        return err({ code: 'medium-being-written', message: `A medium of ${transferId} is being written. Cancel it or let it finish, then leave the export; the package on the station's disk was kept.` });
      }
      // No ledger event: abandoning records nothing new (transfer.packed and each media.written already say what exists).
      await removeStationCopy(env.userDataDir, transferId, set.packageDir);
      env.mediaSets.close(transferId);
      return ok({ removed: true });
    },
  };
}

/**
 * Starts writing medium `medium` of a set: checks in main that the transfer was packed for media by
 * this window, that `medium` is the next one, and that the medium is listed, writable and has room
 * for its share; plans the set on the first medium.
 */
export async function startWriteMedium(env: HandlerEnv, s: Settings, p: { transferId: string; mountPoint: string; medium: number }, ctx: HandlerContext): Promise<Result<{ jobId: string }>> {
  const set = env.mediaSets.get(p.transferId, ctx.windowId);
  if (!set) return err({ code: 'no-media-set', message: `${p.transferId} was not packed for media in this window; there is nothing to write.` });
  const next = MediaSets.nextMedium(set);
  if (p.medium !== next) return err({ code: 'wrong-medium-number', message: `Medium ${next} is the next one to write, not medium ${p.medium}.` });
  const m = await listedMedium(env, p.mountPoint);
  if (!m.ok) return m;
  if (m.value.readOnly) return readOnlyError(m.value);
  if (!set.plan) set.plan = await planSetLike(set.packageDir, p.mountPoint);
  const plan = set.plan;
  if (p.medium > plan.of) return err({ code: 'set-complete', message: `All ${plan.of} media of ${p.transferId} are written.` });
  const fs = await filesystemOf(p.mountPoint);
  const need = await spaceNeeded(set.packageDir, plan, p.medium, fs);
  if (fs.free < need) {
    return err({ code: 'medium-full', message: `${p.mountPoint} has ${formatBytes(fs.free)} free; medium ${p.medium} of ${plan.of} needs ${formatBytes(need)}. Insert an emptier or larger medium; nothing was written.` });
  }
  // The manifest PDF saved "onto the medium" at the manifest step is beside the package in the outbox: it goes onto every medium.
  const pdf = join(dirname(set.packageDir), documentFileName(p.transferId, 'manifest'));
  const beside = (await stat(pdf).then((x) => x.isFile(), () => false)) ? [pdf] : [];
  const params: WriteMediumJobParams = { packageDir: set.packageDir, target: m.value.mountPoint, plan, medium: p.medium, beside };
  const jobId = env.jobs.start('write-medium', params, ctx.emit, async (r: WorkerResult): Promise<JobResult> => {
    if (r.kind !== 'write-medium') throw new Error(`write-medium job returned ${r.kind}`);
    // Recorded good or bad: a medium that read back wrong is in the ledger as not verified, never as good.
    await appendEvent(s.paths.ledgerFile, {
      event: 'media.written', station: s.networkId, actor: set.operator, transferId: p.transferId,
      data: {
        target: r.target, device: m.value.device, filesystem: r.filesystem, medium: r.medium, of: r.of, volumes: r.volumes, bytes: r.bytes,
        verified: r.verified, readBack: r.readBack, manifestSha256: plan.manifestSha256, ...(r.mismatches.length ? { mismatches: r.mismatches.map((x) => `${x.file}: ${x.reason}`) } : {}),
      },
    });
    set.media.set(r.medium, { medium: r.medium, mountPoint: m.value.mountPoint, verified: r.verified, ejected: false });
    return r satisfies MediumWrittenView;
  });
  set.writingJob = jobId;
  return ok({ jobId });
}

/**
 * Starts gathering the set medium main lists at `mountPoint` into the inbox (one medium per job,
 * any order): the package appears in the inbox once its last medium is in.
 */
export async function startGatherMedium(env: HandlerEnv, s: Settings, p: { mountPoint: string }, ctx: HandlerContext): Promise<Result<{ jobId: string }>> {
  await checkStationFolders(s, ['inboxDir'], env.statFolder);
  const m = await listedMedium(env, p.mountPoint);
  if (!m.ok) return m;
  const params: GatherMediumJobParams = { source: m.value.mountPoint, into: s.paths.inboxDir };
  const jobId = env.jobs.start('gather-medium', params, ctx.emit, async (r: WorkerResult): Promise<JobResult> => {
    if (r.kind !== 'gather-medium') throw new Error(`gather-medium job returned ${r.kind}`);
    if (r.packageDir) ctx.grants.grant(r.packageDir);
    return r;
  });
  return ok({ jobId });
}
