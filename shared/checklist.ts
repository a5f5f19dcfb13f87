/**
 * Station checklists: what a person confirms, types or chooses before and after packing and before
 * an import. Templates are data (resources/checklists/*.json, overridable per station in the
 * settings); the answers become `ChecklistRecord`s, and export answers go into the signed manifest's
 * `checklist`, so the paper trail travels with the transfer.
 */
import { z } from 'zod';
import { TIMESTAMP_PATTERN, type ChecklistRecord } from './format/manifest';
import { NO_FORBIDDEN_CHARS, textProblem } from './format/text-rules';

/** When a checklist is run: before packing, after writing media, or before an import decision. */
export const checklistStageSchema = z.enum(['export-pre', 'export-post', 'import']);
export type ChecklistStage = z.infer<typeof checklistStageSchema>;
export const CHECKLIST_STAGES: readonly ChecklistStage[] = checklistStageSchema.options;

/** The template format identifier. */
export const CHECKLIST_TEMPLATE_VERSION = 'sluice-checklist/1';

// Same rules as the manifest's free text: bounded, no control characters.
const text = (max: number) => z.string().min(1).max(max).regex(NO_FORBIDDEN_CHARS, 'contains a control or invisible character');
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'item ids are lowercase letters, digits and hyphens');

const itemBase = {
  id: itemId,
  label: text(500),
  /** A longer explanation shown under the label. */
  help: text(2000).optional(),
  required: z.boolean(),
  /**
   * Answered by the machine, not by a person, when the station's policy runs that check:
   * 'antivirus' — the scan (station scan policy 'required', or a scan that ran). The person's
   * answer to such an item is then ignored; main fills it from the scan result.
   * 'vendor-checksums' — when the sources carry vendor checksum files the pack can check
   * (shared/checklist-vendor.ts); otherwise the person answers.
   */
  answeredBy: z.enum(['antivirus', 'vendor-checksums']).optional(),
};

const confirmItem = z.strictObject({ ...itemBase, kind: z.literal('confirm') });
/**
 * Signed manifest fields a text answer can be required to equal (compared in main, typed blind).
 * `seal`: the number of the tamper-evident bag, signed into the manifest before packing.
 */
export const MATCHABLE_FIELDS = ['seal', 'transferId'] as const;
export type MatchableField = (typeof MATCHABLE_FIELDS)[number];

const textItem = z.strictObject({
  ...itemBase,
  kind: z.literal('text'),
  /** A regular expression (anchored by the checker) the answer must match, e.g. a seal number format. */
  pattern: z.string().max(500).optional(),
  /** What the pattern means, for a person: "six digits". */
  patternHint: text(200).optional(),
  placeholder: text(200).optional(),
  /**
   * Consequence: the answer must equal this signed manifest field (trimmed, case-insensitive). The
   * expected value is not shown before the comparison; a mismatch blocks approval.
   */
  mustMatch: z.enum(MATCHABLE_FIELDS).optional(),
  /**
   * Consequence: the answer names a person (a witness) who must not be the person answering the
   * checklist (the operator or officer). Compared trimmed and case-insensitively.
   */
  otherPerson: z.literal(true).optional(),
});
const choiceItem = z.strictObject({
  ...itemBase,
  kind: z.literal('choice'),
  options: z.array(text(200)).min(2).max(50),
  /**
   * Consequence: choosing one of these options blocks approval — the only decision left is
   * Reject, and the rejection reason is pre-filled from the answer. Each must be one of `options`.
   */
  blocksApproval: z.array(text(200)).min(1).max(50).optional(),
});

export const checklistItemSchema = z.discriminatedUnion('kind', [confirmItem, textItem, choiceItem]);
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/** A checklist template. Item ids are unique and every pattern compiles. */
export const checklistTemplateSchema = z
  .strictObject({
    template: z.literal(CHECKLIST_TEMPLATE_VERSION),
    stage: checklistStageSchema,
    title: text(200),
    items: z.array(checklistItemSchema).min(1).max(100),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
      seen.add(item.id);
      if (item.kind === 'text' && item.pattern !== undefined && compilePattern(item.pattern) === null) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'pattern'], message: `pattern of "${item.id}" is not a valid regular expression` });
      }
      if (item.kind === 'choice' && new Set(item.options).size !== item.options.length) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'options'], message: `options of "${item.id}" repeat` });
      }
      if (item.kind === 'choice') {
        for (const b of item.blocksApproval ?? []) {
          if (!item.options.includes(b)) ctx.addIssue({ code: 'custom', path: ['items', i, 'blocksApproval'], message: `blocksApproval of "${item.id}" names "${b}", which is not one of its options` });
        }
      }
      if (item.kind === 'text' && item.mustMatch && item.otherPerson) {
        ctx.addIssue({ code: 'custom', path: ['items', i], message: `"${item.id}" cannot both match a manifest field and name another person` });
      }
    });
  });
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;

/** Answers by item id: true/false for confirm items, the text or chosen option otherwise. */
export const checklistAnswersSchema = z.record(itemId, z.union([z.boolean(), z.string().max(2000)]));
export type ChecklistAnswers = z.infer<typeof checklistAnswersSchema>;

function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

/** Why one item's answer is not acceptable, or null when it is (an unanswered optional item is acceptable). */
export function answerProblem(item: ChecklistItem, answer: boolean | string | undefined): string | null {
  const blank = answer === undefined || answer === false || (typeof answer === 'string' && answer.trim() === '');
  if (blank) return item.required ? (item.kind === 'confirm' ? 'must be confirmed' : 'is required') : null;
  switch (item.kind) {
    case 'confirm':
      return answer === true ? null : 'must be confirmed (yes or no)';
    case 'text': {
      if (typeof answer !== 'string') return 'must be text';
      if (textProblem(answer)) return `contains a ${textProblem(answer)}`;
      const re = item.pattern === undefined ? null : compilePattern(item.pattern);
      if (re && !re.test(answer.trim())) return `does not match the expected format${item.patternHint ? ` (${item.patternHint})` : ''}`;
      return null;
    }
    case 'choice':
      return typeof answer === 'string' && item.options.includes(answer) ? null : 'is not one of the options';
  }
}

/**
 * The items that stop a checklist from being complete, with the reason for each: required items
 * left blank or unconfirmed, and answers that break their item's pattern or options.
 */
export function missingRequired(template: ChecklistTemplate, answers: ChecklistAnswers): { itemId: string; label: string; reason: string }[] {
  const out: { itemId: string; label: string; reason: string }[] = [];
  for (const item of template.items) {
    const reason = answerProblem(item, answers[item.id]);
    if (reason) out.push({ itemId: item.id, label: item.label, reason });
  }
  return out;
}

/**
 * The answered items as records for the manifest and the ledger, in template order. `who` is the
 * person who answered; `when` a manifest timestamp (YYYY-MM-DDTHH:MM:SSZ). Throws when the
 * checklist is incomplete: an incomplete checklist must never be recorded as if it were done.
 */
export function toRecords(template: ChecklistTemplate, answers: ChecklistAnswers, who: string, when: string): ChecklistRecord[] {
  const missing = missingRequired(template, answers);
  if (missing.length) throw new Error(`checklist "${template.title}" is incomplete: ${missing.map((m) => `${m.label} ${m.reason}`).join('; ')}`);
  if (!TIMESTAMP_PATTERN.test(when)) throw new Error(`checklist time "${when}" is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)`);
  if (who.trim() === '') throw new Error('a checklist record needs the name of the person who answered it');
  const records: ChecklistRecord[] = [];
  for (const item of template.items) {
    const answer = answers[item.id];
    if (answer === undefined || (typeof answer === 'string' && answer.trim() === '')) continue;
    const value = item.kind === 'confirm' ? answer === true : String(answer).trim();
    records.push({ stage: template.stage, itemId: item.id, label: item.label, kind: item.kind, value, by: who.trim(), at: when });
  }
  return records;
}
