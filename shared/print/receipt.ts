/**
 * The import side's paper: the import receipt (what was verified, who decided, where it went and
 * which ledger entry records it) and the rejection report (every failure, for the incident record).
 */
import type { ImportReport, VerifyReport } from '../format/report';
import { renderDocument } from './document';
import type { Paper } from './layout';
import type { Block, Flow } from './paginate';
import { detailsTable, digestBlock, mono, pathValue, prose, signatureBlock, titleBlock } from './sections';
import { checksTable, failuresTable } from './tables';
import { blocksTable, cosignersTable, importChecklistTable, sealTable, type ImportChecklist } from './trail';
import { transferDetails } from './transfer-manifest';
import { HEADING_MM } from './layout';
import { importScanTable, type ImportScanPaper } from './scan';

/** The officer's decision on a verified transfer. */
export interface ImportDecision {
  officer: string;
  decision: 'approved' | 'rejected';
  reason: string;
  /** UTC timestamp of the decision. */
  at: string;
}

/** What `renderImportReceipt` prints. */
export interface ImportReceiptInput {
  report: ImportReport;
  decision: ImportDecision;
  /** The ledger entry recording the import: the anchored head. */
  ledger: { seq: number; hash: string };
  /** The importing station's network id. */
  station: string;
  paper?: Paper;
  /** The import checklist as evaluated for the decision (ledger `checklist.completed`, stage 'import'). */
  checklist?: ImportChecklist;
  /** The antivirus scan of the staged files, when the station scanned them. */
  scan?: ImportScanPaper;
}

/** What `renderRejectionReport` prints. */
export interface RejectionReportInput {
  report: VerifyReport;
  station: string;
  officer?: string;
  /** The officer's reason, when the officer (not a failed check) rejected the package. */
  reason?: string;
  paper?: Paper;
  /** The import checklist, when the officer got as far as answering it (blocking answers included). */
  checklist?: ImportChecklist;
  /** The antivirus scan of the staged files, with every finding, when the station scanned them. */
  scan?: ImportScanPaper;
}

/** Banner when no verified manifest says what the classification is. */
export const UNVERIFIED_BANNER = 'CLASSIFICATION NOT VERIFIED — HANDLE AT THE HIGHEST LEVEL';

/**
 * A secure-side document (receipt or rejection report): officer and witness signature lines, the
 * verified classification as the banner (or the unverified warning), reference and footer.
 */
function securitySideDocument(title: string, r: VerifyReport, paper: Paper | undefined, flow: Flow[]): string {
  flow.push(signatureBlock(['Security officer', 'Witness']));
  return renderDocument({ title, banner: r.manifest?.classification ?? UNVERIFIED_BANNER, reference: reference(r), footer: footer(r), paper: paper ?? 'A4', flow });
}

function reference(report: VerifyReport): string {
  const m = report.manifest;
  if (m) return `${m.transferId} · seq ${m.sequence} · ${m.source} → ${m.destination}`;
  return report.transferId ? `${report.transferId} (unverified)` : 'unidentified package';
}

function footer(report: VerifyReport): string {
  return report.manifestSha256 ? `manifest SHA-256 ${report.manifestSha256.slice(0, 16)}…` : 'manifest signature not verified';
}

/**
 * The witness named in the import checklist (the default template's `witness` item), for the
 * decision table; a station's own template may name it otherwise, and then it is in the checklist only.
 */
function witnessOf(checklist: ImportChecklist | undefined): string | null {
  const record = checklist?.records.find((r) => r.itemId === 'witness' && typeof r.value === 'string');
  return record ? String(record.value) : null;
}

function decisionBlock(d: ImportDecision): Block {
  const word = d.decision === 'approved' ? 'APPROVED' : 'REJECTED';
  return { kind: 'block', html: `<h2>Decision</h2><p class="decision">${word}</p>`, height: HEADING_MM + 7 };
}

/** The import receipt: header, every check with its result, the decision, destination and ledger entry. */
export function renderImportReceipt(input: ImportReceiptInput): string {
  const r = input.report;
  const flow: Flow[] = [titleBlock('Import receipt', `Checked at ${r.checkedAt} on station ${input.station}. Verification ${r.ok ? 'PASSED' : 'FAILED'}.`)];
  if (r.manifest) flow.push(transferDetails(r.manifest));
  flow.push(
    digestBlock(r.signer, r.manifestSha256),
    checksTable(r.checks),
    cosignersTable(r.cosigners, r.witnessesRequired),
    sealTable(r.manifest, input.checklist),
    importChecklistTable(input.checklist),
  );
  if (input.scan) flow.push(importScanTable(input.scan));
  if (input.checklist?.blocks.length) flow.push(blocksTable(input.checklist.blocks));
  const witness = witnessOf(input.checklist);
  flow.push(
    decisionBlock(input.decision),
    detailsTable('Decision and record', [
      ['Officer', prose(input.decision.officer)],
      ...(witness ? [['Witness', prose(witness)] as const] : []),
      ['Decision', mono(input.decision.decision === 'approved' ? 'APPROVED' : 'REJECTED')],
      ['Reason', prose(input.decision.reason)],
      ['Decided at (UTC)', mono(input.decision.at)],
      ['Station', mono(input.station)],
      ['Imported to', r.imported ? pathValue(r.imported.path) : mono('not imported')],
      ['Ledger entry', mono(String(input.ledger.seq))],
      ['Ledger entry hash', mono(input.ledger.hash)],
      ['Ledger head', mono(`${input.ledger.seq}:${input.ledger.hash}`)],
    ]),
  );
  if (r.failures.length > 0) flow.push(failuresTable(r.failures));
  return securitySideDocument('Import receipt', r, input.paper, flow);
}

/** The rejection report: what failed and where, every Failure line, for the incident record. */
export function renderRejectionReport(input: RejectionReportInput): string {
  const r = input.report;
  const failed = r.failures.length;
  const verdict = failed > 0 ? `REJECTED — ${failed} failure${failed === 1 ? '' : 's'}` : 'REJECTED BY THE SECURITY OFFICER';
  const summary: Block = { kind: 'block', html: `<p class="decision">${verdict}</p>`, height: 7 };
  const flow: Flow[] = [
    titleBlock('Rejection report', `Checked at ${r.checkedAt} on station ${input.station}. This package was NOT imported. Keep this report with the incident record and the media.`),
    summary,
    detailsTable('Package', [
      ['Package directory', pathValue(r.packageDir)],
      ['Transfer id', mono(r.manifest ? r.manifest.transferId : r.transferId ? `${r.transferId} (as claimed, not verified)` : 'unknown')],
      ['Station', mono(input.station)],
      ['Officer', prose(input.officer ?? '')],
      ...(input.reason !== undefined ? [['Officer\'s reason', prose(input.reason)] as const] : []),
      ['Checked at (UTC)', mono(r.checkedAt)],
      ['Trusted comment', mono(r.trustedComment ?? 'not verified')],
    ]),
  ];
  if (r.manifest) flow.push(transferDetails(r.manifest));
  flow.push(digestBlock(r.signer, r.manifestSha256), failuresTable(r.failures), checksTable(r.checks));
  if (input.scan) flow.push(importScanTable(input.scan));
  // As far as it got: co-signatures when the verifier judged them, the checklist when one was answered.
  if (r.cosigners !== undefined) flow.push(cosignersTable(r.cosigners, r.witnessesRequired));
  if (input.checklist) {
    flow.push(sealTable(r.manifest, input.checklist), importChecklistTable(input.checklist));
    if (input.checklist.blocks.length) flow.push(blocksTable(input.checklist.blocks));
  }
  const failedFiles = r.files.filter((f) => f.status === 'fail');
  if (failedFiles.length > 0) {
    flow.push(detailsTable(`Files that failed (${failedFiles.length})`, failedFiles.map((f) => [f.type === 'dir' ? 'Directory' : 'File', pathValue(`${f.path} — ${f.reason ?? 'failed'}`)] as const)));
  }
  return securitySideDocument('Rejection report', r, input.paper, flow);
}
