/**
 * A value or an error, never a thrown exception: what crosses IPC and what engine checks return.
 * Thrown errors lose their properties across Electron's `invoke` (electron#24427), so every
 * boundary speaks in Result values.
 */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** A machine-readable code plus a message written for a person: what happened, what to do. */
export interface AppError {
  code: string;
  message: string;
}

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** Wraps an error as a failed Result. */
export function err<E = AppError>(error: E): Result<never, E> {
  return { ok: false, error };
}
