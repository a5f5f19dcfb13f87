/**
 * The set-up form's values and their conversion to `Settings`: people as one name per line, and on
 * first run every folder proposed under one data folder (main creates them at set-up). Afterwards
 * the form never changes a folder: that is Settings → Folders (main's dialog).
 */
import { SETTINGS_VERSION, settingsSchema, type Settings, type StationRole } from '../../shared/settings';

export interface SetupValues {
  role: StationRole | '';
  networkId: string;
  stationName: string;
  operators: string;
  witnesses: string;
  officers: string;
  dataDir: string;
  classification: string;
  expiry: string;
  destination: string;
  allowBothSides: boolean;
}

/** Blank values, or the values of existing settings. */
export function valuesFrom(s: Settings | null): SetupValues {
  if (!s) return { role: '', networkId: '', stationName: '', operators: '', witnesses: '', officers: '', dataDir: '', classification: 'UNCLASSIFIED', expiry: '30d', destination: '', allowBothSides: false };
  const dataDir = s.paths.keysDir.replace(/[\\/][^\\/]*$/, '');
  return {
    role: s.role, networkId: s.networkId, stationName: s.stationName,
    operators: s.people.operators.join('\n'), witnesses: s.people.witnesses.join('\n'), officers: s.people.officers.join('\n'),
    dataDir, classification: s.defaults.classification, expiry: s.defaults.expiry, destination: s.defaults.destination ?? '', allowBothSides: s.allowBothSides,
  };
}

const lines = (t: string) => t.split('\n').map((x) => x.trim()).filter(Boolean);

/** The folders proposed under the data folder, with the folder's own separator. */
export function derivedPaths(dataDir: string): Settings['paths'] {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const base = dataDir.replace(/(.)[\\/]+$/, '$1');
  const at = (...n: string[]) => `${base}${sep}${n.join(sep)}`;
  return {
    keysDir: at('keys'), trustDir: at('trust'), inboxDir: at('inbox'), quarantineDir: at('quarantine'), importDir: at('imported'),
    recordsDir: at('records'), ledgerFile: at('ledger', 'ledger.jsonl'),
  };
}

/** The settings these values make, or the problems (field path and message) that stop them. */
export function toSettings(v: SetupValues, previous: Settings | null): { ok: true; settings: Settings } | { ok: false; problems: string[] } {
  if (!v.role) return { ok: false, problems: ['Choose whether this station exports or imports.'] };
  const candidate = {
    version: SETTINGS_VERSION,
    role: v.role,
    networkId: v.networkId.trim(),
    stationName: v.stationName.trim(),
    people: { operators: lines(v.operators), witnesses: lines(v.witnesses), officers: lines(v.officers) },
    // Once set up, the folders stay as they are: they change only through Settings → Folders.
    paths: previous ? previous.paths : derivedPaths(v.dataDir.trim()),
    allowBothSides: v.allowBothSides,
    checklists: previous?.checklists ?? {},
    // The two-person rule on import changes only in Settings → Import policy (ledgered); every save keeps it as it is.
    ...(previous?.policy ? { policy: previous.policy } : {}),
    // The antivirus settings change only in Settings → Antivirus (ledgered); every save keeps them as they are.
    ...(previous?.scan ? { scan: previous.scan } : {}),
    defaults: {
      ...(previous?.defaults ?? {}),
      classification: v.classification.trim(),
      expiry: v.expiry.trim(),
      ...(v.destination.trim() ? { destination: v.destination.trim() } : { destination: undefined }),
    },
  };
  if (!candidate.defaults.destination) delete (candidate.defaults as { destination?: string }).destination;
  const r = settingsSchema.safeParse(candidate);
  if (r.success) {
    const extra: string[] = [];
    if ((v.role === 'EXPORT' || v.allowBothSides) && r.data.people.operators.length === 0) extra.push('Name at least one operator (one per line).');
    if ((v.role === 'IMPORT' || v.allowBothSides) && r.data.people.officers.length === 0) extra.push('Name at least one security officer (one per line).');
    return extra.length ? { ok: false, problems: extra } : { ok: true, settings: r.data };
  }
  return { ok: false, problems: r.error.issues.map((i) => `${FIELD_NAMES[i.path.join('.')] ?? i.path.join('.')}: ${i.message}`) };
}

const FIELD_NAMES: Record<string, string> = {
  networkId: 'Network id', stationName: 'Station name', 'defaults.classification': 'Default classification',
  'defaults.expiry': 'Default expiry', 'defaults.destination': 'Default destination',
  'paths.ledgerFile': 'Data folder', 'paths.recordsDir': 'Data folder', 'paths.trustDir': 'Data folder', 'paths.keysDir': 'Data folder', 'paths.inboxDir': 'Data folder', 'paths.quarantineDir': 'Data folder', 'paths.importDir': 'Data folder',
};
