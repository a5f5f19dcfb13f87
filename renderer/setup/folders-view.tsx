/**
 * Settings → Folders: every folder of the station, whether it is there now, and a Change… button
 * that runs main's folder dialog (main checks the choice — an existing folder; quarantine and import
 * destination on one volume — and saves it). A missing folder is never re-created by Sluice.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';
import type { AppError } from '../../shared/result';
import type { StationFolder } from '../../shared/settings';

/** The folders table. */
export function FoldersView() {
  const folders = useApp((s) => s.folders);
  const load = useApp((s) => s.loadFolders);
  const choose = useApp((s) => s.chooseFolder);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<StationFolder | null>(null);
  useEffect(() => { void load().then(setError); }, [load]);
  const change = async (which: StationFolder) => {
    setBusy(which);
    setError(await choose(which));
    setBusy(null);
  };
  const missing = folders?.filter((f) => !f.exists) ?? [];
  return (
    <section aria-labelledby="folders-title">
      <h3 id="folders-title">Folders</h3>
      <p>Sluice created these folders at set-up (private to this account). It never re-creates a missing one: a missing folder usually means the data volume is not mounted.</p>
      {missing.length > 0 && (
        <Notice tone="warn" title={`${missing.length} folder(s) missing`}>
          <ul>{missing.map((f) => <li key={f.which}>The {f.title} <code>{f.path}</code> is missing — is the data volume mounted? Mount it, or choose another folder with Change….</li>)}</ul>
        </Notice>
      )}
      <ErrorNotice error={error} title="The folder was not changed" />
      {folders && (
        <table aria-label="Station folders">
          <thead><tr><th>Folder</th><th>Path</th><th>State</th><th>Action</th></tr></thead>
          <tbody>
            {folders.map((f) => (
              <tr key={f.which}>
                <td>{f.title[0]!.toUpperCase() + f.title.slice(1)}</td>
                <td><code className="path">{f.path}</code></td>
                <td>{f.exists ? 'present' : 'MISSING'}</td>
                <td><button type="button" aria-label={`Change the ${f.title}`} disabled={busy !== null} onClick={() => void change(f.which)}>Change…</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">Quarantine (where packages are checked) and the import destination (where approved imports are released) must be on the same volume: an import is released with one atomic rename.</p>
    </section>
  );
}
