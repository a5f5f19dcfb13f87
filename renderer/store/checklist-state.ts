/**
 * A checklist being answered: the answers and, per item, who answered and when. Each answer
 * records its own person and time (an operator may confirm one item and a witness the next).
 */
import { missingRequired, toRecords, type ChecklistAnswers, type ChecklistTemplate } from '../../shared/checklist';
import type { ChecklistRecord } from '../../shared/format/manifest';

export interface ChecklistState {
  answers: ChecklistAnswers;
  /** Who answered each item and when (manifest timestamp). */
  meta: Record<string, { by: string; at: string }>;
}

export const EMPTY_CHECKLIST: ChecklistState = { answers: {}, meta: {} };

/** Sets one answer, stamped with the person and time. */
export function answerItem(state: ChecklistState, itemId: string, value: boolean | string, by: string, at: string): ChecklistState {
  return { answers: { ...state.answers, [itemId]: value }, meta: { ...state.meta, [itemId]: { by, at } } };
}

/** True when every required item is answered acceptably. */
export function isComplete(template: ChecklistTemplate | undefined, state: ChecklistState): boolean {
  return !!template && missingRequired(template, state.answers).length === 0;
}

/**
 * The answered items as manifest records, each with its own who and when. Throws (via toRecords)
 * when the checklist is incomplete, so an incomplete checklist is never recorded.
 */
export function checklistRecords(template: ChecklistTemplate, state: ChecklistState, fallbackWho: string, fallbackAt: string): ChecklistRecord[] {
  return toRecords(template, state.answers, fallbackWho, fallbackAt).map((r) => {
    const m = state.meta[r.itemId];
    return m ? { ...r, by: m.by, at: m.at } : r;
  });
}
