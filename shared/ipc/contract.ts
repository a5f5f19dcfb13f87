/**
 * THE IPC contract between the renderer and main. Every invoke channel is `domain:verb` with a zod
 * schema for its one request argument (checked at runtime in main before a handler runs) and a
 * response type (./views). Every response is a `Result` — errors never cross IPC as throws.
 *
 * The preload API (`window.sluice`) is derived from this file: one function per invoke channel
 * (`settings:get` → `settingsGet`) and one subscription per event (`job:progress` →
 * `onJobProgress(cb)` returning an unsubscribe function). Add a channel here and the handler table,
 * the preload and the renderer's types all follow.
 *
 * Paths: a request path is honoured only if main granted it to the calling window first (from a
 * dialog or an engine result such as `inbox:list` or a finished pack). The renderer cannot name an
 * arbitrary file.
 */
import { z } from 'zod';
import { TRANSFER_ID_PATTERN } from '../format/constants';
import { settingsSchema, STATION_FOLDERS, type Settings } from '../settings';
import { checklistAnswersSchema, type ChecklistStage, type ChecklistTemplate } from '../checklist';
import type { Result } from '../result';
import { jobStartSchema, checklistAnswersRequest, name, path, text } from './job-requests';
import { EVENT_CHANNEL_NAMES, type ApiEventName, type ApiMethodName } from './names';
import { mediaRequestSchemas, type MediaResponses } from './media';
import type {
  ChecklistRecordedView, CosignedView, DialogSelection, ExportedPublicKey, ImportDecisionView, ImportEvaluationView, InboxPackageView, JobDoneEvent, JobFailedEvent,
  JobProgressEvent, KeptDocumentView, KeyFileView, KeyView, LedgerCheckView, LedgerEntryView, PrintedView, RecordHit, ScanStatusView, ScanView, SignatureView,
  TargetSelection, TrustedKeyView, StationFolderView, StationSetupView, ChosenFolderView,
} from './views';

export * from './views';
export * from './media';
export { packParamsSchema, jobStartSchema, type PackParams, type JobStartRequest, type JobKind } from './job-requests';

const none = z.strictObject({});
const jobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const stagingId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
/** What every print request says about the paper and how to print. */
const printOptions = { paper: z.enum(['A4', 'Letter']), action: z.enum(['pdf', 'dialog']), actor: text(200).min(1).optional() };
/** A kept document's file name: `<transferId>.<kind>.pdf` or `<transferId>.<kind>-<n>.pdf` (a reprint). */
export const KEPT_DOCUMENT_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}\.(manifest|receipt|rejection)(-[1-9][0-9]{0,2})?\.pdf$/;


/** Request schemas of every invoke channel. Helper modules add `print:*` channels here. */
export const requestSchemas = {
  'settings:get': none,
  /** Saves settings whose folders are unchanged (folders change only through settings:chooseFolder); refused before set-up. */
  'settings:save': z.strictObject({ settings: settingsSchema }),
  /**
   * First run only: main checks the proposed folders (distinct; quarantine and import destination
   * on one volume), creates every missing one with mode 0700, then saves the settings.
   */
  'station:setup': z.strictObject({ settings: settingsSchema }),
  /** Every station folder with whether it exists now (the Folders screen). */
  'settings:folders': none,
  /** Opens main's folder dialog for one station folder, checks the answer, saves and returns the settings. */
  'settings:chooseFolder': z.strictObject({ which: z.enum(STATION_FOLDERS) }),
  'checklist:templates': none,
  /** What main found and cleaned up at start (leftovers of a crashed session), one display-safe line each. */
  'station:notices': none,
  /** Settings → Antivirus: the scan policy, the chosen scanner, and whether the engine answers now. */
  'scan:status': none,
  /**
   * Chooses the scanner through main's dialogs: `clamavDb` (a folder: clamscan's signatures) or
   * `clamdSocket` (clamd's socket file: scan through clamd); `clamscan` forgets the socket. `actor`
   * (one of the station's people) is recorded in the ledger with the old and new setting.
   */
  'scan:choose': z.strictObject({ which: z.enum(['clamavDb', 'clamdSocket', 'clamscan']), actor: text(200).min(1) }),
  /** Sets the scan policy; recorded in the ledger (`station.scan-settings`) with `actor`, never silently. */
  'scan:setPolicy': z.strictObject({ policy: z.enum(['off', 'optional', 'required']), actor: text(200).min(1) }),
  /**
   * Sets how many witness co-signatures an import requires (the two-person rule); `actor` (a
   * security officer) is recorded in the ledger (`station.policy`) with the old and new policy
   * before it is saved. Returns the saved settings.
   */
  'policy:setWitnesses': z.strictObject({ requireWitnesses: z.number().int().min(0).max(16), actor: text(200).min(1) }),

  'dialog:openFiles': z.strictObject({ title: text(200).optional() }),
  'dialog:openFolder': z.strictObject({ title: text(200).optional() }),
  'dialog:chooseTarget': z.strictObject({ title: text(200).optional() }),
  /**
   * The files last dropped onto the window (drag and drop of sources). The preload reads their paths
   * from the real drop event itself (webUtils.getPathForFile), so the page cannot name a path; main
   * grants them like a dialog's answer and hands them over once.
   */
  'dialog:dropped': none,

  'sources:scan': z.strictObject({ paths: z.array(path).min(1).max(10_000) }),

  'keys:list': none,
  /** `actor`: who generates the key (one of the station's people), recorded in the ledger. */
  'keys:generate': z.strictObject({ name, passphrase: z.string().min(8, 'at least 8 characters').max(1024), actor: text(200).min(1) }),
  /** Returns the .pub text; with `targetDir` (a granted folder, e.g. hand-over media) also writes `<name>.pub` there. */
  'keys:exportPublic': z.strictObject({ name, targetDir: path.optional() }),

  'trust:list': none,
  /** Reads a .pub file's key id and fingerprint, for the officer to compare. Trusts nothing. */
  'trust:inspect': z.strictObject({ file: path }),
  /** Trusts the key in `file` only if `typedFingerprint` (what the officer typed or confirmed) matches it. */
  /** `role`: signer (default) or witness (may only co-sign); `actor`: the officer trusting it. */
  'trust:add': z.strictObject({ file: path, label: name, typedFingerprint: z.string().min(1).max(200), role: z.enum(['signer', 'witness']).optional(), actor: text(200).min(1) }),
  /** `actor`: the officer revoking it; the reason is recorded with them. */
  'trust:revoke': z.strictObject({ label: name, reason: text(500).min(1), actor: text(200).min(1) }),

  'inbox:list': none,
  'package:checkSignature': z.strictObject({ dir: path }),

  'job:start': jobStartSchema,
  'job:cancel': z.strictObject({ jobId }),

  /**
   * The import checklist's answers judged by main against the station's import template and the
   * staged package's signed manifest: problems, blocking answers, and blind matches (the expected
   * seal is revealed only here, after it was typed). Decides nothing.
   */
  'import:evaluate': z.strictObject({ stagingId, officer: text(200).min(1), answers: checklistAnswersSchema }),
  /**
   * The officer's decision on a staged import, with who decided, why, and the checklist ANSWERS —
   * main evaluates them itself (the renderer's own evaluation only guides the person): problems
   * refuse the decision, and 'approve' while an answer blocks approval is refused with
   * 'approval-blocked' (the import stays staged; Reject is still possible).
   */
  'import:commit': z.strictObject({
    stagingId,
    decision: z.enum(['approve', 'reject']),
    reason: text(2000).min(1),
    officer: text(200).min(1),
    answers: checklistAnswersSchema,
    /**
     * Where the station holds witness keys, an approval needs the witness to unlock one: its name in
     * the keys folder and the witness's passphrase (evaluation.witnessKeys lists the names).
     */
    witnessKey: z.strictObject({ keyName: name, passphrase: z.string().min(1).max(1024) }).optional(),
  }),
  'import:discard': z.strictObject({ stagingId }),

  'ledger:list': z.strictObject({
    offset: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(1000).optional(),
    event: text(100).optional(),
  }),
  'ledger:verify': none,
  'records:search': z.strictObject({ query: text(200), limit: z.number().int().positive().max(1000).optional() }),

  /**
   * Prints a document main builds itself from what it holds — the renderer never sends HTML or a
   * path. `manifest`: the transfer this station packed (from its `transfer.packed` ledger entry);
   * `receipt`: an import this window decided (its staging id); `rejection`: an import this window
   * rejected (staging id) or whose verification failed (the stage job's id). `pdf` saves a PDF;
   * `dialog` opens the system print dialog and keeps a PDF copy when printed. `actor` is the person
   * printing (recorded in the ledger); default: the operator or officer of the transfer.
   */
  'print:document': z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('manifest'), transferId: z.string().regex(TRANSFER_ID_PATTERN), ...printOptions,
      /**
       * The copy beside the package on the medium. true: write it (refused once the after-packing
       * checklist says the medium is sealed); false: records folder only; absent: beside the
       * package while the medium is open, records only once it is sealed.
       */
      medium: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('receipt'), stagingId, ...printOptions }),
    z.strictObject({ kind: z.literal('rejection'), stagingId: stagingId.optional(), jobId: jobId.optional(), ...printOptions })
      .refine((r) => (r.stagingId === undefined) !== (r.jobId === undefined), 'give either stagingId or jobId'),
  ]),
  /** The printed documents kept in the records folder for one transfer. */
  'records:documents': z.strictObject({ transferId: z.string().regex(TRANSFER_ID_PATTERN) }),
  /**
   * Opens a kept document with the system's PDF viewer — only a file Sluice printed: named for the
   * transfer, directly in the records folder, and byte for byte what the ledger recorded.
   */
  'records:open': z.strictObject({ transferId: z.string().regex(TRANSFER_ID_PATTERN), file: z.string().regex(KEPT_DOCUMENT_PATTERN) }),
  /** Ledger entries by transfer id (substring), person (substring) and date range (UTC prefixes), newest first. */
  'records:events': z.strictObject({
    transferId: text(200).optional(),
    actor: text(200).optional(),
    from: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date like 2026-03-01').optional(),
    to: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date like 2026-03-31').optional(),
    exact: z.boolean().optional(),
    limit: z.number().int().positive().max(1000).optional(),
  }),
  /**
   * Records the export's after-packing checklist (in no signed manifest): main evaluates the ANSWERS
   * against the station's export-post template with the packed package's signed seal and transfer
   * id (typed blind: a mismatch is refused), and appends `checklist.completed` with who and when.
   * Once recorded, nothing more is written onto that transfer's medium.
   */
  'checklist:record': z.strictObject({
    transferId: z.string().regex(TRANSFER_ID_PATTERN),
    stage: z.literal('export-post'),
    ...checklistAnswersRequest.shape,
  }),
  /**
   * A witness co-signs a transfer this station packed with THEIR OWN key (`<keysDir>/<keyName>.key`),
   * after reviewing the summary: `cosign-<KEYID>.minisig` beside manifest.json, and
   * `transfer.cosigned` in the ledger. Refused for the signer's key, for a witness who is the
   * operator or not one of the station's witnesses, and once the medium is sealed.
   */
  'package:cosign': z.strictObject({
    transferId: z.string().regex(TRANSFER_ID_PATTERN),
    keyName: name,
    passphrase: z.string().min(1).max(1024),
    witness: text(200).min(1),
  }),
  ...mediaRequestSchemas,
} as const;

/** What each invoke channel returns inside its Result. Keys must match `requestSchemas`. */
export interface InvokeResponses extends MediaResponses {
  'settings:get': Settings | null;
  'settings:save': Settings;
  'station:setup': StationSetupView;
  'settings:folders': StationFolderView[];
  'settings:chooseFolder': ChosenFolderView;
  'checklist:templates': Record<ChecklistStage, ChecklistTemplate>;
  'station:notices': string[];
  'scan:status': ScanStatusView;
  'scan:choose': ScanStatusView & { canceled: boolean };
  'scan:setPolicy': ScanStatusView;
  'policy:setWitnesses': Settings;
  'dialog:openFiles': DialogSelection;
  'dialog:openFolder': DialogSelection;
  'dialog:chooseTarget': TargetSelection;
  'dialog:dropped': DialogSelection;
  'sources:scan': ScanView;
  'keys:list': KeyView[];
  'keys:generate': KeyView;
  'keys:exportPublic': ExportedPublicKey;
  'trust:list': TrustedKeyView[];
  'trust:inspect': KeyFileView;
  'trust:add': TrustedKeyView;
  'trust:revoke': TrustedKeyView;
  'inbox:list': InboxPackageView[];
  'package:checkSignature': SignatureView;
  'job:start': { jobId: string };
  'job:cancel': { cancelled: boolean };
  'import:evaluate': ImportEvaluationView;
  'import:commit': ImportDecisionView;
  'import:discard': { discarded: boolean };
  'ledger:list': { entries: LedgerEntryView[]; total: number };
  'ledger:verify': LedgerCheckView;
  'records:search': { hits: RecordHit[] };
  'print:document': PrintedView;
  'records:documents': { documents: KeptDocumentView[] };
  'records:open': { opened: boolean };
  'records:events': { entries: LedgerEntryView[]; total: number };
  'checklist:record': ChecklistRecordedView;
  'package:cosign': CosignedView;
}

export type InvokeChannel = keyof typeof requestSchemas & keyof InvokeResponses;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof requestSchemas)[C]>;
export type InvokeResponse<C extends InvokeChannel> = InvokeResponses[C];
export type InvokeResult<C extends InvokeChannel> = Result<InvokeResponses[C]>;

/** Every invoke channel, in contract order (the preload and the handler registration iterate this). */
export const INVOKE_CHANNELS = Object.keys(requestSchemas) as InvokeChannel[];

/** Main → renderer events and their payloads. */
export interface EventPayloads {
  'job:progress': JobProgressEvent;
  'job:done': JobDoneEvent;
  'job:failed': JobFailedEvent;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_CHANNEL_NAMES;

export { apiEventName, apiMethodName, type ApiEventName, type ApiMethodName } from './names';

/** Channels whose request has no required field may be called without an argument. */
type InvokeFn<C extends InvokeChannel> = {} extends InvokeRequest<C>
  ? (request?: InvokeRequest<C>) => Promise<InvokeResult<C>>
  : (request: InvokeRequest<C>) => Promise<InvokeResult<C>>;

/**
 * `window.sluice`: one function per invoke channel, one subscription per event. Subscriptions
 * return a function that unsubscribes.
 */
export type Api = { [C in InvokeChannel as ApiMethodName<C>]: InvokeFn<C> } & {
  [E in EventChannel as ApiEventName<E>]: (listener: (payload: EventPayloads[E]) => void) => () => void;
};

/** Re-exported for the renderer's checklist forms. */
export { checklistAnswersSchema };
