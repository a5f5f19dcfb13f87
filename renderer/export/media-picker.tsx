/**
 * The target step's list of removable media, as main lists them (never a system disk): label,
 * device, size, filesystem, free space, read-only. A read-only medium cannot be chosen (main
 * refuses it too). Once one is chosen, what packing will do: one medium, or a media set of about N
 * media packed on this station's disk first; FAT's automatic volume size.
 */
import { useEffect } from 'react';
import type { MediumTargetView, MediumView } from '../../shared/ipc/contract';
import { displayText } from '../../shared/format/display-text';
import { formatBytes } from '../../shared/units';
import { useApp } from '../store/store';
import { requiredBytes } from '../store/export-rules';
import { ErrorNotice, Notice } from '../components/notice';

/** About how many media like `m` the package needs (the package files go on every one). */
export function mediaNeeded(m: Pick<MediumView, 'free'>, need: number): number {
  const room = m.free - 1024 * 1024;
  return room <= 0 ? Infinity : Math.max(1, Math.ceil(need / room));
}

function MediumRow({ m, chosen, onChoose }: { m: MediumView; chosen: boolean; onChoose: () => void }) {
  const name = displayText(m.label || m.model || m.device);
  return (
    <tr aria-selected={chosen}>
      <td>{name}</td>
      <td><code>{displayText(m.device)}</code></td>
      <td>{formatBytes(m.size)}</td>
      <td>{displayText(m.filesystem)}</td>
      <td>{formatBytes(m.free)}</td>
      <td>{m.readOnly ? 'read-only' : 'writable'}</td>
      <td>
        <button type="button" disabled={m.readOnly || chosen} onClick={onChoose} aria-label={`Use ${name} (${m.device})`}>
          {chosen ? 'Chosen' : 'Use this medium'}
        </button>
      </td>
    </tr>
  );
}

function ChosenMedium({ m }: { m: MediumTargetView }) {
  const scan = useApp((s) => s.scan);
  const need = scan ? requiredBytes(scan) : null;
  const count = need === null ? null : mediaNeeded(m, need);
  return (
    <div>
      <dl className="facts">
        <dt>Medium</dt><dd>{displayText(m.label || m.model || m.device)} (<code>{displayText(m.device)}</code>) at <code>{displayText(m.mountPoint)}</code></dd>
        <dt>File system</dt><dd>{displayText(m.filesystem)}</dd>
        <dt>Free space</dt><dd>{formatBytes(m.free)} of {formatBytes(m.size)}</dd>
        {need !== null && <><dt>Package needs about</dt><dd>{formatBytes(need)}</dd></>}
      </dl>
      {m.automaticVolumeSize !== null && (
        <p className="hint">{displayText(m.filesystem)} holds files up to 4 GiB: the payload is cut into volumes of at most {formatBytes(m.automaticVolumeSize)} automatically.</p>
      )}
      {count !== null && count > 1 && (
        <Notice tone="info" title={`A media set: about ${Number.isFinite(count) ? count : 'many'} media like this one`}>
          <p>The package is larger than this medium. Sluice packs it once on this station's disk, then writes it across the media one by one (“medium 2 of {Number.isFinite(count) ? count : 'N'}: insert the next one”), reads each back and ejects it. Have the media ready, each at least as large and as empty as this one.</p>
        </Notice>
      )}
      {count === 1 && <p className="hint">The package fits on this medium. Sluice packs it on this station's disk, writes it to the medium, reads it back and ejects it.</p>}
    </div>
  );
}

/** The media list, Refresh, and the chosen medium. */
export function MediaPicker() {
  const media = useApp((s) => s.media);
  const loading = useApp((s) => s.mediaLoading);
  const error = useApp((s) => s.mediaError);
  const chosen = useApp((s) => s.targetMedium);
  const load = useApp((s) => s.loadMedia);
  const choose = useApp((s) => s.chooseMedium);
  useEffect(() => {
    if (media === null) void load();
  }, [media, load]);
  return (
    <section aria-labelledby="media-heading">
      <h3 id="media-heading">Removable media</h3>
      <div className="actions">
        <button type="button" onClick={() => void load()} disabled={loading}>Refresh</button>
      </div>
      {loading && <p role="status">Looking for removable media…</p>}
      {media && media.length === 0 && !loading && <p>No removable medium is mounted. Insert one and press Refresh (system disks are never listed).</p>}
      {media && media.length > 0 && (
        <table className="media-list">
          <caption>Mounted removable media (system disks are never listed)</caption>
          <thead><tr><th>Label</th><th>Device</th><th>Size</th><th>File system</th><th>Free</th><th>Access</th><th /></tr></thead>
          <tbody>
            {media.map((m) => <MediumRow key={m.mountPoint} m={m} chosen={chosen?.mountPoint === m.mountPoint} onChoose={() => void choose(m.mountPoint)} />)}
          </tbody>
        </table>
      )}
      <ErrorNotice error={error} title="That medium cannot be used" />
      {chosen && <ChosenMedium m={chosen} />}
    </section>
  );
}
