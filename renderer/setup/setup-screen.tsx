/**
 * First-run set-up (and later, the settings screen): which side this station is, its network id
 * and name, the people who work it, and — on first run — the folders it needs, proposed under one
 * data folder and created by main once the person confirms "Create the station". Later the
 * folders are shown (and changed) in Settings → Folders.
 */
import { useState } from 'react';
import { useApp, useAppStore } from '../store/store';
import { call } from '../api';
import { TextField } from '../components/text-field';
import { ErrorNotice, Notice } from '../components/notice';
import { StepHeading } from '../components/step-heading';
import type { AppError } from '../../shared/result';
import { derivedPaths, toSettings, valuesFrom, type SetupValues } from './setup-form';
import { FoldersView } from './folders-view';
import { AntivirusView } from './antivirus-view';
import { WitnessPolicyView } from './witness-policy-view';

/** The set-up form; `firstRun` changes the wording. */
export function SetupScreen({ firstRun }: { firstRun: boolean }) {
  const existing = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const setup = useApp((s) => s.setupStation);
  const setScreen = useApp((s) => s.setScreen);
  const { api } = useAppStore();
  const [v, setV] = useState<SetupValues>(() => valuesFrom(existing));
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const put = (patch: Partial<SetupValues>) => { setV((x) => ({ ...x, ...patch })); setSaved(false); };
  const pickDir = async () => {
    const r = await call(() => api.dialogOpenFolder({ title: 'Choose the folder for Sluice\u2019s data' }));
    if (r.ok && !r.value.canceled && r.value.paths[0]) put({ dataDir: r.value.paths[0] });
    else if (!r.ok) setError(r.error);
  };
  const submit = async () => {
    const r = toSettings(v, existing);
    if (!r.ok) return setProblems(r.problems);
    setProblems([]);
    const e = firstRun ? await setup(r.settings) : await save(r.settings);
    setError(e);
    if (!e) { setSaved(true); if (firstRun) setScreen(r.settings.role === 'EXPORT' ? 'export' : 'import'); }
  };
  const paths = v.dataDir ? derivedPaths(v.dataDir) : null;
  return (
    <section>
      <StepHeading>{firstRun ? 'Set up this station' : 'Station settings'}</StepHeading>
      {firstRun && <p>Sluice has not been set up on this computer. Answer these once; an administrator can change them later.</p>}
      <form noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="field">
          <legend>Which side of the diode is this station? *</legend>
          <label><input type="radio" name="role" checked={v.role === 'EXPORT'} onChange={() => put({ role: 'EXPORT' })} /> EXPORT — the connected side: packs and signs transfers</label>
          <label><input type="radio" name="role" checked={v.role === 'IMPORT'} onChange={() => put({ role: 'IMPORT' })} /> IMPORT — the secure side: verifies and imports transfers</label>
        </fieldset>
        <TextField label="Network id" value={v.networkId} onChange={(x) => put({ networkId: x })} required hint="This network's short id, e.g. LOW or HIGH." />
        <TextField label="Station name" value={v.stationName} onChange={(x) => put({ stationName: x })} required />
        <TextField label="Operators" value={v.operators} onChange={(x) => put({ operators: x })} multiline hint="One name per line." />
        <TextField label="Witnesses" value={v.witnesses} onChange={(x) => put({ witnesses: x })} multiline hint="One name per line." />
        <TextField label="Security officers" value={v.officers} onChange={(x) => put({ officers: x })} multiline hint="One name per line." />
        {firstRun && (
          <>
            <TextField label="Data folder" value={v.dataDir} onChange={(x) => put({ dataDir: x })} required hint="Every folder of the station is proposed inside it (an absolute path; best on the data volume)." />
            <div className="actions"><button type="button" onClick={() => void pickDir()}>Choose the data folder…</button></div>
            {paths && (
              <>
                <p id="proposed-folders">Sluice will create these folders, readable only by this account:</p>
                <dl className="facts" aria-labelledby="proposed-folders" data-testid="proposed-folders">
                  <dt>Keys</dt><dd><code>{paths.keysDir}</code></dd>
                  <dt>Trust store</dt><dd><code>{paths.trustDir}</code></dd>
                  <dt>Inbox</dt><dd><code>{paths.inboxDir}</code></dd>
                  <dt>Quarantine (packages are checked here)</dt><dd><code>{paths.quarantineDir}</code></dd>
                  <dt>Import destination (approved imports)</dt><dd><code>{paths.importDir}</code></dd>
                  <dt>Records (printed papers)</dt><dd><code>{paths.recordsDir}</code></dd>
                  <dt>Ledger</dt><dd><code>{paths.ledgerFile}</code></dd>
                </dl>
              </>
            )}
          </>
        )}
        <TextField label="Default classification" value={v.classification} onChange={(x) => put({ classification: x })} required />
        <TextField label="Default expiry" value={v.expiry} onChange={(x) => put({ expiry: x })} required hint="30d, 12h, 2w." />
        <TextField label="Default destination network" value={v.destination} onChange={(x) => put({ destination: x })} hint="Export side: the network packages go to." />
        {firstRun && (v.role === 'IMPORT' || v.allowBothSides) && (
          <p className="hint">How many witness co-signatures an import requires (the two-person rule) is set after set-up, in Settings → Import policy, by a named security officer: every change is recorded in the ledger.</p>
        )}
        <div className="field">
          <label><input type="checkbox" checked={v.allowBothSides} onChange={(e) => put({ allowBothSides: e.target.checked })} /> Allow both sides on this station (evaluation only)</label>
        </div>
        {problems.length > 0 && (
          <Notice tone="error" title="The settings are not complete">
            <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
          </Notice>
        )}
        <ErrorNotice error={error} title={firstRun ? 'The station was not created' : 'The settings were not saved'} />
        {saved && <Notice tone="ok" title="Settings saved" />}
        <div className="actions"><button type="submit" className="primary">{firstRun ? 'Create the station' : 'Save settings'}</button></div>
      </form>
      {!firstRun && <FoldersView />}
      {!firstRun && existing && (existing.role === 'IMPORT' || existing.allowBothSides) && <WitnessPolicyView />}
      {!firstRun && <AntivirusView />}
    </section>
  );
}
