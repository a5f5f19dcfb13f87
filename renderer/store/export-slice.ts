/**
 * Export wizard slice: the transfer's details (with the seal number), its sources and their scan,
 * the pre- and post-pack checklists, the target folder, the pack job and its result, the witness
 * co-signatures and the recorded after-packing checklist. Steps move forward only through
 * `exportNext`, which refuses while the current step is incomplete (see `exportBlockers`). The
 * checklists are sent to main as ANSWERS: main evaluates them and makes the records.
 */
import type { Api, ChecklistRecordedView, CosignedView, JobResult, ScanView, TargetSelection } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { parseDuration } from '../../shared/units';
import type { Settings } from '../../shared/settings';
import { call } from '../api';
import { answerItem, EMPTY_CHECKLIST, type ChecklistState } from './checklist-state';
import { nowTimestamp } from './time';
import { exportBlockers, EXPORT_STEPS, witnessCount, type ExportDetails } from './export-rules';
import type { SliceGet, SliceSet } from './types';

export { EXPORT_STEPS, type ExportDetails } from './export-rules';

export type PackResult = Extract<JobResult, { kind: 'pack' }>;

export interface ExportSlice {
  exportStep: number;
  exportDetails: ExportDetails;
  sources: string[];
  scan: ScanView | null;
  scanning: boolean;
  exportError: AppError | null;
  preChecklist: ChecklistState;
  postChecklist: ChecklistState;
  target: Extract<TargetSelection, { canceled: false }> | null;
  keyName: string;
  packJobId: string | null;
  packResult: PackResult | null;
  /** Who answers each export checklist ("Answering as"); '' until chosen (the operator then). */
  checklistPerson: { pre: string; post: string };
  cosignatures: CosignedView[];
  /** The after-packing checklist as main recorded it (null until then). */
  postRecorded: ChecklistRecordedView | null;
  /** True while the after-packing checklist is being recorded. */
  recordingPost: boolean;
  /** The operator's antivirus choice where the station's policy is 'optional' (null: not chosen; main decides under 'required'). */
  avScan: boolean | null;
  setAvScan: (scan: boolean | null) => void;

  setExportDetails: (patch: Partial<ExportDetails>) => void;
  /** Adds paths (from a picker or a drop) and rescans every source. */
  addSources: (paths: string[]) => Promise<void>;
  removeSource: (path: string) => Promise<void>;
  pickSources: (kind: 'files' | 'folder') => Promise<void>;
  /** Adds the files just dropped onto the window (their paths come from the preload, not the page). */
  dropSources: () => Promise<void>;
  answerPre: (itemId: string, value: boolean | string, by: string) => void;
  answerPost: (itemId: string, value: boolean | string, by: string) => void;
  setChecklistPerson: (stage: 'pre' | 'post', person: string) => void;
  /** A witness co-signs with their own key; the passphrase is not kept. Resolves to an error message or null. */
  cosign: (witness: string, keyName: string, passphrase: string) => Promise<void>;
  chooseTarget: () => Promise<void>;
  setKeyName: (name: string) => void;
  /** Starts the pack job with the passphrase (which is not kept in the store). */
  startPack: (passphrase: string) => Promise<void>;
  cancelPack: () => Promise<void>;
  /** Adopts a finished pack job's result and moves to the post-pack checklist. */
  packFinished: (result: PackResult) => void;
  exportNext: () => void;
  exportBack: () => void;
  /** Leaves the export for a fresh one; stays (with main's reason in exportError) when main refuses to discard its package. */
  resetExport: () => Promise<void>;
}

const initialDetails = (): ExportDetails => ({ destination: '', classification: '', purpose: '', ticket: '', expiry: '30d', operator: '', transferId: '', seal: '', requireWitnesses: '0' });

export function createExportSlice(set: SliceSet, get: SliceGet, api: Api): ExportSlice {
  const rescan = async (paths: string[]) => {
    if (paths.length === 0) return set({ sources: [], scan: null, scanning: false, exportError: null });
    set({ sources: paths, scanning: true, exportError: null });
    const r = await call(() => api.sourcesScan({ paths }));
    // A slower, older scan must not overwrite a newer one.
    if (get().sources !== paths) return;
    if (r.ok) set({ scan: r.value, scanning: false });
    else set({ scan: null, scanning: false, exportError: r.error });
  };
  return {
    exportStep: 0,
    exportDetails: initialDetails(),
    sources: [],
    scan: null,
    scanning: false,
    exportError: null,
    preChecklist: EMPTY_CHECKLIST,
    postChecklist: EMPTY_CHECKLIST,
    target: null,
    keyName: '',
    packJobId: null,
    packResult: null,
    checklistPerson: { pre: '', post: '' },
    avScan: null,
    setAvScan: (avScan) => set({ avScan }),
    cosignatures: [],
    postRecorded: null,
    recordingPost: false,

    setExportDetails(patch) {
      set((s) => ({ exportDetails: { ...s.exportDetails, ...patch } }));
    },
    async addSources(paths) {
      const merged = [...get().sources];
      for (const p of paths) if (!merged.includes(p)) merged.push(p);
      await rescan(merged);
    },
    async removeSource(path) {
      await rescan(get().sources.filter((p) => p !== path));
    },
    async pickSources(kind) {
      const r = await call(() => (kind === 'files' ? api.dialogOpenFiles({ title: 'Add files to the transfer' }) : api.dialogOpenFolder({ title: 'Add a folder to the transfer' })));
      if (!r.ok) return set({ exportError: r.error });
      if (!r.value.canceled && r.value.paths.length) await get().addSources(r.value.paths);
    },
    async dropSources() {
      const r = await call(() => api.dialogDropped());
      if (!r.ok) return set({ exportError: r.error });
      if (!r.value.canceled && r.value.paths.length) await get().addSources(r.value.paths);
    },
    answerPre(itemId, value, by) {
      set((s) => ({ preChecklist: answerItem(s.preChecklist, itemId, value, by, nowTimestamp()) }));
    },
    answerPost(itemId, value, by) {
      set((s) => ({ postChecklist: answerItem(s.postChecklist, itemId, value, by, nowTimestamp()) }));
    },
    setChecklistPerson(stage, person) {
      set((s) => ({ checklistPerson: { ...s.checklistPerson, [stage]: person } }));
    },
    async cosign(witness, keyName, passphrase) {
      const r = get().packResult;
      if (!r) return;
      set({ exportError: null });
      const done = await call(() => api.packageCosign({ transferId: r.transferId, keyName, passphrase, witness }));
      if (done.ok) set((s) => ({ cosignatures: [...s.cosignatures, done.value] }));
      else set({ exportError: done.error });
    },
    async chooseTarget() {
      const r = await call(() => api.dialogChooseTarget({ title: 'Choose the USB medium or diode send folder' }));
      if (!r.ok) return set({ exportError: r.error });
      // A folder: packed into it directly (no media set, no eject by Sluice).
      if (!r.value.canceled) set({ target: r.value, targetMedium: null, exportError: null });
    },
    setKeyName(name) {
      set({ keyName: name });
    },
    async startPack(passphrase) {
      const s = get();
      const template = s.templates?.['export-pre'];
      if (!s.settings || !template || !s.target) return;
      const d = s.exportDetails;
      const expires = parseDuration(d.expiry);
      if (expires === null) return set({ exportError: { code: 'bad-expiry', message: 'The expiry is not a duration. Write it like 30d, 12h or 2w.' } });
      // The answers as given: main evaluates them under the station's policy and makes the records.
      const checklist = { by: s.checklistPerson.pre || d.operator, answers: s.preChecklist.answers };
      set({ exportError: null, packJobId: null });
      const started = await s.startJob({
        kind: 'pack',
        params: {
          sources: s.sources,
          targetDir: s.target.path,
          // A medium from the list: packed on this station's disk, then written medium by medium.
          ...(s.targetMedium ? { viaStation: true as const } : {}),
          destination: d.destination,
          ...(d.transferId.trim() ? { transferId: d.transferId.trim() } : {}),
          operator: d.operator,
          classification: d.classification,
          purpose: d.purpose,
          ticket: d.ticket,
          expiresInSeconds: expires,
          ...(s.settings.defaults.volumeSize ? { volumeSize: s.settings.defaults.volumeSize } : {}),
          seal: d.seal.trim(),
          requireWitnesses: witnessCount(d) ?? 0,
          ...(s.avScan !== null ? { scan: s.avScan } : {}),
          checklist,
          keyName: s.keyName,
          passphrase,
        },
      });
      if ('error' in started) set({ exportError: started.error });
      else set({ packJobId: started.jobId });
    },
    async cancelPack() {
      const id = get().packJobId;
      if (id) await get().cancelJob(id);
    },
    packFinished(result) {
      set({ packResult: result, exportStep: EXPORT_STEPS.indexOf('Witness co-signature') });
    },
    exportNext() {
      const s = get();
      if (exportBlockers(s).length > 0 || s.exportStep >= EXPORT_STEPS.length - 1 || s.recordingPost) return;
      // The after-packing answers are in no signed manifest: main records them in the custody ledger
      // (comparing the seal typed blind with the signed one); only then does the wizard move on.
      if (EXPORT_STEPS[s.exportStep] === 'After packing') return void recordPostChecklist(s, set, get, api);
      set({ exportStep: s.exportStep + 1, exportError: null });
    },
    exportBack() {
      const s = get();
      // No way back once a package exists (it is signed, and the summary must describe it), nor
      // while one is being made.
      const packing = !!s.packJobId && s.jobs[s.packJobId]?.status === 'running';
      if (s.exportStep > 0 && !s.packResult && !packing) set({ exportStep: s.exportStep - 1, exportError: null });
    },
    async resetExport() {
      // Leaving an export packed for media: main removes the package's copy on the station's disk
      // (after a recorded after-packing checklist it is gone already, and main says so). When main
      // refuses — a medium of it is still being written — the export stays open with main's reason,
      // rather than leaving a package on the station's disk that nobody was told about.
      const { packResult, targetMedium } = get();
      if (packResult && targetMedium) {
        const r = await call(() => api.mediaDiscard({ transferId: packResult.transferId }));
        if (!r.ok) return set({ exportError: { code: r.error.code, message: `The export was not left: ${r.error.message}` } });
      }
      set({
        exportStep: 0, exportDetails: defaultsFrom(get()), sources: [], scan: null, scanning: false, exportError: null,
        preChecklist: EMPTY_CHECKLIST, postChecklist: EMPTY_CHECKLIST, target: null, packJobId: null, packResult: null,
        checklistPerson: { pre: '', post: '' }, cosignatures: [], postRecorded: null, recordingPost: false, avScan: null,
      });
      get().resetMedia();
    },
  };
}

/** Sends the after-packing answers to main; a refusal (a wrong seal typed blind) keeps the wizard on the step. */
async function recordPostChecklist(s: ExportSlice & { exportDetails: ExportDetails }, set: SliceSet, get: SliceGet, api: Api): Promise<void> {
  if (!s.packResult) return;
  set({ recordingPost: true, exportError: null });
  const r = await call(() => api.checklistRecord({ transferId: s.packResult!.transferId, stage: 'export-post', by: s.checklistPerson.post || s.exportDetails.operator, answers: s.postChecklist.answers }));
  if (!r.ok) return set({ recordingPost: false, exportError: { code: r.error.code, message: `The after-packing checklist was not recorded: ${r.error.message}` } });
  set({ recordingPost: false, postRecorded: r.value, exportStep: Math.max(get().exportStep, EXPORT_STEPS.indexOf('Summary')) });
}

/** Fresh details pre-filled from the station's defaults. */
export function defaultsFrom(s: { settings: Settings | null }): ExportDetails {
  const d = initialDetails();
  if (!s.settings) return d;
  return {
    ...d,
    destination: s.settings.defaults.destination ?? '',
    classification: s.settings.defaults.classification,
    expiry: s.settings.defaults.expiry,
    operator: s.settings.people.operators[0] ?? '',
  };
}
