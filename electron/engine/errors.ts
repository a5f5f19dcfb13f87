/**
 * The engine's one error type for refusals a person must read: a stable `code` for programs and a
 * message that says what happened and what to do. `details` lists each offending item when there
 * are several (every refused source file, say), so nothing is reported one at a time.
 */
export class SluiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; reason: string }[] = [],
  ) {
    super(message);
    this.name = 'SluiceError';
  }
}

/** True when `e` is the error an AbortSignal raises, so callers can tell cancel from failure. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}
