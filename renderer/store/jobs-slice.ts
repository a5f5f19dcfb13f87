/**
 * Jobs slice: every long job this window started, kept current by the job events. Events are
 * stored by job id whether or not `job:start` has answered yet, so an early event is never lost.
 */
import type { Api, JobResult, JobStartRequest } from '../../shared/ipc/contract';
import type { JobProgress } from '../../shared/progress';
import type { AppError } from '../../shared/result';
import type { VerifyReport } from '../../shared/format/report';
import { call } from '../api';
import type { SliceGet, SliceSet } from './types';

export interface JobState {
  status: 'running' | 'done' | 'failed';
  progress: JobProgress | null;
  result: JobResult | null;
  error: AppError | null;
  report: VerifyReport | null;
}

export interface JobsSlice {
  jobs: Record<string, JobState>;
  /** Starts a job; returns its id, or the error that stopped it starting. */
  startJob: (request: JobStartRequest) => Promise<{ jobId: string } | { error: AppError }>;
  cancelJob: (jobId: string) => Promise<void>;
  /** Subscribes to job events; returns the unsubscribe function. */
  attachJobEvents: () => () => void;
  /**
   * What main (at start) and the jobs found and cleaned up — leftovers of an interrupted run,
   * imports settled after a crash — oldest first, until the person dismisses them.
   */
  stationNotices: string[];
  /** Asks main what it found at start (station:notices) and adds it to stationNotices. */
  loadStationNotices: () => Promise<void>;
  dismissStationNotices: () => void;
}

/** Notices kept at most; the oldest go first (each is also on the job's own event and main's log). */
const MAX_STATION_NOTICES = 100;

const blank: JobState = { status: 'running', progress: null, result: null, error: null, report: null };

export function createJobsSlice(set: SliceSet, get: SliceGet, api: Api): JobsSlice {
  const patch = (jobId: string, p: Partial<JobState>) =>
    set((s) => ({ jobs: { ...s.jobs, [jobId]: { ...(s.jobs[jobId] ?? blank), ...p } } }));
  const addNotices = (notices: string[] | undefined) => {
    if (notices?.length) set((s) => ({ stationNotices: [...s.stationNotices, ...notices].slice(-MAX_STATION_NOTICES) }));
  };
  return {
    jobs: {},
    stationNotices: [],
    async loadStationNotices() {
      const r = await call(() => api.stationNotices({}));
      if (r.ok) addNotices(r.value);
    },
    dismissStationNotices() {
      set({ stationNotices: [] });
    },
    async startJob(request) {
      const r = await call(() => api.jobStart(request));
      if (!r.ok) return { error: r.error };
      if (!get().jobs[r.value.jobId]) patch(r.value.jobId, {});
      return { jobId: r.value.jobId };
    },
    async cancelJob(jobId) {
      await call(() => api.jobCancel({ jobId }));
    },
    attachJobEvents() {
      const offs = [
        api.onJobProgress(({ jobId, ...progress }) => {
          // A late progress event must not resurrect a finished job.
          if (get().jobs[jobId]?.status && get().jobs[jobId]?.status !== 'running') return;
          patch(jobId, { progress });
        }),
        api.onJobDone(({ jobId, result, notices }) => {
          addNotices(notices);
          patch(jobId, { status: 'done', result });
        }),
        api.onJobFailed(({ jobId, error, report, notices }) => {
          addNotices(notices);
          patch(jobId, { status: 'failed', error, report: report ?? null });
        }),
      ];
      return () => offs.forEach((off) => off());
    },
  };
}
