/**
 * The export side's procedure as main enforces it, shared by the pack branch of job:start,
 * checklist:record, package:cosign and print:document: who may act, the checklist policy run on the
 * answers as sent (never on records the renderer built), the package a transfer was packed into,
 * and whether its medium is already sealed (after which nothing more is written onto it).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import type { ChecklistAnswers, ChecklistStage, ChecklistTemplate } from '../../../shared/checklist';
import { evaluateChecklist, policyRecords, sameAnswer, type ChecklistEvaluation, type PolicyContext } from '../../../shared/checklist-policy';
import type { ChecklistRecord } from '../../../shared/format/manifest';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { formatLedgerTime, readLedger } from '../../engine/ledger';
import { effectiveTemplates, loadDefaultTemplates } from '../checklists';
import type { HandlerEnv } from './deps';

/** The template in force for `stage` on this station (its override, else the shipped default). */
export async function stationTemplate(env: HandlerEnv, s: Settings, stage: ChecklistStage): Promise<ChecklistTemplate> {
  return effectiveTemplates(await loadDefaultTemplates(env.checklistsDir), s)[stage];
}

/** `name` as the settings spell it when it is one of `people` (trimmed, case-insensitive), else null. */
export function knownPerson(people: readonly string[], name: string): string | null {
  return people.find((p) => sameAnswer(p, name)) ?? null;
}

/** Refuses a person who is not one of the station's operators. */
export function requireOperator(s: Settings, name: string, role: string): Result<string> {
  const found = knownPerson(s.people.operators, name);
  if (found) return ok(found);
  return err({ code: 'unknown-person', message: `"${name}" (${role}) is not one of this station's operators (${s.people.operators.join(', ') || 'none set'}). Add them in the settings first.` });
}

/**
 * Evaluates a checklist's answers under the station's policy and returns its records stamped with
 * who and when — or the refusal: problems name every item; a blocking answer refuses with its reason.
 */
export async function checklistUnderPolicy(
  env: HandlerEnv, s: Settings, stage: ChecklistStage, answers: ChecklistAnswers, ctx: PolicyContext, blockedCode: string,
): Promise<Result<{ records: ChecklistRecord[]; evaluation: ChecklistEvaluation; template: ChecklistTemplate }>> {
  const template = await stationTemplate(env, s, stage);
  const evaluation = evaluateChecklist(template, answers, ctx);
  if (evaluation.problems.length) {
    return err({ code: 'checklist-incomplete', message: `The checklist "${template.title}" is not complete: ${evaluation.problems.map((p) => `"${p.label}" ${p.reason}`).join('; ')}.` });
  }
  if (evaluation.blocks.length) {
    return err({ code: blockedCode, message: `${evaluation.rejectionReason}.` });
  }
  return ok({ records: policyRecords(template, answers, ctx, formatLedgerTime(env.clock())), evaluation, template });
}

/** A transfer this station packed: its ledger entry and what that entry says. */
export interface PackedTransfer {
  entry: LedgerEntry;
  /** The transfer's operator (the entry's actor). */
  operator: string;
  keyId: string;
  manifestSha256: string;
  packageDir: string | null;
  /** The seal number signed into the manifest, as recorded at packing (absent in older entries). */
  seal: string | null;
}

/** The latest `transfer.packed` entry for `transferId` in this station's ledger, or a refusal. */
export async function packedTransfer(s: Settings, transferId: string, entries?: LedgerEntry[]): Promise<Result<PackedTransfer>> {
  const all = entries ?? (await readLedger(s.paths.ledgerFile));
  const entry = all.findLast((e) => e.event === 'transfer.packed' && e.transferId === transferId);
  if (!entry) return err({ code: 'not-packed-here', message: `This station's ledger records no packing of transfer ${transferId}.` });
  const d = entry.data as Record<string, unknown>;
  return ok({
    entry, operator: entry.actor,
    keyId: typeof d.keyId === 'string' ? d.keyId : '',
    manifestSha256: typeof d.manifestSha256 === 'string' ? d.manifestSha256 : '',
    packageDir: typeof d.packageDir === 'string' ? d.packageDir : null,
    seal: typeof d.seal === 'string' ? d.seal : null,
  });
}

/**
 * The signed manifest of a packed transfer, read from its package (still on the open medium) and
 * checked against the digest the ledger recorded: a changed manifest is refused, never used.
 */
export async function packedManifest(p: PackedTransfer): Promise<Result<{ manifest: Manifest; bytes: Buffer }>> {
  if (!p.packageDir) return err({ code: 'package-unknown', message: `The ledger entry ${p.entry.seq} does not say where transfer ${p.entry.transferId} was written.` });
  const bytes = await readFile(join(p.packageDir, FILE_NAMES.manifest)).catch(() => null);
  if (!bytes) return err({ code: 'package-gone', message: `The package ${p.packageDir} is not there (was the medium removed?). Insert the medium and try again.` });
  if (createHash('sha256').update(bytes).digest('hex') !== p.manifestSha256) {
    return err({ code: 'package-changed', message: `${join(p.packageDir, FILE_NAMES.manifest)} is not the manifest this station signed (its SHA-256 differs from ledger entry ${p.entry.seq}). Do not hand this medium over; pack the transfer again.` });
  }
  const parsed = parseManifest(bytes.toString('utf8'));
  if (!parsed.ok) return err({ code: 'package-changed', message: `The manifest of ${p.packageDir} does not parse: ${parsed.problems[0] ?? 'unknown problem'}.` });
  return ok({ manifest: parsed.manifest, bytes });
}

/**
 * The `checklist.completed` entry of the transfer's after-packing (export-post) checklist, or null.
 * Once it exists the medium is sealed: nothing more may be written onto it.
 */
export async function sealedEntry(ledgerFile: string, transferId: string, entries?: LedgerEntry[]): Promise<LedgerEntry | null> {
  const all = entries ?? (await readLedger(ledgerFile).catch(() => [] as LedgerEntry[]));
  return all.find((e) => e.event === 'checklist.completed' && e.transferId === transferId && (e.data as { stage?: unknown }).stage === 'export-post') ?? null;
}

/** The refusal for writing onto a sealed medium. */
export function mediumSealed(entry: LedgerEntry, what: string): Result<never> {
  return err({ code: 'medium-sealed', message: `The medium of transfer ${entry.transferId} is sealed (after-packing checklist, ledger entry ${entry.seq}, by ${entry.actor}): ${what} is not written onto it. Nothing may be added to a sealed medium.` });
}
