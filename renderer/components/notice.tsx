/**
 * Boxed messages. Errors say what happened and what to do next, and are announced to screen
 * readers (role="alert").
 */
import type { ReactNode } from 'react';
import type { AppError } from '../../shared/result';

/** A generic notice box; `tone` picks the border and background. */
export function Notice({ tone = 'info', title, children }: { tone?: 'info' | 'ok' | 'warn' | 'error'; title?: string; children?: ReactNode }) {
  return (
    <div className={`notice ${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      {title && <p><strong>{title}</strong></p>}
      {children}
    </div>
  );
}

/** An AppError as a person reads it: the message (which says what to do) and the code for support. */
export function ErrorNotice({ error, title = 'That did not work' }: { error: AppError | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <Notice tone="error" title={title}>
      <p>{error.message}</p>
      <p className="hint">Code: <code>{error.code}</code></p>
    </Notice>
  );
}
