/**
 * The checklist templates a station uses: the shipped defaults (resources/checklists/<stage>.json),
 * each replaced by the station's override from the settings when there is one. Defaults are
 * validated when read: a broken shipped template is a build defect, reported loudly.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKLIST_STAGES, checklistTemplateSchema, type ChecklistStage, type ChecklistTemplate } from '../../../shared/checklist';
import type { Settings } from '../../../shared/settings';
import { SluiceError } from '../errors';

/** Reads and validates the default template of every stage from `dir`. */
export async function loadDefaultTemplates(dir: string): Promise<Record<ChecklistStage, ChecklistTemplate>> {
  const out = {} as Record<ChecklistStage, ChecklistTemplate>;
  for (const stage of CHECKLIST_STAGES) {
    const file = join(dir, `${stage}.json`);
    const parsed = checklistTemplateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new SluiceError('bad-checklist', `the default checklist ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (parsed.data.stage !== stage) throw new SluiceError('bad-checklist', `${file} is for stage "${parsed.data.stage}", expected "${stage}"`);
    out[stage] = parsed.data;
  }
  return out;
}

/** The templates in force: the station's overrides where set, the defaults elsewhere. */
export function effectiveTemplates(defaults: Record<ChecklistStage, ChecklistTemplate>, settings: Settings | null): Record<ChecklistStage, ChecklistTemplate> {
  const out = { ...defaults };
  for (const stage of CHECKLIST_STAGES) {
    const override = settings?.checklists[stage];
    if (override) out[stage] = override;
  }
  return out;
}
