/**
 * The import checklist of a transfer as the custody ledger recorded it, for its receipt or
 * rejection report: the `checklist.completed` entry with `data.stage === 'import'` that the CLI's
 * `sluice import --checklist` and the app's `import:commit` write before the decision, with
 * `data.records` and, when the policy evaluated them, `data.matches` and `data.blocks`.
 *
 * The ledger's chain is verified before this is read, but its data is still only what some writer
 * put there: every field is checked for shape here, and what does not fit is left out rather than
 * printed as something it is not.
 */
import type { ChecklistBlock, ChecklistMatch } from '../../../shared/checklist-policy';
import type { ChecklistRecord } from '../../../shared/format/manifest';
import type { CosignerResult } from '../../../shared/format/report';
import type { LedgerEntry } from '../../../shared/ledger-events';
import type { ImportChecklist } from '../../../shared/print/index';

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toRecord(v: unknown): ChecklistRecord | null {
  if (!isObject(v)) return null;
  const { stage, itemId, label, kind, value, by, at } = v;
  if (![stage, itemId, label, by, at].every(isString)) return null;
  if (kind !== 'confirm' && kind !== 'text' && kind !== 'choice') return null;
  if (typeof value !== 'string' && typeof value !== 'boolean') return null;
  return { stage: stage as string, itemId: itemId as string, label: label as string, kind, value, by: by as string, at: at as string };
}

function toMatch(v: unknown): ChecklistMatch | null {
  if (!isObject(v)) return null;
  const { itemId, label, field, typed, expected, matched } = v;
  if (![itemId, label, typed, expected].every(isString) || typeof matched !== 'boolean') return null;
  if (field !== 'seal' && field !== 'transferId') return null;
  return { itemId: itemId as string, label: label as string, field, typed: typed as string, expected: expected as string, matched };
}

function toBlock(v: unknown): ChecklistBlock | null {
  if (!isObject(v)) return null;
  const { itemId, label, answer, reason } = v;
  if (![itemId, label, answer, reason].every(isString)) return null;
  return { itemId: itemId as string, label: label as string, answer: answer as string, reason: reason as string };
}

function list<T>(v: unknown, parse: (x: unknown) => T | null): T[] {
  return Array.isArray(v) ? v.map(parse).filter((x): x is T => x !== null) : [];
}

/** The import checklist of one `checklist.completed` entry, or null when it is not one. */
export function importChecklistOf(entry: LedgerEntry): ImportChecklist | null {
  if (entry.event !== 'checklist.completed' || entry.data.stage !== 'import') return null;
  return { records: list(entry.data.records, toRecord), matches: list(entry.data.matches, toMatch), blocks: list(entry.data.blocks, toBlock) };
}

/**
 * The import checklist answered for `transferId` last before the ledger entry `beforeSeq` (the
 * `transfer.imported` or `transfer.rejected` it led to), or undefined when none was recorded.
 * Entries are in ledger order.
 */
export function findImportChecklist(entries: readonly LedgerEntry[], transferId: string, beforeSeq: number): ImportChecklist | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.seq >= beforeSeq || e.transferId !== transferId) continue;
    // An earlier decision on the same transfer ends the search: its checklist belongs to that one.
    if (e.event === 'transfer.imported' || e.event === 'transfer.rejected') return undefined;
    const checklist = importChecklistOf(e);
    if (checklist) return checklist;
  }
  return undefined;
}

/**
 * The witness co-signatures this station recorded for a packed transfer (`transfer.cosigned`, with
 * the witness as actor) whose file is still in the package, for the printed transfer manifest.
 * They are the export station's own record, not a verification: the import side's verifier judges
 * them against its trust store. `status` is 'valid' only in the sense that they were made here over
 * this manifest (`manifestSha256`); the manifest prints key id, witness, fingerprint and file.
 */
export function recordedCosigners(entries: readonly LedgerEntry[], transferId: string, manifestSha256: string, packageFiles: readonly string[]): CosignerResult[] {
  const seen = new Set<string>();
  const out: CosignerResult[] = [];
  for (const e of entries) {
    if (e.event !== 'transfer.cosigned' || e.transferId !== transferId || e.data.manifestSha256 !== manifestSha256) continue;
    const keyId = e.data.keyId;
    if (!isString(keyId) || seen.has(keyId)) continue;
    const file = isString(e.data.file) ? e.data.file : `cosign-${keyId}.minisig`;
    if (!packageFiles.includes(file)) continue;
    seen.add(keyId);
    out.push({ file, keyId, label: e.actor, fingerprint: isString(e.data.fingerprint) ? e.data.fingerprint : null, role: 'witness', status: 'valid', reason: '' });
  }
  return out;
}
