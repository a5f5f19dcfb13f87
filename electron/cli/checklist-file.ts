/**
 * Checklist answers for `sluice pack --checklist FILE` and `sluice import --checklist FILE`, so a
 * CLI transfer has the same paper trail, and the same consequences, as one done in the app.
 *
 * FILE is `{ "by": "NAME", "answers": { "<item id>": true | "text" | "option label" } }`. The
 * template it answers is the station's for that stage: `--checklist-template FILE` when given,
 * else `$SLUICE_HOME/checklists/<stage>.json` when present, else the shipped default
 * (resources/checklists/<stage>.json). The answers are judged by shared/checklist-policy.ts,
 * the very code the app's handlers run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checklistAnswersSchema, checklistTemplateSchema, type ChecklistAnswers, type ChecklistStage, type ChecklistTemplate } from '../../shared/checklist';
import { evaluateChecklist, type ChecklistEvaluation, type ChecklistProblem, type PolicyContext } from '../../shared/checklist-policy';
import { loadDefaultTemplates } from '../engine/checklists/templates';
import { SluiceError } from '../engine/errors';
import type { CliIo } from './output';

/** A parsed checklist answer file. */
export interface ChecklistFile {
  /** The path it was read from, to name in messages. */
  file: string;
  /** Who answered: the operator (pack) or the officer (import). */
  by: string;
  answers: ChecklistAnswers;
}

/** The template a checklist file is judged against, and where it came from (for messages). */
export interface StationTemplate {
  template: ChecklistTemplate;
  from: string;
}

// A person's name, as the manifest's checklist records take it: bounded, no control characters.
const personName = z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters');
const checklistFileSchema = z.strictObject({ by: personName, answers: checklistAnswersSchema });

/** Reads and validates FILE. Unreadable or malformed: SluiceError 'bad-checklist-file' (exit 2) naming FILE. */
export async function readChecklistFile(file: string): Promise<ChecklistFile> {
  const raw = await readJson(file, 'bad-checklist-file', 'checklist file');
  const parsed = checklistFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SluiceError('bad-checklist-file', `${file} is not a checklist answer file ({ "by": "NAME", "answers": { "<item id>": true | "text" | "option" } }); nothing was done.`, issueDetails(parsed.error));
  }
  return { file, by: parsed.data.by, answers: parsed.data.answers };
}

/**
 * The station's template for `stage`: `templateFile` when given, else `$SLUICE_HOME/checklists/
 * <stage>.json` when it exists, else the shipped default. A broken template is SluiceError
 * 'bad-checklist' (exit 2): a station must not run a procedure nobody can read.
 */
export async function loadStationTemplate(stage: ChecklistStage, env: CliIo['env'], templateFile?: string): Promise<StationTemplate> {
  const override = templateFile ?? (env.SLUICE_HOME ? join(env.SLUICE_HOME, 'checklists', `${stage}.json`) : undefined);
  if (override !== undefined && (templateFile !== undefined || existsSync(override))) {
    const parsed = checklistTemplateSchema.safeParse(await readJson(override, 'bad-checklist', 'checklist template'));
    if (!parsed.success) throw new SluiceError('bad-checklist', `${override} is not a valid checklist template.`, issueDetails(parsed.error));
    if (parsed.data.stage !== stage) throw new SluiceError('bad-checklist', `${override} is the template for stage "${parsed.data.stage}"; this needs the "${stage}" template.`);
    return { template: parsed.data, from: override };
  }
  const dir = shippedChecklistsDir();
  return { template: (await loadDefaultTemplates(dir))[stage], from: join(dir, `${stage}.json`) };
}

/**
 * The shipped templates' folder: resources/checklists beside dist/ for the bundle (dist/cli.mjs)
 * and two levels up for the source run by tsx (electron/cli/checklist-file.ts).
 */
export function shippedChecklistsDir(): string {
  const candidates = ['../resources/checklists/', '../../resources/checklists/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => existsSync(join(dir, 'import.json')));
  if (!found) throw new SluiceError('no-checklists', `The shipped checklist templates are missing (looked in ${candidates.join(' and ')}); reinstall Sluice or give --checklist-template FILE.`);
  return found;
}

/**
 * Judges `file`'s answers under `template` with the shared policy. An answer to an item the
 * template does not have is a problem too: a misspelt id must not silently drop an answer.
 * `machine`: answers the machine gives (items with `answeredBy`), in place of the file's.
 */
export function evaluateChecklistFile(template: ChecklistTemplate, file: ChecklistFile, manifest: PolicyContext['manifest'], machine?: PolicyContext['machine']): ChecklistEvaluation {
  const evaluation = evaluateChecklist(template, file.answers, { by: file.by, manifest, ...(machine ? { machine } : {}) });
  const known = new Set(template.items.map((i) => i.id));
  const unknown: ChecklistProblem[] = Object.keys(file.answers).filter((id) => !known.has(id))
    .map((id) => ({ itemId: id, label: id, reason: `is not an item of the "${template.title}" checklist (${[...known].join(', ')})` }));
  if (unknown.length === 0) return evaluation;
  const problems = [...evaluation.problems, ...unknown];
  return { ...evaluation, problems, approvalAllowed: false };
}

/** The SluiceError (exit 2) for an unacceptable checklist: one detail line per item id and why. */
export function checklistProblemsError(file: ChecklistFile, t: StationTemplate, problems: readonly ChecklistProblem[], nothing: string): SluiceError {
  return new SluiceError(
    'checklist-incomplete',
    `the checklist in ${file.file} is not acceptable for "${t.template.title}" (${t.from}); ${nothing}:`,
    problems.map((p) => ({ path: p.itemId, reason: p.label === p.itemId ? p.reason : `${p.reason} — ${p.label}` })),
  );
}

async function readJson(file: string, code: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SluiceError(code, `cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SluiceError(code, `the ${what} ${file} is not valid JSON: ${(e as Error).message}.`);
  }
}

function issueDetails(error: z.ZodError): { path: string; reason: string }[] {
  return error.issues.slice(0, 20).map((i) => {
    const path = i.path.map(String).join('.') || '(top level)';
    // zod's union failure says only "Invalid input"; say what an answer may be.
    const reason = i.path[0] === 'answers' && i.path.length === 2 && i.code === 'invalid_union' ? 'an answer must be true, false, text or an option label' : i.message;
    return { path, reason };
  });
}
