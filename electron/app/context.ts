/**
 * What a handler knows about its caller: which window, the paths granted to it, how to send it
 * job events, and the files last dropped on it. Built by electron/main/ipc.ts per window (or by the
 * E2E bridge per page).
 */
import type { JobEmitter } from '../jobs/job-runner';
import { PathGrants } from './path-grants';

export interface HandlerContext {
  windowId: number;
  grants: PathGrants;
  /** Sends an event to this window. */
  emit: JobEmitter;
  /** Paths of the files last dropped on this window (read by the preload from the real drop event); taken once. */
  takeDropped(): string[];
}

/** A window's context plus the hook main uses to record a drop. */
export interface WindowContext extends HandlerContext {
  recordDropped(paths: string[]): void;
}

/** A fresh context for a window (nothing granted yet). */
export function createContext(windowId: number, emit: JobEmitter): WindowContext {
  let dropped: string[] = [];
  return {
    windowId,
    grants: new PathGrants(),
    emit,
    takeDropped() {
      const out = dropped;
      dropped = [];
      return out;
    },
    recordDropped(paths) {
      dropped = paths.filter((p) => typeof p === 'string' && p.length > 0 && !p.includes('\u0000')).slice(0, 10_000);
    },
  };
}
