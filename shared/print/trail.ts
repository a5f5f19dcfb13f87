/**
 * The procedure on paper (issue 8): the seal number and co-signature requirement signed into the
 * manifest, the import checklist as answered (the seal typed blind and whether it matched, the
 * antivirus result, the witness), the answers that blocked approval, and each witness co-signature
 * with its key id and fingerprint. Shared by the transfer manifest, the receipt and the rejection report.
 */
import type { ChecklistBlock, ChecklistMatch } from '../checklist-policy';
import type { ChecklistRecord, Manifest } from '../format/manifest';
import type { CosignerResult } from '../format/report';
import { headCells, monoCell, pathCell, proseCell, row, type Cell } from './cells';
import type { Table } from './paginate';
import { detailsTable, mono, prose } from './sections';

/**
 * The import checklist as evaluated when the officer decided: the records (each answer, by whom,
 * when), the blind comparisons with signed manifest fields, and the answers that blocked approval.
 * The same shape as the data of the ledger's `checklist.completed` entry with stage 'import'.
 */
export interface ImportChecklist {
  records: readonly ChecklistRecord[];
  matches: readonly ChecklistMatch[];
  blocks: readonly ChecklistBlock[];
}

/** What the manifest says about its seal, as printed ("No seal number…" when there is none). */
export function sealText(m: Manifest): string {
  return m.seal ?? 'No seal number was signed into this manifest';
}

/** What the manifest requires of co-signatures, as printed. */
export function cosignRequirementText(m: Manifest): string {
  const n = m.cosign?.witnesses;
  if (n === undefined) return 'None declared in this manifest (the importing station may still require witnesses)';
  return `${n} witness co-signature${n === 1 ? '' : 's'} required (critical extension cosign)`;
}

const answerText = (value: ChecklistRecord['value']): string => (typeof value === 'boolean' ? (value ? 'YES, confirmed' : 'NO') : value);

/** "matched" or "did not match" the signed field, as printed beside a typed answer. */
function matchText(match: ChecklistMatch): string {
  const field = match.field === 'seal' ? 'signed seal' : `signed ${match.field}`;
  return match.matched ? `MATCHED the ${field}` : `DID NOT MATCH the ${field} ${match.expected}`;
}

/**
 * Checklist answers: item, answer, who answered and when. Typed answers compared with a signed
 * field carry the comparison's outcome; blocking answers are marked. `title` says which checklist.
 */
export function answersTable(title: string, records: readonly ChecklistRecord[], empty: string, extra?: Pick<ImportChecklist, 'matches' | 'blocks'>): Table {
  const rows = records.map((r) => {
    const notes: string[] = [];
    const match = extra?.matches.find((m) => m.itemId === r.itemId);
    if (match) notes.push(matchText(match));
    if (extra?.blocks.some((b) => b.itemId === r.itemId)) notes.push('BLOCKS APPROVAL');
    const answer = [answerText(r.value), ...notes].join(' — ');
    return row([proseCell(r.label, 34), proseCell(answer, 32), proseCell(r.by, 14), monoCell(r.at, 10)]);
  });
  return { kind: 'table', title, head: headCells(['Item', 'Answer', 'By', 'At (UTC)']), rows, empty };
}

/** The import checklist table: every answer with who and when; the seal's comparison beside it. */
export function importChecklistTable(checklist: ImportChecklist | undefined): Table {
  return answersTable('Import checklist', checklist?.records ?? [], 'No import checklist was recorded for this transfer.', checklist);
}

/**
 * The seal: the number signed into the manifest, the number typed at import, and whether they
 * matched — from the checklist evaluation, never recomputed here.
 */
export function sealTable(manifest: Manifest | null, checklist: ImportChecklist | undefined): Table {
  const rows: [string, Cell][] = [['Seal number signed into the manifest', manifest ? mono(sealText(manifest)) : prose('unknown: the manifest signature did not verify')]];
  const seal = checklist?.matches.filter((m) => m.field === 'seal') ?? [];
  for (const m of seal) {
    rows.push(['Seal number typed at import', mono(m.typed)], ['Comparison', mono(m.matched ? 'MATCHED' : `DID NOT MATCH (signed: ${m.expected})`)]);
  }
  if (seal.length === 0) {
    const why = !manifest?.seal ? 'nothing to compare with' : checklist ? 'no seal number was typed in the import checklist' : 'no import checklist was recorded';
    rows.push(['Comparison', prose(`Not compared: ${why}`)]);
  }
  return detailsTable('Seal', rows);
}

/** The answers that left Reject as the only decision, with the reason each gives. */
export function blocksTable(blocks: readonly ChecklistBlock[]): Table {
  return {
    kind: 'table',
    title: `Answers that blocked approval (${blocks.length})`,
    head: headCells(['Item', 'Answer', 'Reason']),
    rows: blocks.map((b) => row([proseCell(b.label, 26), proseCell(b.answer, 22), proseCell(b.reason, 44)])),
  };
}

const STATUS_WORDS: Record<CosignerResult['status'], string> = {
  valid: 'VALID',
  'unknown-key': 'NOT COUNTED: key not trusted',
  'not-a-witness': 'NOT COUNTED: key not trusted as a witness',
  'signer-key': "NOT COUNTED: the signer's own key",
  revoked: 'NOT COUNTED: key revoked',
  'bad-signature': 'NOT COUNTED: signature does not verify',
  'bad-comment': 'NOT COUNTED: trusted comment does not name this transfer',
  malformed: 'NOT COUNTED: malformed file',
};

function cosignerRow(c: CosignerResult) {
  const status = c.status === 'valid' || !c.reason ? STATUS_WORDS[c.status] : `${STATUS_WORDS[c.status]} (${c.reason})`;
  return row([monoCell(c.keyId, 16), proseCell(c.label ?? 'not in the trust store', 18), proseCell(c.fingerprint ?? '—', 26), proseCell(status, 26)]);
}

/**
 * The witness co-signatures the verifier judged (report.cosigners) against the number required.
 * `cosigners` undefined means the verification that made the report did not look for any.
 */
export function cosignersTable(cosigners: readonly CosignerResult[] | undefined, required: number | undefined): Table {
  const valid = cosigners?.filter((c) => c.status === 'valid').length ?? 0;
  const need = required ?? 0;
  const title = cosigners === undefined ? 'Witness co-signatures' : `Witness co-signatures (${valid} valid, ${need} required${valid < need ? ' — NOT ENOUGH' : ''})`;
  return {
    kind: 'table',
    title,
    head: headCells(['Key id', 'Witness', 'Fingerprint', 'Status']),
    rows: (cosigners ?? []).map(cosignerRow),
    empty: cosigners === undefined ? 'Co-signatures were not checked by the verification this report comes from.' : `The package carries no co-signature (cosign-<KEYID>.minisig). ${need} required.`,
  };
}

/**
 * The transfer manifest's co-signature section: the co-signatures already added when it is printed,
 * or blank rows (one per required witness, at least one) for the witness to note their key id by hand.
 */
export function manifestCosignersTable(manifest: Manifest, cosigners: readonly CosignerResult[] | undefined): Table {
  // Two empty lines of the column's width: room for a key id or a name written by hand.
  const blank = (width: 16 | 18 | 26): Cell => ({ html: `<div class="m w${width}">&nbsp;<br>&nbsp;</div>`, lines: 2 });
  const rows = cosigners?.length
    ? cosigners.map((c) => row([monoCell(c.keyId, 16), proseCell(c.label ?? 'not in the trust store', 18), proseCell(c.fingerprint ?? '—', 26), pathCell(c.file, 26)]))
    : Array.from({ length: Math.max(1, manifest.cosign?.witnesses ?? 1) }, () => row([blank(16), blank(18), blank(26), blank(26)]));
  return {
    kind: 'table',
    title: cosigners?.length ? 'Witness co-signatures added before printing' : 'Witness co-signatures (to note by hand)',
    head: headCells(['Key id', 'Witness', 'Fingerprint', cosigners?.length ? 'File' : 'Signature']),
    rows,
  };
}
