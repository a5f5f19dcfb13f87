/**
 * Import wizard slice: the chosen package, its signature result (shown first, before any payload
 * byte is read), the verify-and-stage job, the import checklist, the officer's decision and the
 * receipt. Steps advance only through `importNext`, which refuses while `importBlockers` is non-empty.
 */
import type { Api, ImportDecisionView, InboxPackageView, SignatureView } from '../../shared/ipc/contract';
import type { VerifyReport } from '../../shared/format/report';
import type { AppError } from '../../shared/result';
import { missingRequired } from '../../shared/checklist';
import { classifyFault } from '../../shared/format/fault';
import { call } from '../api';
import { answerItem, checklistRecords, EMPTY_CHECKLIST, type ChecklistState } from './checklist-state';
import { nowTimestamp } from './time';
import type { SliceGet, SliceSet } from './types';

/** The import wizard's steps, in order. */
export const IMPORT_STEPS = ['Choose package', 'Signature', 'Review', 'Verify and stage', 'Import checklist', 'Decision', 'Receipt'] as const;

export interface ImportSlice {
  importStep: number;
  inbox: InboxPackageView[] | null;
  packageDir: string | null;
  signature: SignatureView | null;
  checkingSignature: boolean;
  stageJobId: string | null;
  staged: { stagingId: string; report: VerifyReport } | null;
  /** The failed verification: what went wrong and, when the engine got that far, the report. */
  stageFailure: { error: AppError; report: VerifyReport | null } | null;
  importChecklist: ChecklistState;
  officer: string;
  decision: 'approve' | 'reject' | null;
  decisionReason: string;
  committing: boolean;
  decisionResult: ImportDecisionView | null;
  importError: AppError | null;

  loadInbox: () => Promise<void>;
  pickPackage: () => Promise<void>;
  /** Checks the package's signature and shows the result (the wizard's second step). */
  selectPackage: (dir: string) => Promise<void>;
  startStage: () => Promise<void>;
  cancelStage: () => Promise<void>;
  stageFinished: (staged: { stagingId: string; report: VerifyReport }) => void;
  stageFailed: (error: AppError, report: VerifyReport | null) => void;
  answerImport: (itemId: string, value: boolean | string, by: string) => void;
  setOfficer: (name: string) => void;
  setDecision: (decision: 'approve' | 'reject') => void;
  setDecisionReason: (reason: string) => void;
  /** Records the officer's decision: imports atomically on approval, discards on rejection. */
  commitDecision: () => Promise<void>;
  importNext: () => void;
  importBack: () => void;
  resetImport: () => Promise<void>;
}

type ImportRulesInput = Pick<ImportSlice, 'importStep' | 'signature' | 'staged' | 'importChecklist' | 'officer' | 'decision' | 'decisionReason' | 'decisionResult'> & {
  templates: { import: import('../../shared/checklist').ChecklistTemplate } | null;
};

/** Everything that blocks the current import step's Next, as sentences. */
export function importBlockers(s: ImportRulesInput): string[] {
  switch (IMPORT_STEPS[s.importStep]) {
    case 'Choose package':
      return ['Choose a package first.'];
    case 'Signature':
      // Worded by the fault: a half-copied package is "incomplete", not a bad signature.
      return s.signature?.ok ? [] : [`${(s.signature && classifyFault(s.signature)?.headline) || 'The package was refused'}. It cannot be imported as it is.`];
    case 'Verify and stage':
      return s.staged ? [] : ['Verify and stage the package first.'];
    case 'Import checklist': {
      if (!s.templates) return ['The checklist has not loaded yet.'];
      const m = missingRequired(s.templates.import, s.importChecklist.answers).map((x) => `"${x.label}" ${x.reason}.`);
      if (!s.officer.trim()) m.push('Choose the officer answering the checklist.');
      return m;
    }
    case 'Decision':
      return s.decisionResult ? [] : ['Record the decision first.'];
    default:
      return [];
  }
}

const fresh = {
  importStep: 0, packageDir: null, signature: null, checkingSignature: false, stageJobId: null, staged: null, stageFailure: null,
  importChecklist: EMPTY_CHECKLIST, decision: null, decisionReason: '', committing: false, decisionResult: null, importError: null,
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
      set({ stageFailure: null, staged: null, importError: null, stageJobId: null });
      const started = await get().startJob({ kind: 'stage-import', params: { dir } });
      if ('error' in started) set({ importError: started.error });
      else set({ stageJobId: started.jobId });
    },
    async cancelStage() {
      const id = get().stageJobId;
      if (id) await get().cancelJob(id);
    },
    stageFinished(staged) {
      set({ staged });
    },
    stageFailed(error, report) {
      set({ stageFailure: { error, report } });
    },
    answerImport(itemId, value, by) {
      set((s) => ({ importChecklist: answerItem(s.importChecklist, itemId, value, by, nowTimestamp()) }));
    },
    setOfficer(name) {
      set({ officer: name });
    },
    setDecision(decision) {
      set({ decision });
    },
    setDecisionReason(reason) {
      set({ decisionReason: reason });
    },
    async commitDecision() {
      const s = get();
      const template = s.templates?.import;
      if (!s.staged || !s.decision || !template || !s.decisionReason.trim() || !s.officer) return;
      let checklist;
      try {
        checklist = checklistRecords(template, s.importChecklist, s.officer, nowTimestamp());
      } catch (e) {
        return set({ importError: { code: 'checklist-incomplete', message: `${(e as Error).message}. Go back and answer it.` } });
      }
      set({ committing: true, importError: null });
      const r = await call(() => api.importCommit({
        stagingId: s.staged!.stagingId, decision: s.decision!, reason: s.decisionReason.trim(), officer: s.officer, checklist,
      }));
      if (r.ok) set({ committing: false, decisionResult: r.value, importStep: IMPORT_STEPS.indexOf('Receipt') });
      else set({ committing: false, importError: r.error });
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
      if (s.importStep > floor && !s.decisionResult) set({ importStep: s.importStep - 1, importError: null });
    },
    async resetImport() {
      const s = get();
      if (s.staged && !s.decisionResult) await call(() => api.importDiscard({ stagingId: s.staged!.stagingId }));
      set({ ...fresh });
      await get().loadInbox();
    },
  };
}
