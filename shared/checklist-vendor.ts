/**
 * The machine's answer to a before-packing checklist item marked `answeredBy: 'vendor-checksums'`
 * (docs/CHECKLISTS.md): when the sources carry vendor checksum files and the pack can check every
 * one of them, Sluice answers — a mismatch refuses the pack, so a package signed with this answer
 * matched. When there are none, or one Sluice cannot check (SHA-512 only, a line not understood),
 * the machine gives no answer and the person answers as before.
 */
import type { ChecklistTemplate } from './checklist';
import type { MachineAnswers } from './checklist-policy';

/** What a look at the sources found (electron/engine/pack/vendor-probe.ts). */
export interface VendorChecksumProbe {
  found: number;
  checkable: number;
}

/** Who the record names as having answered: the machine, and on what. */
export function vendorChecksumsBy(probe: VendorChecksumProbe): string {
  // Ends in "(machine)", as every machine answer's `by` does (the app shows such an answer read-only).
  return `Sluice: ${probe.found} vendor checksum file${probe.found === 1 ? '' : 's'}, every listed file checked while packing (machine)`;
}

/**
 * The machine's answers: a confirm item confirmed; a choice item its first option that does not
 * block approval ("Checked, all match"). Empty when the machine cannot answer.
 */
export function vendorChecksumAnswers(template: ChecklistTemplate, probe: VendorChecksumProbe): MachineAnswers {
  const out: MachineAnswers = {};
  if (probe.found === 0 || probe.checkable !== probe.found) return out;
  const by = vendorChecksumsBy(probe);
  for (const item of template.items) {
    if (item.answeredBy !== 'vendor-checksums') continue;
    if (item.kind === 'confirm') out[item.id] = { value: true, by };
    else if (item.kind === 'choice') {
      const value = item.options.find((o) => !(item.blocksApproval ?? []).includes(o));
      if (value !== undefined) out[item.id] = { value, by };
    }
  }
  return out;
}
