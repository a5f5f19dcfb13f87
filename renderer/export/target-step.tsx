/**
 * Export step 4: the target folder (a USB medium or the diode's send folder), with its free space
 * checked against the package's size.
 */
import { useApp } from '../store/store';
import { requiredBytes, targetProblem } from '../store/export-rules';
import { formatBytes } from '../../shared/units';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';

/** The target picker and what the chosen medium can take. */
export function TargetStep() {
  const target = useApp((s) => s.target);
  const scan = useApp((s) => s.scan);
  const volumeSize = useApp((s) => s.settings?.defaults.volumeSize);
  const choose = useApp((s) => s.chooseTarget);
  const problem = target ? targetProblem(target, scan, volumeSize) : null;
  return (
    <div>
      <div className="actions">
        <button type="button" onClick={() => void choose()}>{target ? 'Choose another target…' : 'Choose the target folder…'}</button>
      </div>
      {target && (
        <dl className="facts">
          <dt>Folder</dt><dd><code>{target.path}</code></dd>
          <dt>File system</dt><dd>{target.filesystem ?? 'unknown'}</dd>
          <dt>Free space</dt><dd>{formatBytes(target.freeBytes)} of {formatBytes(target.totalBytes)}</dd>
          {scan && <><dt>Package needs about</dt><dd>{formatBytes(requiredBytes(scan))}</dd></>}
          <dt>Space check</dt><dd><StatusBadge status={problem ? 'fail' : 'pass'} /></dd>
        </dl>
      )}
      {problem && <Notice tone="error" title="This target cannot take the package"><p>{problem}</p></Notice>}
    </div>
  );
}
