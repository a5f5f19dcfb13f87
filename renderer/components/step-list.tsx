/**
 * The wizard's list of steps, with the current one marked for assistive technology.
 */

/** Renders step names in order; steps before `current` are marked done. */
export function StepList({ steps, current, label }: { steps: readonly string[]; current: number; label: string }) {
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((s, i) => (
        <li key={s} className={i < current ? 'done' : undefined} aria-current={i === current ? 'step' : undefined}>
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}
