/**
 * A labelled text input with an optional hint and error, wired with aria-describedby.
 */
import { useId } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | null;
  type?: 'text' | 'password' | 'datetime-local';
  multiline?: boolean;
  required?: boolean;
  autoComplete?: string;
}

/** One labelled field. The error text, when present, names what to fix. */
export function TextField({ label, value, onChange, hint, error, type = 'text', multiline, required, autoComplete = 'off' }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {multiline ? (
        <textarea {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && <span id={hintId} className="hint">{hint}</span>}
      {error && <span id={errorId} className="hint error-text">⚠ {error}</span>}
    </div>
  );
}
