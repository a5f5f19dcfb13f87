/**
 * Import step 4: verify every byte and stage the files in a private folder on the destination
 * volume. Progress while it runs; per-file results after; a failure names the file and the reason,
 * under a headline and advice that fit the fault (shared/format/fault.ts).
 */
import { useEffect, useMemo } from 'react';
import { useApp } from '../store/store';
import { formatBytes } from '../../shared/units';
import { displaySafe } from '../../shared/format/display-text';
import { ProgressPanel } from '../components/progress-panel';
import { ErrorNotice, Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { CheckTable, FailureList, FaultSummary } from './check-list';
import { classifyFault } from '../../shared/format/fault';
import type { VerifyReport } from '../../shared/format/report';
import { PrintControls } from '../print/print-controls';
import { StagedScan } from '../components/scan-result';
import { ListSearch, useLongList } from '../components/long-list';

type FileResult = VerifyReport['files'][number];
const resultPath = (f: FileResult) => f.path;

/** Per-file results of a verification: failed files first, the first few hundred, and a search over all. */
export function FileResults({ report }: { report: VerifyReport }) {
  // Stable: failed (and not reached) files before those that passed, so a fault is on the first screen.
  const files = useMemo(() => {
    const all = report.files.filter((f) => f.type === 'file');
    return [...all.filter((f) => f.status !== 'pass'), ...all.filter((f) => f.status === 'pass')];
  }, [report]);
  const list = useLongList(files, resultPath);
  if (!report.files.length) return null;
  return (
    <>
    <ListSearch view={list} noun="files" />
    <table aria-label="File results">
      <thead><tr><th>File</th><th className="num">Size</th><th>Result</th><th>Reason</th></tr></thead>
      <tbody>
        {list.shown.map((f) => (
          <tr key={f.path}><td><code>{displaySafe(f.path)}</code></td><td className="num">{formatBytes(f.size)}</td><td><StatusBadge status={f.status} /></td><td>{displaySafe(f.reason ?? '')}</td></tr>
        ))}
      </tbody>
    </table>
    </>
  );
}

/** Start, progress, cancel and the result of verify-and-stage. */
export function VerifyStep() {
  const jobId = useApp((s) => s.stageJobId);
  const job = useApp((s) => (s.stageJobId ? s.jobs[s.stageJobId] : undefined));
  const staged = useApp((s) => s.staged);
  const failure = useApp((s) => s.stageFailure);
  const start = useApp((s) => s.startStage);
  const cancel = useApp((s) => s.cancelStage);
  const finished = useApp((s) => s.stageFinished);
  const failed = useApp((s) => s.stageFailed);
  const reset = useApp((s) => s.resetImport);
  const error = useApp((s) => s.importError);
  useEffect(() => {
    if (!job || staged || failure) return;
    if (job.status === 'done' && job.result?.kind === 'stage-import') finished({ stagingId: job.result.stagingId, report: job.result.report, ...(job.result.scan ? { scan: job.result.scan } : {}) });
    if (job.status === 'failed' && job.error) failed(job.error, job.report);
  }, [job, staged, failure, finished, failed]);
  const running = !!jobId && job?.status === 'running';
  const report = staged?.report ?? failure?.report ?? null;
  const fault = failure?.report ? classifyFault(failure.report) : null;
  return (
    <div>
      {!staged && !running && !failure && (
        <div className="actions"><button type="button" className="primary" onClick={() => void start()}>Verify and stage</button></div>
      )}
      {running && (
        <>
          <ProgressPanel progress={job?.progress ?? null} label="Verification progress" />
          <div className="actions"><button type="button" className="danger" onClick={() => void cancel()}>Cancel</button></div>
        </>
      )}
      <ErrorNotice error={error} />
      {staged && (
        <Notice tone="ok" title="PASS: every check passed">
          <p>The files are verified and staged. Answer the import checklist next.</p>
        </Notice>
      )}
      {staged?.scan && <StagedScan scan={staged.scan} />}
      {failure && (
        failure.error.code === 'cancelled' ? (
          <Notice tone="warn" title="Verification cancelled"><p>Nothing was staged. You can verify again.</p>
            <div className="actions"><button type="button" onClick={() => void start()}>Verify again</button></div></Notice>
        ) : !failure.report ? (
          <Notice tone="error" title="The package could not be verified">
            <p>{failure.error.message}</p>
            <p>Nothing was imported. Fix the problem above, then verify again.</p>
            <div className="actions"><button type="button" onClick={() => void start()}>Verify again</button></div>
          </Notice>
        ) : (
          <Notice tone="error" title="FAIL: the package is rejected">
            {/* The headline and advice fit the fault: only a tamper is worded as an incident. */}
            {fault ? <FaultSummary fault={fault} /> : <p>{failure.error.message}</p>}
            <FailureList failures={failure.report.failures} />
            <p>Nothing was imported and nothing was left on the destination.</p>
            {jobId && <PrintControls target={{ kind: 'rejection', jobId }} what="rejection report" />}
            <div className="actions"><button type="button" onClick={() => void reset()}>Choose another package</button></div>
          </Notice>
        )
      )}
      {report && (
        <>
          <h3>Checks</h3>
          <CheckTable checks={report.checks} />
          <h3>Files</h3>
          <FileResults report={report} />
        </>
      )}
    </div>
  );
}
