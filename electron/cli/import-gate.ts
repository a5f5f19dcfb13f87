/**
 * The procedural gate of `sluice import`, judged from the signature stage alone — before any
 * payload byte is read or anything is extracted: the seal typed from the bag (`--seal`) and the
 * import checklist (`--checklist`) against the SIGNED manifest, with shared/checklist-policy.ts,
 * the same evaluation the app's import handlers run.
 *
 * Outcomes: a usage problem (exit 2, nothing recorded) is thrown; a blocked import (seal mismatch,
 * a blocking answer) is a 'reject' verdict the caller records; otherwise 'proceed'. When the
 * signature stage itself fails, the verdict is 'unchecked' and the import's own verification
 * refuses and records the package as before.
 */
import { policyRecords, sameAnswer, type ChecklistEvaluation, type PolicyContext } from '../../shared/checklist-policy';
import type { ChecklistAnswers } from '../../shared/checklist';
import { formatTimestamp, type ChecklistRecord, type Manifest } from '../../shared/format/manifest';
import type { LedgerEventData } from '../../shared/ledger-events';
import { checkSignature } from '../engine/verify/signature-stage';
import type { TrustStoreLike } from '../engine/verify/trust';
import { UsageError } from './args';
import { checklistProblemsError, evaluateChecklistFile, type ChecklistFile, type StationTemplate } from './checklist-file';

/** What the gate is given. */
export interface GateInput {
  packageDir: string;
  store: TrustStoreLike;
  /** The station's co-signature policy, so a package short of witnesses fails here already. */
  requireWitnesses?: number;
  /** The seal number as read from the bag (`--seal`), already checked against SEAL_PATTERN. */
  seal?: string;
  checklist: { file: ChecklistFile; station: StationTemplate } | null;
  now: Date;
}

/** The import checklist as judged and as it is recorded. */
export interface GateChecklist {
  evaluation: ChecklistEvaluation;
  records: ChecklistRecord[];
  by: string;
}

export type GateVerdict =
  | { decision: 'unchecked' }
  | { decision: 'proceed'; manifest: Manifest; manifestSha256: string; checklist: GateChecklist | null }
  | { decision: 'reject'; manifest: Manifest; manifestSha256: string; checklist: GateChecklist | null; reason: string; blockedBy: string[] };

/** Reason of a `--seal` given for a package whose signed manifest has no seal: the paper and the package disagree. */
export const NO_SEAL_IN_MANIFEST = 'seal mismatch: the signed manifest carries no seal number';

/** Judges the gate. Throws UsageError or SluiceError (exit 2, nothing recorded) for what the person must fix first. */
export async function judgeImportGate(g: GateInput): Promise<GateVerdict> {
  const sig = await checkSignature(g.packageDir, g.store, { requireWitnesses: g.requireWitnesses });
  if (!sig.ok || !sig.manifest || !sig.manifestSha256) return { decision: 'unchecked' };
  const m = sig.manifest;

  const template = g.checklist?.station.template;
  const sealItem = template?.items.find((i) => i.kind === 'text' && i.mustMatch === 'seal');
  const typedInChecklist = sealItem && g.checklist ? nonBlank(g.checklist.file.answers[sealItem.id]) : undefined;
  if (g.seal !== undefined && typedInChecklist !== undefined && !sameAnswer(g.seal, typedInChecklist)) {
    throw new UsageError(`--seal ${g.seal} and the checklist's "${sealItem!.id}" answer ${JSON.stringify(typedInChecklist)} disagree; give the seal number once, as read from the bag (nothing was imported or recorded)`);
  }
  if (m.seal !== undefined && g.seal === undefined && typedInChecklist === undefined) {
    // The expected number is not shown: it is typed blind, from the bag.
    throw new UsageError(`this package's manifest carries a seal number; give --seal as read from the bag${sealItem ? ` (or answer "${sealItem.id}" in the checklist)` : ''}. Nothing was imported or recorded`);
  }

  const blockedBy: string[] = [];
  // When the checklist has a seal item, --seal is compared as its answer (below), not twice.
  const sealAnswersChecklist = g.checklist !== null && sealItem !== undefined;
  if (g.seal !== undefined && m.seal === undefined) blockedBy.push(NO_SEAL_IN_MANIFEST);
  else if (g.seal !== undefined && m.seal !== undefined && !sealAnswersChecklist && !sameAnswer(g.seal, m.seal)) {
    blockedBy.push(`seal mismatch: typed ${g.seal}, the signed manifest says ${m.seal}`);
  }

  let checklist: GateChecklist | null = null;
  if (g.checklist) {
    const { file, station } = g.checklist;
    // A --seal given beside a checklist that leaves the seal blank is that checklist's answer.
    const answers: ChecklistAnswers = sealAnswersChecklist && g.seal !== undefined && typedInChecklist === undefined ? { ...file.answers, [sealItem!.id]: g.seal } : file.answers;
    const ctx: PolicyContext = { by: file.by, manifest: { transferId: m.transferId, ...(m.seal !== undefined ? { seal: m.seal } : {}) } };
    const evaluation = evaluateChecklistFile(station.template, { ...file, answers }, ctx.manifest);
    if (evaluation.problems.length) throw checklistProblemsError(file, station, evaluation.problems, 'nothing was imported or recorded');
    blockedBy.push(...evaluation.blocks.map((b) => b.reason));
    checklist = { evaluation, records: policyRecords(station.template, answers, ctx, formatTimestamp(g.now.getTime() / 1000)), by: file.by };
  }

  const base = { manifest: m, manifestSha256: sig.manifestSha256, checklist };
  return blockedBy.length ? { decision: 'reject', ...base, reason: blockedBy.join('; '), blockedBy } : { decision: 'proceed', ...base };
}

/** The `checklist.completed` data for a judged import checklist, shaped as the app records it. */
export function checklistEventData(c: GateChecklist): LedgerEventData['checklist.completed'] {
  return {
    stage: 'import',
    items: c.records.map((r) => `${r.itemId}: ${String(r.value)}`),
    records: c.records,
    blocks: c.evaluation.blocks,
    matches: c.evaluation.matches,
  };
}

function nonBlank(answer: boolean | string | undefined): string | undefined {
  return typeof answer === 'string' && answer.trim() !== '' ? answer : undefined;
}
