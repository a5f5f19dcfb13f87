/**
 * Back / Next buttons for a wizard step. When Next is blocked, the reasons are listed beside it
 * (and tied to the button with aria-describedby), so a person knows what is missing.
 */
import { useId, type ReactNode } from 'react';

export interface WizardActionsProps {
  onBack?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
  nextLabel?: string;
  blockers: string[];
  children?: ReactNode;
}

/** The step's action row. */
export function WizardActions({ onBack, onNext, nextLabel = 'Next', blockers, children }: WizardActionsProps) {
  const whyId = useId();
  return (
    <div>
      <div className="actions">
        {onBack && <button type="button" onClick={onBack}>Back</button>}
        {children}
        {onNext && (
          <button type="button" className="primary" disabled={blockers.length > 0} aria-describedby={blockers.length ? whyId : undefined} onClick={onNext}>
            {nextLabel}
          </button>
        )}
      </div>
      {onNext && blockers.length > 0 && (
        <div id={whyId} className="why hint">
          <p>Before you can continue:</p>
          <ul>
            {blockers.map((b) => <li key={b}>{b}</li>)}
          </ul>
        </div>
      )}
    </div>
  );
}
