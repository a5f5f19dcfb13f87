/**
 * Export step 4: the target — a removable medium from main's list (./media-picker), or a folder (a
 * diode's send folder, a network share) chosen with the folder dialog, with its free space checked
 * against the package's size.
 */
import { useApp } from '../store/store';
import { requiredBytes, targetProblem } from '../store/export-rules';
import { formatBytes } from '../../shared/units';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { MediaPicker } from './media-picker';

/** The media list, the folder picker, and what the chosen folder can take. */
export function TargetStep() {
  const target = useApp((s) => s.target);
  const medium = useApp((s) => s.targetMedium);
  const scan = useApp((s) => s.scan);
  const volumeSize = useApp((s) => s.settings?.defaults.volumeSize);
  const choose = useApp((s) => s.chooseTarget);
  const problem = target ? targetProblem(target, scan, volumeSize, medium !== null) : null;
  const folder = target && !medium ? target : null;
  return (
    <div>
      <MediaPicker />
      <h3>Or a folder</h3>
      <p className="hint">A diode's send folder or a share: the package is written straight into it, and Sluice does not eject anything.</p>
      <div className="actions">
        <button type="button" onClick={() => void choose()}>{folder ? 'Choose another target…' : 'Choose the target folder…'}</button>
      </div>
      {folder && (
        <dl className="facts">
          <dt>Folder</dt><dd><code>{folder.path}</code></dd>
          <dt>File system</dt><dd>{folder.filesystem ?? 'unknown'}</dd>
          <dt>Free space</dt><dd>{formatBytes(folder.freeBytes)} of {formatBytes(folder.totalBytes)}</dd>
          {scan && <><dt>Package needs about</dt><dd>{formatBytes(requiredBytes(scan))}</dd></>}
          <dt>Space check</dt><dd><StatusBadge status={problem ? 'fail' : 'pass'} /></dd>
        </dl>
      )}
      {problem && <Notice tone="error" title="This target cannot take the package"><p>{problem}</p></Notice>}
    </div>
  );
}
