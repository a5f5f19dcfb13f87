/**
 * Ledger events in words for the Records screen: what happened, said the way a person would.
 */
import type { LedgerEntryView } from '../../shared/ipc/contract';

const WORDS: Record<string, string> = {
  'key.created': 'Signing key created',
  'key.trusted': 'Key trusted',
  'key.revoked': 'Key revoked',
  'transfer.packed': 'Packed and signed',
  'media.written': 'Written to media',
  'checklist.completed': 'Checklist completed',
  'transfer.verified': 'Package verified',
  'transfer.approved': 'Approved for import',
  'transfer.rejected': 'Rejected',
  'transfer.imported': 'Imported',
  'document.printed': 'Document printed',
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
      return str('stage') ? `${base} (${str('stage')})` : base;
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
