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
      {onNext && blockers.length > 0 && <BlockedReasons id={whyId} lead="Before you can continue:" reasons={blockers} />}
    </div>
  );
}

/**
 * The reasons a button is disabled, listed beside it; the button names `id` in aria-describedby.
 * `live` makes it a status region, for a form that Enter can submit while it is still blocked.
 */
export function BlockedReasons({ id, lead, reasons, live = false }: { id: string; lead: string; reasons: string[]; live?: boolean }) {
  return (
    <div id={id} className="why hint" role={live ? 'status' : undefined}>
      <p>{lead}</p>
      <ul>
        {reasons.map((r) => <li key={r}>{r}</li>)}
      </ul>
    </div>
  );
}
