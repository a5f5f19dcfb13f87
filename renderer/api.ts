/**
 * The renderer's only way to the main process: `window.sluice`, typed by the IPC contract.
 */
import type { Api } from '../shared/ipc/contract';
import type { AppError, Result } from '../shared/result';

declare global {
  interface Window {
    /** The preload API (Electron) or the test bridge (E2E); see shared/ipc/contract.ts. */
    sluice: Api;
  }
}

/** The preload API of this window; an error a person can act on when it is missing. */
export function windowApi(): Api {
  if (!window.sluice) throw new Error('The Sluice bridge to the main process is missing. Restart the application.');
  return window.sluice;
}

/** An AppError for a call that threw instead of returning a Result (a bug or a broken bridge). */
export function thrownError(e: unknown): AppError {
  return {
    code: 'ipc-failed',
    message: `The request to the main process failed (${e instanceof Error ? e.message : String(e)}). Try again; if it keeps failing, restart the application.`,
  };
}

/** Awaits an IPC call, turning a throw into a failed Result so callers handle one shape. */
export async function call<T>(p: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await p();
  } catch (e) {
    return { ok: false, error: thrownError(e) };
  }
}
