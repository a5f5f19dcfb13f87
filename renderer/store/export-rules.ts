/**
 * What stops each export step from moving on, in words a person can act on. The wizard shows these
 * next to a disabled Next button, and `exportNext` refuses while any remain.
 */
import { NETWORK_ID_PATTERN, TRANSFER_ID_PATTERN } from '../../shared/format/constants';
import type { ScanView, TargetSelection } from '../../shared/ipc/contract';
import type { ChecklistTemplate, ChecklistStage } from '../../shared/checklist';
import { missingRequired } from '../../shared/checklist';
import type { Settings } from '../../shared/settings';
import { formatBytes, parseDuration } from '../../shared/units';
import type { ChecklistState } from './checklist-state';

/** The export wizard's steps, in order. */
export const EXPORT_STEPS = ['Transfer details', 'Sources', 'Before packing', 'Target', 'Pack and sign', 'After packing', 'Summary'] as const;

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

/** Why the target cannot take the package, or null when it can. */
export function targetProblem(target: Extract<TargetSelection, { canceled: false }> | null, scan: ScanView | null, volumeSize: number | undefined): string | null {
  if (!target) return 'Choose the target folder (the USB medium or the diode send folder).';
  if (!scan) return null;
  const need = requiredBytes(scan);
  if (target.freeBytes < need) return `The target has ${formatBytes(target.freeBytes)} free, but the package needs about ${formatBytes(need)}. Choose a larger medium or remove sources.`;
  if (target.maxFileBytes !== null && !volumeSize && need > target.maxFileBytes) {
    return `The target's file system (${target.filesystem ?? 'unknown'}) takes files up to ${formatBytes(target.maxFileBytes)}; this payload is larger. Set a volume size in the settings to split it, or use another medium.`;
  }
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
  packResult: unknown;
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
    case 'Before packing':
      return checklistBlockers(s.templates?.['export-pre'], s.preChecklist);
    case 'Target': {
      const p = targetProblem(s.target, s.scan, s.settings?.defaults.volumeSize);
      return p ? [p] : [];
    }
    case 'Pack and sign':
      return s.packResult ? [] : ['Pack and sign the transfer first.'];
    case 'After packing':
      return checklistBlockers(s.templates?.['export-post'], s.postChecklist);
    default:
      return [];
  }
}
