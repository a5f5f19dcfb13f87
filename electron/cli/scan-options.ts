/**
 * `--scan [--clamav-db DIR | --clamd SOCKET]`, shared by `sluice pack` and `sluice import`: which
 * antivirus scanner to run, if any. ClamAV is the engine that ships (electron/engine/scan/).
 */
import { ClamAvScanner, DEFAULT_CLAMAV_DB, type Scanner } from '../engine/scan/index';
import { UsageError } from './args';

/** The options as parseCommandArgs declares them. */
export const SCAN_OPTIONS = {
  scan: { type: 'boolean' },
  'clamav-db': { type: 'string' },
  clamd: { type: 'string' },
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
