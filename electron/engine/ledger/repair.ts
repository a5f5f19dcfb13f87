/**
 * `repairLedger`: the one repair a ledger has. A crash in the middle of an append can leave a torn
 * last line (bytes after the last "\n"); that stops every later append, and the old advice — start
 * a new ledger — would throw away the replay history that protects the station. Repair cuts
 * exactly those bytes, and nothing else:
 *
 * 1. under the ledger's lock, the bytes before the torn tail must verify on their own (chain and
 *    `<ledger>.head`); anything else wrong (a malformed middle line, an edit, a truncation) is
 *    refused — that is evidence, not an interrupted write;
 * 2. the cut bytes are kept beside the ledger, `<ledger>.torn-<first 16 hex of their SHA-256>`;
 * 3. the file is truncated to the last "\n" and fsynced;
 * 4. a 'ledger.repaired' line records how many bytes were cut, their SHA-256 and the offset, and
 *    the append rewrites `<ledger>.head` and `<ledger>.anchor`, so both stay consistent.
 *
 * Step 1 is always a whole-ledger check, never one from the anchor: a repair is rare, and it must
 * not cut anything off a ledger that is wrong anywhere. The anchor names only complete, fsynced
 * lines, so the torn tail is after it and the cut never moves it.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { SluiceError } from '../errors';
import { checkAnchor, checkChain } from './chain';
import { headFilePath, readHeadFile } from './head-file';
import { withLedger, type AppendedLine } from './ledger';

/** What `repairLedger` did. */
export interface LedgerRepair {
  cutBytes: number;
  cutSha256: string;
  /** Byte offset in the ledger where the cut bytes began (the new end before the repair line). */
  offset: number;
  /** Where the cut bytes were kept. */
  evidence: string;
  /** The 'ledger.repaired' line. */
  line: AppendedLine;
}

/** Options of `repairLedger`. */
export interface RepairOptions {
  /** Who repaired it (the line's actor). */
  actor: string;
  /** The station recorded on the line; default: the station of the ledger's last complete line. */
  station?: string;
}

function refuse(file: string, why: string): SluiceError {
  return new SluiceError('ledger-not-repairable', `The ledger ${file} was not changed: ${why}`);
}

/** Cuts a torn last line off `file` and records the cut. Throws 'ledger-not-repairable' for anything else. */
export async function repairLedger(file: string, o: RepairOptions): Promise<LedgerRepair> {
  let cut: Omit<LedgerRepair, 'line'> | null = null;
  let station = o.station;
  const beforeLoad = async (): Promise<void> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SluiceError('ledger-missing', `There is no ledger at ${file}. Check the path.`);
      throw e;
    }
    const end = bytes.lastIndexOf(0x0a) + 1;
    const tail = bytes.subarray(end);
    const check = checkChain(bytes.subarray(0, end));
    if (check.firstBad) {
      throw refuse(file, `line ${check.firstBad.line} is bad (${check.firstBad.reason}). Only a torn last line can be repaired; keep the file as evidence and restore the ledger from a backup.`);
    }
    const head = await readHeadFile(file);
    if (head.kind === 'malformed') throw refuse(file, `its head file ${headFilePath(file)} is not SEQ:HASH. Only a torn last line can be repaired.`);
    if (head.kind === 'head') {
      const bad = checkAnchor(check.good, head, headFilePath(file));
      if (bad) throw refuse(file, `line ${bad.line}: ${bad.reason}. Only a torn last line can be repaired; keep the file as evidence.`);
    }
    if (tail.length === 0) throw refuse(file, 'its last line is complete; there is nothing torn to cut. `sluice ledger verify` says whether anything else is wrong.');
    station ??= check.good.at(-1)?.entry.station;
    if (!station) throw new SluiceError('ledger-repair-station', `The ledger ${file} has no complete line to take the station from; give --station NET.`);
    const cutSha256 = createHash('sha256').update(tail).digest('hex');
    const evidence = `${file}.torn-${cutSha256.slice(0, 16)}`;
    // Kept first: a crash after the truncation must not lose the bytes without a trace.
    const ev = await open(evidence, 'w', 0o600);
    try {
      await ev.writeFile(tail);
      await ev.sync();
    } finally {
      await ev.close();
    }
    const fh = await open(file, 'r+');
    try {
      await fh.truncate(end);
      await fh.sync();
    } finally {
      await fh.close();
    }
    cut = { cutBytes: tail.length, cutSha256, offset: end, evidence };
  };
  const line = await withLedger(file, async (tx) => {
    const c = cut!;
    return tx.append({
      event: 'ledger.repaired', station: station!, actor: o.actor,
      data: { cutBytes: c.cutBytes, cutSha256: c.cutSha256, offset: c.offset, evidence: c.evidence },
    });
  }, { beforeLoad });
  return { ...cut!, line };
}
