/**
 * What the app does before it quits, kept free of Electron so it is tested in Node: cancel every
 * running job and wait until each has cleaned up (a pack's `.partial`, an import's staging folder)
 * and ended, then discard the undecided staged imports, awaiting each discard. main.ts calls it
 * from `before-quit` after `preventDefault()` and quits for real once it has resolved.
 */
import type { StagedImportData } from '../jobs/protocol';

/** What prepareQuit needs: the job runner, the undecided staged imports and how to discard one. */
export interface QuitDeps {
  jobs: { stopAll(graceMs?: number): Promise<void> };
  /** Read after the jobs have ended: a stage-import finishing during the wait adds one. */
  staged: () => StagedImportData[];
  discard: (staged: StagedImportData) => Promise<void>;
  /** How long jobs may take to clean up before their processes are killed (default 30 s). */
  graceMs?: number;
  /** Told of a staged import that could not be removed (the quit goes on). */
  onError?: (staged: StagedImportData, error: unknown) => void;
}

/** Cancels and awaits every job, then awaits the discard of every undecided staged import. Never throws. */
export async function prepareQuit(deps: QuitDeps): Promise<void> {
  await deps.jobs.stopAll(deps.graceMs).catch(() => undefined);
  await Promise.all(deps.staged().map((s) => deps.discard(s).catch((e: unknown) => deps.onError?.(s, e))));
}

/**
 * The `before-quit` listener: the first quit is held (`preventDefault`) while prepareQuit runs,
 * then `quit()` is called again and let through. Quits asked for meanwhile are held as well.
 */
export function beforeQuitHandler(prepare: () => Promise<void>, quit: () => void): (event: { preventDefault(): void }) => void {
  let state: 'open' | 'preparing' | 'ready' = 'open';
  return (event) => {
    if (state === 'ready') return;
    event.preventDefault();
    if (state === 'preparing') return;
    state = 'preparing';
    void prepare().catch(() => undefined).finally(() => {
      state = 'ready';
      quit();
    });
  };
}
