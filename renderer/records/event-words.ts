/**
 * Ledger events in words for the Records screen: what happened, said the way a person would.
 */
import type { LedgerEntryView } from '../../shared/ipc/contract';

const WORDS: Record<string, string> = {
  'key.created': 'Signing key created',
  'key.trusted': 'Key trusted',
  'key.revoked': 'Key revoked',
  'transfer.packed': 'Packed and signed',
  'transfer.cosigned': 'Co-signed by a witness',
  'media.written': 'Written to media',
  'checklist.completed': 'Checklist completed',
  'transfer.verified': 'Package verified',
  'transfer.approved': 'Approved for import',
  'transfer.rejected': 'Rejected',
  'transfer.imported': 'Imported',
  'transfer.importing': 'Import started',
  'transfer.import-abandoned': 'Import interrupted; nothing imported',
  'document.printed': 'Document printed',
  'ledger.repaired': 'Ledger repaired (a torn last line was cut)',
  'station.scan-settings': 'Antivirus settings changed',
  'station.policy': 'Import policy changed (witness co-signatures required)',
};

/** "Packed and signed", "Rejected: <reason>", "Document printed: receipt", … */
export function describeEvent(e: LedgerEntryView): string {
  const base = WORDS[e.event] ?? e.event;
  const d = e.data;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  switch (e.event) {
    case 'transfer.rejected':
      return str('reason') ? `${base}: ${str('reason')}` : base;
    case 'transfer.verified':
      return d.ok === true ? `${base}: every check passed` : `${base}: FAILED`;
    case 'checklist.completed':
      return checklistWords(base, d);
    case 'transfer.cosigned':
      return str('keyId') ? `${base}: key ${str('keyId')}${str('fingerprint') ? `, fingerprint ${str('fingerprint')}` : ''}` : base;
    case 'transfer.packed':
      return str('seal') ? `${base}; seal ${str('seal')}` : base;
    case 'document.printed':
      return str('document') ? `${base}: ${str('document')}` : base;
    case 'media.written':
      return str('target') ? `${base}: ${str('target')}` : base;
    case 'transfer.imported':
      return str('path') ? `${base} to ${str('path')}` : base;
    case 'key.created':
    case 'key.trusted':
    case 'key.revoked':
      return str('label') ?? str('name') ? `${base}: ${str('label') ?? str('name')}` : base;
    default:
      return base;
  }
}

const STAGE_WORDS: Record<string, string> = { 'export-pre': 'before packing', 'export-post': 'after packing', import: 'import' };

/**
 * A checklist with its answers, so the record reads without opening the ledger: "Checklist
 * completed (after packing): Seal number …: TE-1 (matches the signed seal); Hand-over: Via courier".
 */
function checklistWords(base: string, d: Record<string, unknown>): string {
  const stage = typeof d.stage === 'string' ? d.stage : null;
  const head = stage ? `${base} (${STAGE_WORDS[stage] ?? stage})` : base;
  const matches = Array.isArray(d.matches) ? (d.matches as { itemId?: unknown; matched?: unknown }[]) : [];
  const records = Array.isArray(d.records) ? (d.records as { itemId?: unknown; label?: unknown; value?: unknown }[]) : [];
  const answers = records.length
    ? records.map((r) => {
        const value = r.value === true ? 'yes' : r.value === false ? 'no' : String(r.value);
        const m = matches.find((x) => x.itemId === r.itemId);
        return `${String(r.label)}: ${value}${m ? (m.matched === true ? ' (matches the signed seal)' : ' (does NOT match the signed seal)') : ''}`;
      })
    : Array.isArray(d.items) ? d.items.map(String) : [];
  return answers.length ? `${head}: ${answers.join('; ')}` : head;
}
