/**
 * The custody ledger (docs/FORMAT.md, "The custody ledger"): an append-only file of JSON lines,
 * each carrying the SHA-256 of the line before, so any edit, removal, insertion or reordering is
 * found by `verifyLedger`, and cutting lines off the end is found against an anchored head.
 */
export { withLedger, appendEvent, readLedger, primeFold, type AppendedLine, type LedgerTransaction, type LedgerOptions, type LedgerFold } from './ledger';
export { anchorFilePath } from './anchor';
export { repairLedger, type LedgerRepair, type RepairOptions } from './repair';
export { verifyLedger, inspectLedger, type LedgerVerification, type LedgerInspection, type VerifyLedgerOptions } from './verify';
export { exportLedger, renderLedgerExport, csvField, CSV_COLUMNS, type LedgerExportFormat, type ExportLine } from './export';
export { hashLine, formatLedgerTime } from './line';
export type { BadLine } from './chain';
export { headFilePath } from './head-file';
export { findEntries, formatHead, parseHead } from '../../../shared/ledger-events';
export type { LedgerEntry, LedgerEventInput, LedgerEventType, LedgerEventData, LedgerQuery } from '../../../shared/ledger-events';
