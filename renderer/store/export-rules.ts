/**
 * What stops each export step from moving on, in words a person can act on. The wizard shows these
 * next to a disabled Next button, and `exportNext` refuses while any remain.
 */
import { NETWORK_ID_PATTERN, TRANSFER_ID_PATTERN } from '../../shared/format/constants';
import type { ScanView, TargetSelection } from '../../shared/ipc/contract';
import type { ChecklistTemplate, ChecklistStage } from '../../shared/checklist';
import { missingRequired } from '../../shared/checklist';
import { evaluateChecklist } from '../../shared/checklist-policy';
import { SEAL_PATTERN } from '../../shared/format/manifest';
import type { Settings } from '../../shared/settings';
import { formatBytes, parseDuration } from '../../shared/units';
import type { ChecklistState } from './checklist-state';

/**
 * The export wizard's steps, in the order people do them: the seal number is known before packing
 * (details), the witness co-signs the signed package, the manifest PDF goes onto the medium while it
 * is still open and then onto paper, and only then is the medium ejected and sealed (after packing).
 */
export const EXPORT_STEPS = ['Transfer details', 'Sources', 'Before packing', 'Target', 'Pack and sign', 'Witness co-signature', 'Manifest', 'After packing', 'Summary'] as const;

export interface ExportDetails {
  destination: string;
  classification: string;
  purpose: string;
  ticket: string;
  /** A duration such as 30d. */
  expiry: string;
  operator: string;
  /** Optional: the engine makes one up when blank. */
  transferId: string;
  /** The tamper-evident bag's number (from numbered stock), signed into the manifest. */
  seal: string;
  /** Witness co-signatures the sender requires, as typed ("0" to "16"). */
  requireWitnesses: string;
}

/** The witness requirement as a number, or null when it is not 0..16. */
export function witnessCount(d: Pick<ExportDetails, 'requireWitnesses'>): number | null {
  const t = d.requireWitnesses.trim();
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n <= 16 ? n : null;
}

/** Problems with the details, by field. */
export function detailProblems(d: ExportDetails): Partial<Record<keyof ExportDetails, string>> {
  const p: Partial<Record<keyof ExportDetails, string>> = {};
  if (!NETWORK_ID_PATTERN.test(d.destination)) p.destination = 'Enter the destination network id (letters, digits, dot, underscore, hyphen; up to 32).';
  if (!d.classification.trim()) p.classification = 'Enter the classification.';
  if (!d.purpose.trim()) p.purpose = 'Say what the transfer is for.';
  if (parseDuration(d.expiry) === null) p.expiry = 'Write the expiry as a duration, such as 30d, 12h or 2w.';
  if (!d.operator.trim()) p.operator = 'Choose the operator packing this transfer.';
  if (d.transferId.trim() && !TRANSFER_ID_PATTERN.test(d.transferId.trim())) p.transferId = 'Transfer ids use letters, digits, dot, underscore, hyphen (up to 64), or leave it blank.';
  if (!SEAL_PATTERN.test(d.seal.trim())) p.seal = 'Enter the number printed on the tamper-evident bag you will seal the medium in (4–32 letters, digits or hyphens).';
  if (witnessCount(d) === null) p.requireWitnesses = 'Enter how many witnesses must co-sign: 0 to 16.';
  return p;
}

/**
 * Bytes the package will need on the target: the payload plus tar headers and padding (up to
 * 1 KiB per entry), the end-of-archive blocks, and room for the manifest and checksum files.
 */
export function requiredBytes(scan: ScanView): number {
  const entries = scan.entries.length;
  return scan.totals.bytes + entries * 1024 + 10240 + 65536 + entries * 400;
}

/**
 * Why the target cannot take the package, or null when it can. A medium from the list never runs
 * out of room (a larger package becomes a media set); a folder must hold it all. A FAT target needs
 * no volume size: main splits below FAT's limit itself. Guidance only: main checks again.
 */
export function targetProblem(target: Extract<TargetSelection, { canceled: false }> | null, scan: ScanView | null, _volumeSize: number | undefined, isMedium = false): string | null {
  if (!target) return 'Choose a removable medium from the list, or a folder (a diode send folder, a share).';
  if (!scan || isMedium) return null;
  const need = requiredBytes(scan);
  if (target.freeBytes < need) return `The target has ${formatBytes(target.freeBytes)} free, but the package needs about ${formatBytes(need)}. Choose a larger medium or remove sources.`;
  return null;
}

/** The state the rules read. */
export interface ExportRulesInput {
  exportStep: number;
  exportDetails: ExportDetails;
  sources: string[];
  scan: ScanView | null;
  scanning: boolean;
  preChecklist: ChecklistState;
  postChecklist: ChecklistState;
  target: Extract<TargetSelection, { canceled: false }> | null;
  /** The medium chosen from the list (null: a folder). */
  targetMedium?: unknown;
  mediaWrite?: { done: boolean };
  packResult: unknown;
  /** Witness co-signatures made on this transfer so far. */
  cosignatures: readonly unknown[];
  settings: Settings | null;
  templates: Record<ChecklistStage, ChecklistTemplate> | null;
}

function checklistBlockers(template: ChecklistTemplate | undefined, state: ChecklistState): string[] {
  if (!template) return ['The checklist has not loaded yet.'];
  return missingRequired(template, state.answers).map((m) => `"${m.label}" ${m.reason}.`);
}

/** Everything that blocks the current step's Next, as sentences; empty when Next may proceed. */
export function exportBlockers(s: ExportRulesInput): string[] {
  switch (EXPORT_STEPS[s.exportStep]) {
    case 'Transfer details':
      return Object.values(detailProblems(s.exportDetails));
    case 'Sources':
      if (s.scanning) return ['Wait for the sources to be scanned.'];
      if (s.sources.length === 0 || !s.scan) return ['Add at least one file or folder.'];
      if (s.scan.refusals.length) return [`Remove the ${s.scan.refusals.length} refused item(s) listed below; the packer will not take them.`];
      if (s.scan.totals.files === 0) return ['The sources hold no files.'];
      return [];
    case 'Before packing': {
      const missing = checklistBlockers(s.templates?.['export-pre'], s.preChecklist);
      if (missing.length || !s.templates) return missing;
      // Guidance only: main runs the same evaluation on the answers and refuses the pack.
      const e = evaluateChecklist(s.templates['export-pre'], s.preChecklist.answers, { by: s.exportDetails.operator, manifest: null });
      return e.blocks.map((b) => `This answer stops the packing: ${b.reason}.`);
    }
    case 'Target': {
      const p = targetProblem(s.target, s.scan, s.settings?.defaults.volumeSize, s.targetMedium !== null && s.targetMedium !== undefined);
      return p ? [p] : [];
    }
    case 'Pack and sign':
      return s.packResult ? [] : ['Pack and sign the transfer first.'];
    case 'Witness co-signature': {
      const need = witnessCount(s.exportDetails) ?? 0;
      const left = need - s.cosignatures.length;
      return left > 0 ? [`This transfer requires ${need} witness co-signature(s); ${left} more to go.`] : [];
    }
    case 'After packing':
      // Packed for media: every medium written, read back and ejected first (main refuses otherwise).
      if (s.targetMedium && !s.mediaWrite?.done) return ['Write, read back and eject every medium of the set first (above).'];
      return checklistBlockers(s.templates?.['export-post'], s.postChecklist);
    default:
      return [];
  }
}
