/**
 * The antivirus scan on paper: the export side's scan as the signed manifest records it (a row of
 * the transfer details, so it is on the manifest, the receipt and the rejection report), and the
 * import side's scan of the staged files (its own table on the receipt and the rejection report,
 * every finding by file and signature).
 */
import type { Manifest } from '../format/manifest';
import { detailsTable, mono, pathValue, prose } from './sections';
import type { Table } from './paginate';

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
