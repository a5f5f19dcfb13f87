/**
 * The media sets this session is writing: for each transfer packed onto the station's disk for
 * media, where the package is, which window packed it, its plan (made when the first medium is
 * written, after the witnesses co-signed), which media were written and read back good, and which
 * were ejected. Main's memory only, like the export wizard's own state: after a restart neither
 * resumes, and the package's station copy is removed at start (./outbox.ts, docs/SECURITY.md).
 */
import type { SetPlan } from '../engine/media';

/** One medium of a set as main saw it written. */
export interface WrittenMedium {
  medium: number;
  mountPoint: string;
  verified: boolean;
  ejected: boolean;
}

/** One transfer's set. */
export interface SetSession {
  transferId: string;
  packageDir: string;
  windowId: number;
  /** The operator who packed it: named on each `media.written`. */
  operator: string;
  /** The medium chosen at the target step: the set is planned for media like it. */
  firstMountPoint: string;
  plan: SetPlan | null;
  /** By medium number; a medium written again (after a bad read-back) replaces its entry. */
  media: Map<number, WrittenMedium>;
  /** The write-medium job last started for this set (running or not): its station copy is not removed under it. */
  writingJob: string | null;
}

/** The sets of this session, by transfer id. */
export class MediaSets {
  private readonly sets = new Map<string, SetSession>();

  /** Remembers a transfer packed for media (its package on the station's disk). */
  open(transferId: string, packageDir: string, windowId: number, operator: string, firstMountPoint: string): SetSession {
    const s: SetSession = { transferId, packageDir, windowId, operator, firstMountPoint, plan: null, media: new Map(), writingJob: null };
    this.sets.set(transferId, s);
    return s;
  }

  /** The set of `transferId` if `windowId` packed it. */
  get(transferId: string, windowId?: number): SetSession | null {
    const s = this.sets.get(transferId) ?? null;
    return s && (windowId === undefined || s.windowId === windowId) ? s : null;
  }

  /** Forgets a set (its station copy was removed: nothing more can be written from it). */
  close(transferId: string): void {
    this.sets.delete(transferId);
  }

  /** The medium to write next: one past the last medium read back good, in order. */
  static nextMedium(s: SetSession): number {
    let k = 1;
    while (s.media.get(k)?.verified) k++;
    return k;
  }

  /** True once every medium of the set was written, read back good and ejected. */
  static allEjected(s: SetSession): boolean {
    if (!s.plan) return false;
    for (let k = 1; k <= s.plan.of; k++) {
      const m = s.media.get(k);
      if (!m?.verified || !m.ejected) return false;
    }
    return true;
  }

  /** How far the set is, in words: "2 of 3 media written and ejected". */
  static progress(s: SetSession): string {
    const of = s.plan?.of ?? 1;
    const done = [...s.media.values()].filter((m) => m.verified && m.ejected).length;
    return `${done} of ${of} ${of === 1 ? 'medium' : 'media'} written, read back and ejected`;
  }
}
