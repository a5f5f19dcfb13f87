/**
 * A pass/fail/skipped mark that never relies on colour alone: an icon, a word and a colour.
 */
import type { CheckStatus } from '../../shared/format/report';

const LOOK: Record<CheckStatus, { icon: string; word: string }> = {
  pass: { icon: '✓', word: 'PASS' },
  fail: { icon: '✗', word: 'FAIL' },
  skipped: { icon: '–', word: 'SKIPPED' },
};

/** Shows "✓ PASS", "✗ FAIL" or "– SKIPPED". */
export function StatusBadge({ status }: { status: CheckStatus }) {
  const look = LOOK[status];
  return (
    <span className={`status ${status}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.word}
    </span>
  );
}
