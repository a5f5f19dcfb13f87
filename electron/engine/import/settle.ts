/**
 * Settling interrupted imports. `commitImport` records its intent ('transfer.importing') before
 * the rename into the destination and the outcome after it; a crash (kill -9, power loss) between
 * the two leaves an intent without an outcome. The next import, holding the ledger's lock, looks
 * at what the disk holds and writes the outcome the crash prevented, so the ledger and the
 * destination never disagree:
 *
 * - the destination holds the staged tree (the same directory inode, which a rename keeps; or,
 *   with the staging folder gone, the same number of files and bytes): it WAS imported —
 *   'transfer.imported' with `settled: "after-interruption"`;
 * - otherwise: nothing was imported — the staging folder (if still there) is removed and
 *   'transfer.import-abandoned' is recorded, after which the transfer may be imported again.
 *
 * An intent whose folders cannot be seen (the volume is not mounted) is left as it is: it keeps
 * counting as imported for replay until a run that can see them settles it.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { printable } from '../../../shared/format/fault';
import type { LedgerEntry } from '../../../shared/ledger-events';
import type { LedgerTransaction } from '../ledger/index';
import { replayFold } from './replay-guard';

/** What settling did with one intent. */
export interface SettledIntent {
  transferId: string;
  intentSeq: number;
  outcome: 'imported' | 'abandoned' | 'unreachable';
  /** The final path (imported) or why it was abandoned / left. */
  detail: string;
}

async function lstatOrNull(path: string) {
  return lstat(path).catch(() => null);
}

/** Regular files and their bytes under `root` (never following links). */
async function countTree(root: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) await walk(p);
      else if (d.isFile()) {
        files++;
        bytes += (await lstat(p)).size;
      }
    }
  };
  await walk(root);
  return { files, bytes };
}

/** Settles one intent; appends its outcome through `tx`. */
async function settleOne(tx: LedgerTransaction, e: LedgerEntry): Promise<SettledIntent> {
  const d = e.data;
  // The outcome line carries the first valid transfer id the intent names. An intent that names
  // none (only a hand-edited ledger has one) is still settled: the outcome names it by intentSeq,
  // without a transfer id the ledger would refuse, so it cannot block every later import.
  const lineId = [d.transferId, e.transferId].find((x): x is string => typeof x === 'string' && TRANSFER_ID_PATTERN.test(x));
  // What the intent says, recorded as it is (null when it says nothing); '?' only where a person reads it.
  const namedId = lineId ?? (typeof d.transferId === 'string' ? d.transferId : null);
  const transferId = namedId ?? '?';
  const lineTransferId = lineId ? { transferId: lineId } : {};
  const finalPath = typeof d.path === 'string' ? d.path : null;
  const staging = typeof d.staging === 'string' ? d.staging : null;
  const base = { transferId, intentSeq: e.seq };
  if (!finalPath || !staging) return { ...base, outcome: 'unreachable', detail: 'the intent names no destination or staging folder' };
  const [finalParent, stagingParent] = await Promise.all([lstatOrNull(dirname(finalPath)), lstatOrNull(dirname(staging))]);
  if (!finalParent?.isDirectory() || !stagingParent?.isDirectory()) {
    return { ...base, outcome: 'unreachable', detail: `${dirname(finalPath)} or ${dirname(staging)} is not there (is the volume mounted?)` };
  }
  const [finalSt, stagingSt] = await Promise.all([lstatOrNull(finalPath), lstatOrNull(staging)]);
  let ours = false;
  let contents: { files: number; bytes: number } | null = null;
  if (finalSt?.isDirectory()) {
    contents = await countTree(finalPath).catch(() => null);
    const sameCounts = contents !== null && contents.files === d.files && contents.bytes === d.bytes;
    ours = typeof d.stagingIno === 'number' && typeof d.stagingDev === 'number'
      ? finalSt.ino === d.stagingIno && finalSt.dev === d.stagingDev
      : !stagingSt && sameCounts;
  }
  if (ours) {
    const { staging: _s, stagingIno: _i, stagingDev: _d, ...rest } = d;
    await tx.append({
      event: 'transfer.imported', station: e.station, actor: e.actor, ...lineTransferId,
      data: {
        ...(rest as { keyId: string; source: string; destination: string; sequence: number; manifestSha256: string; path: string }),
        intentSeq: e.seq, settled: 'after-interruption',
        found: contents ?? { files: null, bytes: null },
      },
    });
    return { ...base, outcome: 'imported', detail: finalPath };
  }
  // Not in the destination: nothing was imported. Remove what the interrupted run staged.
  if (stagingSt) await rm(staging, { recursive: true, force: true, maxRetries: 3 });
  const reason = stagingSt
    ? 'the import was interrupted before its release into the destination; the staging folder was removed'
    : finalSt
      ? `the import was interrupted; ${finalPath} is not the staged tree and the staging folder is gone`
      : 'the import was interrupted; neither the destination nor the staging folder holds it';
  await tx.append({
    event: 'transfer.import-abandoned', station: e.station, actor: 'system', ...lineTransferId,
    data: { intentSeq: e.seq, reason, transferId: namedId, path: finalPath, staging, ...(typeof d.manifestSha256 === 'string' ? { manifestSha256: d.manifestSha256 } : {}) },
  });
  return { ...base, outcome: 'abandoned', detail: reason };
}

/**
 * Settles every intent in the ledger that has no outcome. Call holding the ledger's lock (inside
 * withLedger): no other import can be between its intent and its outcome then.
 */
export async function settleInterruptedImports(tx: LedgerTransaction): Promise<SettledIntent[]> {
  const out: SettledIntent[] = [];
  for (const e of (await tx.fold(replayFold)).pendingIntents()) out.push(await settleOne(tx, e));
  return out;
}

/** One line for a person about a settled intent (the CLI prints it; the app shows it as a notice). */
export function describeSettled(s: SettledIntent): string {
  const id = printable(s.transferId);
  const detail = printable(s.detail, 400);
  if (s.outcome === 'imported') return `an earlier import of ${id} was interrupted after its release; it is in ${detail} and is now recorded as imported`;
  if (s.outcome === 'abandoned') return `an earlier import of ${id} was interrupted; nothing of it was imported (${detail}); recorded as abandoned`;
  return `an earlier import of ${id} (ledger entry ${s.intentSeq}) was interrupted and cannot be settled yet: ${detail}`;
}
