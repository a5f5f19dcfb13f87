/**
 * Checklist answers with consequences: the one evaluation of a checklist against its template that
 * main (the IPC handlers), the CLI and the renderer all run. The renderer uses it only to guide the
 * person; what counts is the same function run in main or the CLI on the answers as sent, so a
 * renderer that ignores it cannot approve what the policy refuses.
 *
 * Consequences a template item can declare (shared/checklist.ts):
 * - a choice option in `blocksApproval` → the checklist is complete but approval is blocked (at
 *   `import`: only Reject is left, reason pre-filled; at `export-pre`: packing is refused);
 * - a text item with `mustMatch: <field>` → compared with the signed manifest's field; a mismatch
 *   blocks approval like a blocking answer. When the manifest has no such field the item is not
 *   asked for (nothing to compare with) and an answer given anyway is recorded unmatched;
 * - a text item with `otherPerson` → the named person must not be the one answering; otherwise the
 *   checklist is not acceptable at all (a problem, like a missing required answer).
 */
import type { ChecklistRecord } from './format/manifest';
import { TIMESTAMP_PATTERN } from './format/manifest';
import { answerProblem, type ChecklistAnswers, type ChecklistItem, type ChecklistTemplate, type MatchableField } from './checklist';

/** What the evaluation needs to know besides the answers. */
export interface PolicyContext {
  /** The person answering: the operator (export) or the officer (import). */
  by: string;
  /** The signed manifest's matchable fields; null when there is none (export-pre, before packing). */
  manifest: Partial<Record<MatchableField, string>> | null;
  /**
   * Answers the machine gives (items with `answeredBy`): they replace whatever the person sent for
   * that item, and are recorded with the machine's `by` (e.g. "ClamAV 1.4.6 (machine)").
   */
  machine?: MachineAnswers;
}

/** Answers by item id that the machine gave, each with who gave it. */
export type MachineAnswers = Record<string, { value: boolean | string; by: string }>;

/**
 * The machine's answers to a template's `answeredBy: 'antivirus'` items for a scan verdict: a
 * confirm item is confirmed only when clean; a choice item gets its first non-blocking option when
 * clean and its first blocking option when something was found (no blocking option: left blank,
 * which a required item then reports as a problem — never a clean answer for a finding).
 */
export function antivirusAnswers(template: ChecklistTemplate, verdict: 'clean' | 'found', by: string): MachineAnswers {
  const out: MachineAnswers = {};
  for (const item of template.items) {
    if (item.answeredBy !== 'antivirus') continue;
    if (item.kind === 'confirm') out[item.id] = { value: verdict === 'clean', by };
    else if (item.kind === 'choice') {
      const blocking = item.blocksApproval ?? [];
      const value = verdict === 'clean' ? item.options.find((o) => !blocking.includes(o)) : blocking[0];
      if (value !== undefined) out[item.id] = { value, by };
    }
  }
  return out;
}

/** The answers with the machine's answers in place of the person's. */
export function withMachineAnswers(answers: ChecklistAnswers, machine: MachineAnswers | undefined): ChecklistAnswers {
  if (!machine) return answers;
  const out: ChecklistAnswers = { ...answers };
  for (const [id, a] of Object.entries(machine)) out[id] = a.value;
  return out;
}

/** An item whose answer is not acceptable: blank and required, malformed, or naming the wrong person. */
export interface ChecklistProblem {
  itemId: string;
  label: string;
  reason: string;
}

/** An answer that blocks approval (or packing), with the reason to pre-fill for the rejection. */
export interface ChecklistBlock {
  itemId: string;
  label: string;
  answer: string;
  reason: string;
}

/** A typed answer compared with a signed manifest field. `expected` is revealed only in this result. */
export interface ChecklistMatch {
  itemId: string;
  label: string;
  field: MatchableField;
  typed: string;
  expected: string;
  matched: boolean;
}

/** The outcome of one checklist under its template's policy. */
export interface ChecklistEvaluation {
  /** Every problem; the checklist may be recorded only when there is none. */
  problems: ChecklistProblem[];
  /** Answers that leave Reject as the only decision (import) or refuse packing (export-pre). */
  blocks: ChecklistBlock[];
  matches: ChecklistMatch[];
  /** True when the checklist is acceptable and nothing blocks approval. */
  approvalAllowed: boolean;
  /** The reason to pre-fill for the rejection when approval is blocked, else null. */
  rejectionReason: string | null;
}

/** Trimmed, case-folded comparison for seal numbers and people's names, as a person reads them. */
export function sameAnswer(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Evaluates `answers` against `template`'s rules and consequences. Pure; never throws. */
export function evaluateChecklist(template: ChecklistTemplate, personAnswers: ChecklistAnswers, ctx: PolicyContext): ChecklistEvaluation {
  const answers = withMachineAnswers(personAnswers, ctx.machine);
  const problems: ChecklistProblem[] = [];
  const blocks: ChecklistBlock[] = [];
  const matches: ChecklistMatch[] = [];
  for (const item of template.items) {
    const answer = answers[item.id];
    const effective = notApplicable(item, ctx) ? { ...item, required: false } : item;
    const problem = answerProblem(effective, answer);
    if (problem) {
      problems.push({ itemId: item.id, label: item.label, reason: problem });
      continue;
    }
    if (typeof answer !== 'string' || answer.trim() === '') continue;
    if (item.kind === 'choice' && item.blocksApproval?.includes(answer)) {
      blocks.push({ itemId: item.id, label: item.label, answer, reason: `${item.label}: ${answer}` });
    }
    if (item.kind === 'text' && item.otherPerson && sameAnswer(answer, ctx.by)) {
      problems.push({ itemId: item.id, label: item.label, reason: `must name a person other than ${ctx.by.trim()}, who is answering this checklist` });
    }
    if (item.kind === 'text' && item.mustMatch) {
      const expected = ctx.manifest?.[item.mustMatch];
      if (expected === undefined) continue;
      const matched = sameAnswer(answer, expected);
      matches.push({ itemId: item.id, label: item.label, field: item.mustMatch, typed: answer.trim(), expected, matched });
      if (!matched) {
        const what = item.mustMatch === 'seal' ? 'seal mismatch' : `${item.mustMatch} mismatch`;
        blocks.push({ itemId: item.id, label: item.label, answer: answer.trim(), reason: `${what}: typed ${answer.trim()}, the signed manifest says ${expected}` });
      }
    }
  }
  const approvalAllowed = problems.length === 0 && blocks.length === 0;
  return { problems, blocks, matches, approvalAllowed, rejectionReason: blocks.length ? blocks.map((b) => b.reason).join('; ') : null };
}

/** A must-match item is not asked for when the manifest has nothing to compare it with. */
function notApplicable(item: ChecklistItem, ctx: PolicyContext): boolean {
  return item.kind === 'text' && item.mustMatch !== undefined && ctx.manifest?.[item.mustMatch] === undefined;
}

/**
 * The answered items as records for the manifest and the ledger, in template order, after the
 * policy found no problem (blocks are allowed: a blocked checklist is still recorded, with the
 * rejection it leads to). Throws when there are problems: an unacceptable checklist is never
 * recorded as if it were done.
 */
export function policyRecords(template: ChecklistTemplate, personAnswers: ChecklistAnswers, ctx: PolicyContext, when: string): ChecklistRecord[] {
  const { problems } = evaluateChecklist(template, personAnswers, ctx);
  const answers = withMachineAnswers(personAnswers, ctx.machine);
  if (problems.length) throw new Error(`checklist "${template.title}" is incomplete: ${problems.map((m) => `${m.label} ${m.reason}`).join('; ')}`);
  if (!TIMESTAMP_PATTERN.test(when)) throw new Error(`checklist time "${when}" is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)`);
  const who = ctx.by.trim();
  if (who === '') throw new Error('a checklist record needs the name of the person who answered it');
  const records: ChecklistRecord[] = [];
  for (const item of template.items) {
    const answer = answers[item.id];
    if (answer === undefined || (typeof answer === 'string' && answer.trim() === '')) continue;
    const value = item.kind === 'confirm' ? answer === true : String(answer).trim();
    records.push({ stage: template.stage, itemId: item.id, label: item.label, kind: item.kind, value, by: ctx.machine?.[item.id]?.by ?? who, at: when });
  }
  return records;
}
