/**
 * A step's heading. It takes focus when the step appears, so keyboard and screen-reader users
 * land at the top of the new step instead of on a button that no longer exists.
 */
import { useEffect, useRef } from 'react';

/** An h2 that focuses itself on mount (tabIndex -1 keeps it out of the tab order). */
export function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
