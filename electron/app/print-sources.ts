/**
 * What main keeps so a window can print an import's paper after the fact: the committed import
 * report with the officer's decision and ledger entry (receipt), or the report of an import that
 * was rejected (rejection report). Kept per window, by the staging id or the failed job's id the
 * window already knows — the renderer names a reference, never a report, HTML or path.
 */
import type { ImportReport, VerifyReport } from '../../shared/format/report';
import type { ImportDecision } from '../../shared/print/index';
import type { ChecklistRecord } from '../../shared/format/manifest';
import type { ChecklistBlock, ChecklistMatch } from '../../shared/checklist-policy';
import type { ImportScanPaper } from '../../shared/print/scan';

/** The import checklist as main evaluated and recorded it, for the receipt or rejection report. */
export interface ImportChecklistPaper {
  records: ChecklistRecord[];
  /** Typed answers compared with the signed manifest (the seal), with the signed value. */
  matches: ChecklistMatch[];
  /** Answers that blocked approval (their reasons led to the rejection). */
  blocks: ChecklistBlock[];
}

/** An approved and committed import, ready for its receipt. */
export interface ReceiptSource {
  transferId: string;
  report: ImportReport;
  decision: ImportDecision;
  ledger: { seq: number; hash: string };
  station: string;
  /** The import checklist answered before the decision. */
  checklist?: ImportChecklistPaper;
  /** The staged files' antivirus scan. */
  scan?: ImportScanPaper;
}

/** A rejected import (by the officer or by the verifier), ready for its rejection report. */
export interface RejectionSource {
  /** The transfer id the signature vouched for, or null for an unidentified package. */
  transferId: string | null;
  report: VerifyReport;
  station: string;
  officer?: string;
  /** The officer's reason when the officer rejected a package that verified. */
  reason?: string;
  /** The import checklist, when the officer rejected after answering it. */
  checklist?: ImportChecklistPaper;
  /** The staged files' antivirus scan (its findings, when they led to the rejection). */
  scan?: ImportScanPaper;
}

/** Receipts and rejections by reference, each visible only to the window that made it. */
export class PrintSources {
  private readonly receipts = new Map<string, { source: ReceiptSource; windowId: number }>();
  private readonly rejections = new Map<string, { source: RejectionSource; windowId: number }>();
  addReceipt(ref: string, windowId: number, source: ReceiptSource): void {
    put(this.receipts, ref, { source, windowId });
  }

  addRejection(ref: string, windowId: number, source: RejectionSource): void {
    put(this.rejections, ref, { source, windowId });
  }

  receipt(ref: string, windowId: number): ReceiptSource | null {
    const e = this.receipts.get(ref);
    return e && e.windowId === windowId ? e.source : null;
  }

  rejection(ref: string, windowId: number): RejectionSource | null {
    const e = this.rejections.get(ref);
    return e && e.windowId === windowId ? e.source : null;
  }
}

/** Oldest references are dropped past this many, so a long session does not grow without bound. */
const LIMIT = 200;

function put<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > LIMIT) map.delete(map.keys().next().value as string);
}
