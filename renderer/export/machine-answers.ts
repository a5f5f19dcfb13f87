/**
 * The one way the before-packing form takes the machine's answers (items with `answeredBy`): while
 * the machine answers an item, its answer is stamped with the machine's `by` (ending in
 * "(machine)", which the form shows read-only); once it no longer does, the stamp is cleared and
 * the item is the person's again — never kept as if the person had given it. Main decides again
 * at job:start; this only keeps the screen honest.
 */
import { useEffect } from 'react';
import type { ChecklistItem, ChecklistTemplate } from '../../shared/checklist';
import type { MachineAnswers } from '../../shared/checklist-policy';
import { useApp } from '../store/store';

/** Keeps the export-pre answers of `kind` items in step with `machine` (memoise it: it is an effect dependency). */
export function useMachineAnswers(template: ChecklistTemplate | undefined, kind: NonNullable<ChecklistItem['answeredBy']>, machine: MachineAnswers): void {
  const answer = useApp((s) => s.answerPre);
  const meta = useApp((s) => s.preChecklist.meta);
  useEffect(() => {
    if (!template) return;
    for (const item of template.items) {
      if (item.answeredBy !== kind) continue;
      const m = machine[item.id];
      if (m && meta[item.id]?.by !== m.by) answer(item.id, m.value, m.by);
      if (!m && meta[item.id]?.by.endsWith('(machine)')) answer(item.id, item.kind === 'confirm' ? false : '', '');
    }
  }, [template, kind, machine, meta, answer]);
}
