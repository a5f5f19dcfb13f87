/**
 * The print renderer: manifests and reports → self-contained HTML documents with explicit pages,
 * used by the app (printed or saved as PDF by Electron) and by the CLI (PDF through Chromium).
 */
export { renderTransferManifest, type TransferManifestInput } from './transfer-manifest';
export { renderImportReceipt, renderRejectionReport, UNVERIFIED_BANNER, type ImportDecision, type ImportReceiptInput, type RejectionReportInput } from './receipt';
export { escapeHtml, pathHtml } from './escape';
export type { ImportChecklist } from './trail';
export { qrMatrix, qrSvg } from './qr';
export { DOCUMENT_CSP } from './document';
export type { Paper } from './layout';
export type { MediaInfo } from './tables';
export type { SignerInfo } from './sections';
