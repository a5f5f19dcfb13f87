/**
 * Progress of a long job: a bar, bytes done of total, rate, time left and the current file. The
 * text sits in an aria-live region so screen readers hear it without focus moving.
 */
import type { JobProgress } from '../../shared/progress';
import { formatBytes, formatDuration, formatRate, percent } from '../../shared/units';

const PHASES: Record<string, string> = {
  scan: 'Scanning sources',
  pack: 'Packing',
  sign: 'Signing',
  verify: 'Verifying',
  extract: 'Extracting',
  commit: 'Committing',
  'write-medium': 'Writing the medium',
  'read-back': 'Reading the medium back',
  antivirus: 'Antivirus scan (ClamAV)',
};

/** Words for an engine phase name; unknown phases are shown as they are. */
export function phaseLabel(phase: string): string {
  return PHASES[phase] ?? phase;
}

/** The progress bar and its text; `label` names the job for assistive technology. */
export function ProgressPanel({ progress, label }: { progress: JobProgress | null; label: string }) {
  const p = progress;
  const pct = p ? percent(p.bytesDone, p.bytesTotal) : 0;
  return (
    <div className="progress">
      <progress aria-label={label} max={100} value={pct} />
      <div aria-live="polite" aria-atomic="true" className="line" data-testid="progress-text">
        {p ? (
          <>
            <div>
              {phaseLabel(p.phase)}: {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)} ({pct}%)
            </div>
            <div>
              Rate {formatRate(p.rate)} · Time left {formatDuration(p.eta)}
            </div>
            {p.currentFile && <div>Current file: <code>{p.currentFile}</code></div>}
          </>
        ) : (
          <div>Starting…</div>
        )}
      </div>
    </div>
  );
}
