/**
 * Import wizard slice: the chosen package, its signature result (shown first, before any payload
 * byte is read), the verify-and-stage job, the import checklist, the officer's decision and the
 * receipt. Steps advance only through `importNext`, which refuses while `importBlockers` is non-empty.
 *
 * The checklist is policy in main: leaving the checklist step asks main to evaluate the answers
 * (`import:evaluate`, against the staged package's signed manifest — the seal number is compared
 * there, typed blind), and the decision sends the ANSWERS, which main evaluates again. The
 * evaluation here only guides the person; a blocking answer leaves Reject as the only decision.
 */
import type { Api, ImportDecisionView, ImportEvaluationView, InboxPackageView, ScanResultView, SignatureView } from '../../shared/ipc/contract';
import type { VerifyReport } from '../../shared/format/report';
import type { AppError } from '../../shared/result';
import type { ChecklistTemplate } from '../../shared/checklist';
import { antivirusAnswers, evaluateChecklist, type MachineAnswers } from '../../shared/checklist-policy';
import { classifyFault } from '../../shared/format/fault';
import { call } from '../api';
import { answerItem, EMPTY_CHECKLIST, type ChecklistState } from './checklist-state';
import { nowTimestamp } from './time';
import type { SliceGet, SliceSet } from './types';

/** A staged import as the wizard keeps it. */
export interface StagedView { stagingId: string; report: VerifyReport; scan?: ScanResultView }

/** The machine's answers to the import template's antivirus items, from the staged files' scan (main records the same). */
export function importMachineAnswers(template: ChecklistTemplate | undefined, scan: ScanResultView | undefined): MachineAnswers | undefined {
  if (!template || !scan) return undefined;
  return antivirusAnswers(template, scan.verdict, `${scan.engine} ${scan.engineVersion} (machine)`);
}

/** The import wizard's steps, in order. */
export const IMPORT_STEPS = ['Choose package', 'Signature', 'Review', 'Verify and stage', 'Import checklist', 'Decision', 'Receipt'] as const;

export interface ImportSlice {
  importStep: number;
  inbox: InboxPackageView[] | null;
  packageDir: string | null;
  signature: SignatureView | null;
  checkingSignature: boolean;
  stageJobId: string | null;
  /** The staged import; `scan`: main's scan of the staged files, which answers the antivirus item. */
  staged: StagedView | null;
  /** The failed verification: what went wrong and, when the engine got that far, the report. */
  stageFailure: { error: AppError; report: VerifyReport | null } | null;
  importChecklist: ChecklistState;
  /** The officer importing: chosen before staging, answers the checklist and decides. */
  officer: string;
  /** Main's evaluation of the answers, made when leaving the checklist; cleared when they change. */
  evaluation: ImportEvaluationView | null;
  evaluating: boolean;
  decision: 'approve' | 'reject' | null;
  decisionReason: string;
  /** The witness key unlocked for an approval, where the station holds witness keys. */
  witnessKey: { keyName: string; passphrase: string };
  committing: boolean;
  decisionResult: ImportDecisionView | null;
  importError: AppError | null;

  loadInbox: () => Promise<void>;
  pickPackage: () => Promise<void>;
  /** Checks the package's signature and shows the result (the wizard's second step). */
  selectPackage: (dir: string) => Promise<void>;
  startStage: () => Promise<void>;
  cancelStage: () => Promise<void>;
  stageFinished: (staged: StagedView) => void;
  stageFailed: (error: AppError, report: VerifyReport | null) => void;
  answerImport: (itemId: string, value: boolean | string, by: string) => void;
  setOfficer: (name: string) => void;
  setDecision: (decision: 'approve' | 'reject') => void;
  setDecisionReason: (reason: string) => void;
  setWitnessKey: (patch: Partial<{ keyName: string; passphrase: string }>) => void;
  /** Asks main to evaluate the checklist; on success moves to the decision (Reject pre-filled when blocked). */
  evaluateImport: () => Promise<void>;
  /** Records the officer's decision: imports atomically on approval, discards on rejection. */
  commitDecision: () => Promise<void>;
  importNext: () => void;
  importBack: () => void;
  resetImport: () => Promise<void>;
}

type ImportRulesInput = Pick<ImportSlice, 'importStep' | 'signature' | 'staged' | 'importChecklist' | 'officer' | 'decision' | 'decisionReason' | 'decisionResult'> & {
  templates: { import: ChecklistTemplate } | null;
};

/**
 * The checklist's problems as the policy sees them, before main is asked: required answers, the
 * witness being the officer. The signed seal is not known here (it is withheld until typed), so a
 * stand-in makes the seal item required exactly when the package has a seal; blocks are main's to say.
 */
export function importChecklistProblems(template: ChecklistTemplate, answers: ChecklistState['answers'], officer: string, sealed: boolean): string[] {
  const manifest = sealed ? { seal: '\u0000withheld' } : {};
  return evaluateChecklist(template, answers, { by: officer, manifest }).problems.map((p) => `"${p.label}" ${p.reason}.`);
}

/** Everything that blocks the current import step's Next, as sentences. */
export function importBlockers(s: ImportRulesInput): string[] {
  switch (IMPORT_STEPS[s.importStep]) {
    case 'Choose package':
      return ['Choose a package first.'];
    case 'Signature':
      // Worded by the fault: a half-copied package is "incomplete", not a bad signature.
      return s.signature?.ok ? [] : [`${(s.signature && classifyFault(s.signature)?.headline) || 'The package was refused'}. It cannot be imported as it is.`];
    case 'Review':
      return s.officer.trim() ? [] : ['Choose the officer importing this package.'];
    case 'Verify and stage':
      return s.staged ? [] : ['Verify and stage the package first.'];
    case 'Import checklist': {
      if (!s.templates) return ['The checklist has not loaded yet.'];
      if (!s.officer.trim()) return ['Choose the officer answering the checklist.'];
      return importChecklistProblems(s.templates.import, s.importChecklist.answers, s.officer, s.signature?.sealed === true);
    }
    case 'Decision':
      return s.decisionResult ? [] : ['Record the decision first.'];
    default:
      return [];
  }
}

const fresh = {
  importStep: 0, packageDir: null, signature: null, checkingSignature: false, stageJobId: null, staged: null, stageFailure: null,
  importChecklist: EMPTY_CHECKLIST, evaluation: null, evaluating: false, decision: null, decisionReason: '', witnessKey: { keyName: '', passphrase: '' }, committing: false, decisionResult: null, importError: null,
} satisfies Partial<ImportSlice>;

export function createImportSlice(set: SliceSet, get: SliceGet, api: Api): ImportSlice {
  return {
    ...fresh,
    inbox: null,
    officer: '',

    async loadInbox() {
      const r = await call(() => api.inboxList());
      if (r.ok) set({ inbox: r.value });
      else set({ inbox: [], importError: r.error });
    },
    async pickPackage() {
      const r = await call(() => api.dialogOpenFolder({ title: 'Choose a transfer package folder' }));
      if (!r.ok) return set({ importError: r.error });
      const dir = r.value.paths[0];
      if (!r.value.canceled && dir) await get().selectPackage(dir);
    },
    async selectPackage(dir) {
      set({ ...fresh, packageDir: dir, checkingSignature: true });
      const r = await call(() => api.packageCheckSignature({ dir }));
      if (!r.ok) return set({ checkingSignature: false, importError: r.error });
      set({ checkingSignature: false, signature: r.value, importStep: 1 });
    },
    async startStage() {
      const dir = get().packageDir;
      if (!dir) return;
      const officer = get().officer.trim();
      if (!officer) return set({ importError: { code: 'no-officer', message: 'Choose the officer importing this package first.' } });
      set({ stageFailure: null, staged: null, importError: null, stageJobId: null });
      const started = await get().startJob({ kind: 'stage-import', params: { dir, officer } });
      if ('error' in started) set({ importError: started.error });
      else set({ stageJobId: started.jobId });
    },
    async cancelStage() {
      const id = get().stageJobId;
      if (id) await get().cancelJob(id);
    },
    stageFinished(staged) {
      // The scan answers the antivirus item: filled in here so the form is complete; main ignores
      // the renderer's answer to it and records its own.
      const machine = importMachineAnswers(get().templates?.import, staged.scan);
      set((s) => {
        let checklist = s.importChecklist;
        for (const [id, a] of Object.entries(machine ?? {})) checklist = answerItem(checklist, id, a.value, a.by, nowTimestamp());
        return { staged, importChecklist: checklist };
      });
    },
    stageFailed(error, report) {
      set({ stageFailure: { error, report } });
    },
    answerImport(itemId, value, by) {
      set((s) => ({ importChecklist: answerItem(s.importChecklist, itemId, value, by, nowTimestamp()), evaluation: null }));
    },
    setOfficer(name) {
      set({ officer: name, evaluation: null });
    },
    setDecision(decision) {
      set({ decision });
    },
    setDecisionReason(reason) {
      set({ decisionReason: reason });
    },
    setWitnessKey(patch) {
      set((s) => ({ witnessKey: { ...s.witnessKey, ...patch } }));
    },
    async evaluateImport() {
      const s = get();
      if (!s.staged || importBlockers(s).length || s.evaluating) return;
      set({ evaluating: true, importError: null });
      const r = await call(() => api.importEvaluate({ stagingId: s.staged!.stagingId, officer: s.officer, answers: s.importChecklist.answers }));
      if (!r.ok) return set({ evaluating: false, importError: r.error });
      const e = r.value;
      if (e.problems.length) {
        const message = `The checklist was not accepted: ${e.problems.map((p) => `"${p.label}" ${p.reason}`).join('; ')}.`;
        return set({ evaluating: false, evaluation: e, importError: { code: 'checklist-incomplete', message } });
      }
      // A blocking answer leaves only Reject, with its reason pre-filled (the officer may edit it).
      const blocked = e.blocks.length > 0;
      set({
        evaluating: false, evaluation: e, importStep: IMPORT_STEPS.indexOf('Decision'),
        decision: blocked ? 'reject' : s.decision,
        decisionReason: blocked ? e.rejectionReason ?? '' : s.decisionReason,
      });
    },
    async commitDecision() {
      const s = get();
      if (!s.staged || !s.decision || !s.evaluation || !s.decisionReason.trim() || !s.officer) return;
      if (s.decision === 'approve' && !s.evaluation.approvalAllowed) return;
      // The witness key goes to main only for an approval on a station that holds witness keys.
      const unlock = s.decision === 'approve' && s.evaluation.witnessKeys.length > 0 && s.witnessKey.keyName && s.witnessKey.passphrase
        ? { witnessKey: { ...s.witnessKey } } : {};
      set({ committing: true, importError: null });
      const r = await call(() => api.importCommit({
        stagingId: s.staged!.stagingId, decision: s.decision!, reason: s.decisionReason.trim(), officer: s.officer, answers: s.importChecklist.answers, ...unlock,
      }));
      // The passphrase is not kept once it has been used (or refused).
      if (r.ok) set({ committing: false, decisionResult: r.value, importStep: IMPORT_STEPS.indexOf('Receipt'), witnessKey: { keyName: '', passphrase: '' } });
      else set((x) => ({ committing: false, importError: r.error, witnessKey: { ...x.witnessKey, passphrase: '' } }));
    },
    importNext() {
      const s = get();
      if (importBlockers(s).length === 0 && s.importStep < IMPORT_STEPS.length - 1) set({ importStep: s.importStep + 1, importError: null });
    },
    importBack() {
      const s = get();
      // Once staged, going back past the checklist would orphan the staging directory (Start over
      // discards it instead); once decided, the decision is final.
      const floor = s.staged ? IMPORT_STEPS.indexOf('Import checklist') : 0;
      if (s.importStep > floor && !s.decisionResult) set({ importStep: s.importStep - 1, importError: null, evaluation: null });
    },
    async resetImport() {
      const s = get();
      if (s.staged && !s.decisionResult) await call(() => api.importDiscard({ stagingId: s.staged!.stagingId }));
      set({ ...fresh });
      await get().loadInbox();
    },
  };
}
