/**
 * `--scan [--clamav-db DIR | --clamd SOCKET]`, shared by `sluice pack` and `sluice import`: which
 * antivirus scanner to run, if any. ClamAV is the engine that ships (electron/engine/scan/).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClamAvScanner, DEFAULT_CLAMAV_DB, type Scanner } from '../engine/scan/index';
import { SluiceError } from '../engine/errors';
import { migrateSettings, scanPolicyOf, settingsSchema, type Settings } from '../../shared/settings';
import { UsageError } from './args';

/** The options as parseCommandArgs declares them. */
export const SCAN_OPTIONS = {
  scan: { type: 'boolean' },
  'clamav-db': { type: 'string' },
  clamd: { type: 'string' },
  'station-settings': { type: 'string' },
} as const;

/** Help text lines for the scan options (indent 2, as the commands' own). */
export const SCAN_HELP = `  --scan                   scan every file with ClamAV: clamscan with the signature folder
                           --clamav-db DIR (default ${DEFAULT_CLAMAV_DB}: the main.cvd, daily.cvd and
                           bytecode.cvd carried across from a station that runs freshclam), or
                           clamdscan through a running clamd's socket with --clamd SOCKET (the
                           signatures stay loaded: much faster). A scan that fails or cannot
                           finish is an error, never "clean"
  --clamav-db DIR          with --scan: ClamAV's signature folder
  --clamd SOCKET           with --scan: scan through clamd's local socket instead of clamscan
  --station-settings FILE  the station's settings (the app's settings.json; default
                           $SLUICE_HOME/settings.json when present): its antivirus policy applies.
                           "required": refused (exit 2) without --scan; --scan alone uses the
                           station's signature folder or clamd socket
`;

/** The scanner the options ask for, or null without --scan. Usage errors for misuse. */
export function scannerFromOptions(values: { scan?: boolean; 'clamav-db'?: string; clamd?: string }): Scanner | null {
  const db = values['clamav-db'];
  const clamd = values.clamd;
  if (!values.scan) {
    if (db !== undefined || clamd !== undefined) throw new UsageError(`--${db !== undefined ? 'clamav-db' : 'clamd'} needs --scan`);
    return null;
  }
  if (db !== undefined && clamd !== undefined) throw new UsageError('give --clamav-db DIR (clamscan) or --clamd SOCKET (clamd loads its own signatures), not both');
  if (db === '' || clamd === '') throw new UsageError(`--${db === '' ? 'clamav-db' : 'clamd'} needs a path`);
  return new ClamAvScanner(clamd !== undefined ? { clamdSocket: clamd } : { databaseDir: db ?? DEFAULT_CLAMAV_DB });
}

/** The station's settings named by --station-settings, else $SLUICE_HOME/settings.json when present, else null. */
export async function stationSettings(file: string | undefined, env: NodeJS.ProcessEnv): Promise<Settings | null> {
  const path = file ?? (env.SLUICE_HOME ? join(env.SLUICE_HOME, 'settings.json') : undefined);
  if (path === undefined) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (file === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SluiceError('bad-settings', `cannot read the station settings ${path}: ${(e as Error).message}. Name the app's settings.json with --station-settings FILE.`);
  }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new SluiceError('bad-settings', `the station settings ${path} are not valid JSON (${(e as Error).message}).`); }
  const parsed = settingsSchema.safeParse(migrateSettings(raw));
  if (!parsed.success) throw new SluiceError('bad-settings', `the station settings ${path} are not valid; fix them in the app (Settings).`, parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(root)', reason: i.message })));
  return parsed.data;
}

/**
 * The scanner for a pack or an import under the station's policy (the same rule main applies in
 * the app): 'required' refuses to run without --scan; --scan with neither --clamav-db nor --clamd
 * uses the station's signature folder or clamd socket; without station settings, as before.
 */
export async function stationScanner(values: { scan?: boolean; 'clamav-db'?: string; clamd?: string; 'station-settings'?: string }, env: NodeJS.ProcessEnv, what: string): Promise<Scanner | null> {
  const station = await stationSettings(values['station-settings'], env);
  const policy = station ? scanPolicyOf(station) : 'off';
  if (policy === 'required' && !values.scan) {
    throw new SluiceError('scan-required', `this station's antivirus policy is "required" (${values['station-settings'] ?? 'station settings'}): ${what} only with --scan. Nothing was done.`);
  }
  if (values.scan && station?.scan && values['clamav-db'] === undefined && values.clamd === undefined) {
    if (station.scan.clamdSocket) return new ClamAvScanner({ clamdSocket: station.scan.clamdSocket });
    if (station.scan.clamavDb) return new ClamAvScanner({ databaseDir: station.scan.clamavDb });
  }
  return scannerFromOptions(values);
}
