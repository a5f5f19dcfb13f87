/**
 * The antivirus scan on paper: the export side's scan as the signed manifest records it (a row of
 * the transfer details, so it is on the manifest, the receipt and the rejection report), and the
 * import side's scan of the staged files (its own table on the receipt and the rejection report,
 * every finding by file and signature).
 */
import type { Manifest } from '../format/manifest';
import { detailsTable, mono, pathValue, prose } from './sections';
import type { Table } from './paginate';
import { displaySafe } from '../format/display-text';

/** The import side's scan of the staged files, as printed (strings already escaped by main). */
export interface ImportScanPaper {
  engine: string;
  engineVersion: string;
  database: string;
  filesScanned: number;
  verdict: 'clean' | 'found';
  findings: readonly { path: string; signature: string }[];
}

/** "clean — 12 files, ClamAV 1.4.6, daily 27456 (…)", "NOT SCANNED", or "not recorded" (an older manifest). */
export function manifestScanText(m: Manifest): string {
  const s = m.scan;
  if (!s) return 'not recorded (manifest written before scanning existed)';
  if (s.verdict !== 'clean') return 'NOT SCANNED before packing';
  return `clean — ${s.filesScanned} file${s.filesScanned === 1 ? '' : 's'} scanned by ${s.engine} ${s.engineVersion}; signatures: ${s.database.description}`;
}

/** The staged files' scan: engine, signatures, files, verdict, and each finding. */
export function importScanTable(scan: ImportScanPaper): Table {
  const n = scan.findings.length;
  return detailsTable('Antivirus scan of the staged files', [
    ['Verdict', mono(scan.verdict === 'clean' ? 'CLEAN' : `FOUND — ${n} infected file${n === 1 ? '' : 's'}`)],
    ['Engine', prose(`${scan.engine} ${scan.engineVersion}`)],
    ['Signatures', prose(scan.database)],
    ['Files scanned', mono(String(scan.filesScanned))],
    ...scan.findings.map((f) => ['Infected file', pathValue(`${f.path} — signature ${f.signature}`)] as const),
  ]);
}

/**
 * A ledger entry's `data.scan` (transfer.imported / transfer.rejected, scanLedgerData's shape) as
 * the paper prints it, or undefined when absent or malformed (a hand-edited ledger prints no scan
 * rather than a wrong one). Strings are escaped for display.
 */
export function scanPaperFromLedger(raw: unknown): ImportScanPaper | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const db = o.database as Record<string, unknown> | undefined;
  const findings = Array.isArray(o.findings) ? o.findings : [];
  if (typeof o.engine !== 'string' || typeof o.engineVersion !== 'string' || typeof db?.description !== 'string'
    || typeof o.filesScanned !== 'number' || (o.verdict !== 'clean' && o.verdict !== 'found')) return undefined;
  const list = findings.filter((f): f is { path: string; signature: string } => !!f && typeof (f as { path?: unknown }).path === 'string' && typeof (f as { signature?: unknown }).signature === 'string');
  if (list.length !== findings.length || (o.verdict === 'found') !== (list.length > 0)) return undefined;
  return {
    engine: displaySafe(o.engine, { max: 64 }), engineVersion: displaySafe(o.engineVersion, { max: 64 }), database: displaySafe(db.description, { max: 500 }),
    filesScanned: o.filesScanned, verdict: o.verdict,
    findings: list.map((f) => ({ path: displaySafe(f.path, { max: 300 }), signature: displaySafe(f.signature, { max: 200 }) })),
  };
}
