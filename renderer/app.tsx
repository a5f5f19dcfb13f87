/**
 * The app shell: loads settings, runs the set-up on first run, then shows only this station's
 * side (export or import) unless the settings allow both, plus keys and settings.
 */
import { useEffect, useMemo } from 'react';
import { StoreContext, createAppStore, useApp, type AppStore } from './store/store';
import { windowApi } from './api';
import { canExport, canImport } from '../shared/settings';
import type { Screen } from './store/types';
import { ErrorNotice } from './components/notice';
import { SetupScreen } from './setup/setup-screen';
import { ExportWizard } from './export/export-wizard';
import { ImportWizard } from './import/import-wizard';
import { KeysScreen } from './keys/keys-screen';
import { RecordsScreen } from './records/records-screen';
import { StationNotices } from './components/station-notices';

function Shell() {
  const status = useApp((s) => s.settingsStatus);
  const settings = useApp((s) => s.settings);
  const error = useApp((s) => s.settingsError);
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);
  const load = useApp((s) => s.loadSettings);
  const attach = useApp((s) => s.attachJobEvents);
  const loadNotices = useApp((s) => s.loadStationNotices);
  useEffect(() => attach(), [attach]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { void loadNotices(); }, [loadNotices]);
  useEffect(() => {
    if (settings && screen === 'export' && !canExport(settings)) setScreen('import');
  }, [settings, screen, setScreen]);

  if (status === 'loading') return <main><p>Loading…</p></main>;
  if (status === 'error') return <main><ErrorNotice error={error} title="Sluice could not read its settings" /></main>;
  if (!settings) return <main><SetupScreen firstRun /></main>;

  const items: { id: Screen; label: string }[] = [
    ...(canExport(settings) ? [{ id: 'export' as const, label: 'Export' }] : []),
    ...(canImport(settings) ? [{ id: 'import' as const, label: 'Import' }] : []),
    { id: 'keys', label: 'Keys and trust' },
    { id: 'records', label: 'Records' },
    { id: 'settings', label: 'Settings' },
  ];
  return (
    <div className="app">
      <nav className="app-nav" aria-label="Sections">
        <h1>Sluice</h1>
        <div className="station">{settings.stationName} · {settings.networkId} · {settings.role}</div>
        <ul>
          {items.map((i) => (
            <li key={i.id}>
              <button type="button" aria-current={screen === i.id ? 'page' : undefined} onClick={() => setScreen(i.id)}>{i.label}</button>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <StationNotices />
        {screen === 'export' && canExport(settings) && <ExportWizard />}
        {screen === 'import' && canImport(settings) && <ImportWizard />}
        {screen === 'keys' && <KeysScreen />}
        {screen === 'records' && <RecordsScreen />}
        {screen === 'settings' && <SetupScreen firstRun={false} />}
      </main>
    </div>
  );
}

/** The app around a store; tests pass their own store (built on a fake `window.sluice`). */
export function App({ store }: { store?: AppStore }) {
  const s = useMemo(() => store ?? createAppStore(windowApi()), [store]);
  return (
    <StoreContext.Provider value={s}>
      <Shell />
    </StoreContext.Provider>
  );
}
