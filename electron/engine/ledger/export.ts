/**
 * `exportLedger`: a ledger as CSV (for spreadsheets and auditors) or as JSON lines with each
 * line's hash added. Exports only a ledger that verifies (chain and head file, as verifyLedger):
 * an export is evidence, and evidence from a broken chain would look as good as any other once it
 * is in a spreadsheet.
 */
import { stat } from 'node:fs/promises';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { SluiceError } from '../errors';
import { inspectLedger } from './verify';

/** A checked line as the exporter needs it. */
export interface ExportLine {
  entry: LedgerEntry;
  hash: string;
  /** The line's exact text, without the newline. */
  text: string;
}

/** Export formats. */
export type LedgerExportFormat = 'csv' | 'jsonl';

/** The CSV header row, in column order. */
export const CSV_COLUMNS = ['seq', 'time', 'event', 'station', 'actor', 'transferId', 'data', 'prev', 'hash'] as const;

/**
 * Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection, OWASP):
 * = + - @, and tab / carriage return, which some spreadsheets strip before looking. A cell starting
 * with one of them gets a leading single quote, which spreadsheets show as text. A cell that
 * already starts with a single quote gets one too, so the rule reverses exactly: drop one leading
 * quote from any cell that has one.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/** One CSV field: defused, then quoted (RFC 4180) when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** One CSV record for an entry (no line break). */
function csvRecord(entry: LedgerEntry, hash: string): string {
  const cells = [
    String(entry.seq),
    entry.time,
    entry.event,
    entry.station,
    entry.actor,
    entry.transferId ?? '',
    JSON.stringify(entry.data),
    entry.prev,
    hash,
  ];
  return cells.map(csvField).join(',');
}

/** Renders checked lines: CSV with CRLF record ends (RFC 4180), or JSON lines each with `hash` added. */
export function renderLedgerExport(lines: readonly ExportLine[], format: LedgerExportFormat): string {
  if (format === 'csv') {
    const rows = [CSV_COLUMNS.join(','), ...lines.map((l) => csvRecord(l.entry, l.hash))];
    return `${rows.join('\r\n')}\r\n`;
  }
  // The line's own text minus its closing brace, so its bytes (and so its hash) stay recognisable.
  return lines.map((l) => `${l.text.slice(0, -1)},"hash":"${l.hash}"}\n`).join('');
}

/**
 * Exports `file` as CSV or JSON lines. Throws SluiceError 'ledger-missing' when there is no such
 * file, 'ledger-broken' naming the first bad line when it does not verify (against its head file
 * too, when present).
 */
export async function exportLedger(file: string, format: LedgerExportFormat): Promise<string> {
  try {
    await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SluiceError('ledger-missing', `There is no ledger at ${file}.`);
    throw e;
  }
  const { verification, lines } = await inspectLedger(file);
  if (verification.firstBad) {
    const { line, reason } = verification.firstBad;
    throw new SluiceError('ledger-broken', `The ledger ${file} does not verify at line ${line}: ${reason}. It was not exported.`, [
      { path: `${file}:${line}`, reason },
    ]);
  }
  return renderLedgerExport(lines, format);
}
