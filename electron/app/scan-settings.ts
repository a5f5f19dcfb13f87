/**
 * The station's antivirus settings as main uses them: which scanner a pack or an import runs (plain
 * options a job process can be handed), whether the policy demands one, and what the engine and
 * its signatures are right now (a scan of nothing: it proves the engine runs and the signature
 * folder holds signatures, in a second or so with clamscan).
 */
import { scanPolicyOf, type ScanPolicy, type Settings } from '../../shared/settings';
import type { ScanResultView, ScanStatusView } from '../../shared/ipc/views';
import { displaySafe } from '../../shared/format/display-text';
import { ClamAvScanner, type ClamAvOptions, type ScanOutcome } from '../engine/scan/index';
import { SluiceError } from '../engine/errors';

/** The scanner options of these settings, or null when no scanner is configured (policy off, or nothing chosen). */
export function scannerOptions(s: Pick<Settings, 'scan'>): ClamAvOptions | null {
  const scan = s.scan;
  if (!scan || scan.policy === 'off') return null;
  if (scan.clamdSocket) return { clamdSocket: scan.clamdSocket };
  if (scan.clamavDb) return { databaseDir: scan.clamavDb };
  return null;
}

/**
 * Whether this pack or import is scanned: 'required' always (refused when no scanner is
 * configured), 'optional' when asked (`wanted`, default: when a scanner is configured), 'off' never.
 */
export function scanDecision(s: Pick<Settings, 'scan'>, wanted?: boolean): ClamAvOptions | null {
  const policy = scanPolicyOf(s);
  const options = scannerOptions(s);
  if (policy === 'required' && !options) {
    throw new SluiceError('scan-not-configured', 'This station requires an antivirus scan, but no ClamAV signature folder or clamd socket is chosen. Choose one in Settings → Antivirus, then try again.');
  }
  if (policy === 'off') {
    if (wanted) throw new SluiceError('scan-off', 'Antivirus scanning is off on this station. Turn it on in Settings → Antivirus to scan.');
    return null;
  }
  if (policy === 'optional' && wanted === false) return null;
  if (policy === 'optional' && wanted && !options) {
    throw new SluiceError('scan-not-configured', 'No ClamAV signature folder or clamd socket is chosen. Choose one in Settings → Antivirus, or pack without a scan.');
  }
  return options;
}

/** Engine, version and signatures of `options` (throws the scanner's clear environment error: missing engine, database or clamd). */
export async function probeScanner(options: ClamAvOptions, signal?: AbortSignal): Promise<ScanOutcome> {
  return new ClamAvScanner(options).scanFiles([], signal ? { signal } : {});
}

/** "ClamAV 1.4.6 (machine)": who answers a machine-answered checklist item. */
export function machineBy(outcome: Pick<ScanOutcome, 'engine' | 'engineVersion'>): string {
  return `${outcome.engine} ${outcome.engineVersion} (machine)`.slice(0, 200);
}

/** The Settings → Antivirus view: the policy, the chosen scanner, and whether it works now. */
export async function scanStatus(s: Pick<Settings, 'scan'>): Promise<ScanStatusView> {
  const policy: ScanPolicy = scanPolicyOf(s);
  const base = {
    policy,
    clamavDb: s.scan?.clamavDb ?? null,
    clamdSocket: s.scan?.clamdSocket ?? null,
  };
  const options = s.scan?.clamdSocket ? { clamdSocket: s.scan.clamdSocket } : s.scan?.clamavDb ? { databaseDir: s.scan.clamavDb } : null;
  if (!options) return { ...base, engine: null, problem: policy === 'off' ? null : 'No ClamAV signature folder or clamd socket is chosen.' };
  try {
    const o = await probeScanner(options);
    return { ...base, engine: { engine: o.engine, engineVersion: o.engineVersion, database: o.database.description, ...(o.database.version ? { databaseVersion: o.database.version } : {}) }, problem: null };
  } catch (e) {
    if (e instanceof SluiceError) return { ...base, engine: null, problem: e.message };
    throw e;
  }
}

/** A scan outcome for the screens: every string escaped (ClamAV's output and entry paths are shown, never trusted). */
export function scanResultView(o: ScanOutcome): ScanResultView {
  return {
    engine: displaySafe(o.engine, { max: 64 }), engineVersion: displaySafe(o.engineVersion, { max: 64 }),
    database: displaySafe(o.database.description, { max: 500 }),
    ...(o.database.version !== undefined ? { databaseVersion: displaySafe(o.database.version, { max: 64 }) } : {}),
    filesScanned: o.filesScanned, verdict: o.verdict,
    findings: o.findings.map((f) => ({ path: displaySafe(f.path, { max: 300 }), signature: displaySafe(f.signature, { max: 200 }) })),
  };
}
