/**
 * What every IPC request goes through on the page's side before it crosses to main — in the real
 * preload (electron/main/preload.ts) and in the E2E bridge (test/e2e/bridge/) alike, so the bridge
 * cannot hide a difference. Plain code with no imports: the sandboxed preload bundles it.
 */

/** The channel the preload sends dropped files' paths on (not part of the page's API). */
export const DROP_CHANNEL = 'preload:dropped';

/**
 * The request a preload function sends for what the page passed: no argument, `undefined` or
 * `null` become `{}` (every channel's schema is an object); anything else goes as it is, to be
 * validated in main.
 */
export function normalizeRequest(request: unknown): unknown {
  return request === undefined || request === null ? {} : request;
}
