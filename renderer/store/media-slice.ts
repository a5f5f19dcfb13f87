/**
 * Media slice: the removable media main lists (the export target step), the medium chosen as the
 * target, and writing a package packed for media medium by medium — "medium 2 of 3: insert the
 * next one" — each a `write-medium` job read back in main, then ejected. Main checks everything
 * (listed, writable, room, order); this slice only keeps what the screens show.
 */
import type { Api, EjectView, MediumTargetView, MediumView, MediumWrittenView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import type { SliceGet, SliceSet } from './types';

/** Where writing the set stands. */
export interface MediaWriteState {
  /** The medium to write next (1-based). */
  next: number;
  /** Media in the set, once main planned it (after the first medium). */
  of: number | null;
  jobId: string | null;
  /** Each medium's last write, by medium number. */
  written: Record<number, MediumWrittenView>;
  /** Media ejected, by medium number. */
  ejected: Record<number, EjectView>;
  /** True once every medium was written, read back good and ejected. */
  done: boolean;
}

export interface MediaSlice {
  media: MediumView[] | null;
  mediaLoading: boolean;
  mediaError: AppError | null;
  /** The medium chosen as the export target (null: a folder, or nothing yet). */
  targetMedium: MediumTargetView | null;
  mediaWrite: MediaWriteState;
  ejecting: boolean;
  loadMedia: () => Promise<void>;
  chooseMedium: (mountPoint: string) => Promise<void>;
  /** Starts writing the next medium of `transferId` onto the medium at `mountPoint`. */
  writeMedium: (transferId: string, mountPoint: string) => Promise<void>;
  cancelMediumWrite: () => Promise<void>;
  /** Adopts a finished write-medium job's result. */
  mediumWritten: (result: MediumWrittenView) => void;
  ejectMedium: (transferId: string, mountPoint: string) => Promise<void>;
  resetMedia: () => void;
}

const freshWrite = (): MediaWriteState => ({ next: 1, of: null, jobId: null, written: {}, ejected: {}, done: false });

export function createMediaSlice(set: SliceSet, get: SliceGet, api: Api): MediaSlice {
  return {
    media: null,
    mediaLoading: false,
    mediaError: null,
    targetMedium: null,
    mediaWrite: freshWrite(),
    ejecting: false,

    async loadMedia() {
      set({ mediaLoading: true, mediaError: null });
      const r = await call(() => api.mediaList());
      if (r.ok) set({ media: r.value, mediaLoading: false });
      else set({ media: [], mediaLoading: false, mediaError: r.error });
    },
    async chooseMedium(mountPoint) {
      set({ mediaError: null });
      const r = await call(() => api.mediaChoose({ mountPoint }));
      if (!r.ok) return set({ mediaError: r.error });
      const m = r.value;
      set({
        targetMedium: m,
        target: { canceled: false, path: m.mountPoint, freeBytes: m.free, totalBytes: m.size, filesystem: m.filesystem, maxFileBytes: m.maxFileBytes },
        exportError: null,
      });
    },
    async writeMedium(transferId, mountPoint) {
      const w = get().mediaWrite;
      set({ mediaError: null });
      const started = await get().startJob({ kind: 'write-medium', params: { transferId, mountPoint, medium: w.next } });
      if ('error' in started) return set({ mediaError: started.error });
      set({ mediaWrite: { ...get().mediaWrite, jobId: started.jobId } });
    },
    async cancelMediumWrite() {
      const id = get().mediaWrite.jobId;
      if (id) await get().cancelJob(id);
    },
    mediumWritten(r) {
      const w = get().mediaWrite;
      if (w.written[r.medium] === r) return;
      // A medium that read back wrong stays the next one to write (on another medium).
      set({ mediaWrite: { ...w, of: r.of, written: { ...w.written, [r.medium]: r }, next: r.verified ? r.medium + 1 : r.medium } });
    },
    async ejectMedium(transferId, mountPoint) {
      set({ ejecting: true, mediaError: null });
      const r = await call(() => api.mediaEject({ transferId, mountPoint }));
      if (!r.ok) return set({ ejecting: false, mediaError: r.error });
      const w = get().mediaWrite;
      const medium = Object.values(w.written).find((x) => x.target === mountPoint && x.verified && !w.ejected[x.medium])?.medium ?? w.next - 1;
      set({ ejecting: false, mediaWrite: { ...w, ejected: { ...w.ejected, [medium]: r.value }, done: r.value.allEjected } });
      // The ejected medium is gone from the list; the next one is inserted and listed by Refresh.
      void get().loadMedia();
      // The machine's answer (main records it as such, whatever is sent): shown ticked.
      if (r.value.allEjected) get().answerPost('medium-ejected', true, get().checklistPerson.post || get().exportDetails.operator);
    },
    resetMedia() {
      set({ targetMedium: null, mediaWrite: freshWrite(), mediaError: null, ejecting: false });
    },
  };
}
