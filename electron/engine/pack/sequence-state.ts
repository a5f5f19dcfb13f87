/**
 * The last sequence number used per signer and channel (source → destination), so `sluice pack`
 * can number transfers without being told. Importers refuse a sequence already imported, so a
 * lost or reset state file must never silently restart at 1: an unreadable file is refused, not
 * replaced.
 *
 * A number is RESERVED (`reserveSequence`: under `<state>.lock`, written durably) before packing
 * starts and stays used even if the pack fails or is killed: a gap is harmless, a duplicate is
 * not (two packages with one sequence, of which the receiver can accept only one).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SluiceError } from '../errors';
import { acquireLedgerLock } from '../ledger/lock';
import { replaceFileAtomically } from '../util/atomic-write';

/** How long a pack waits for another pack's reservation (held for milliseconds). */
const LOCK_TIMEOUT_MS = 30_000;

const STATE_FORMAT = 'sluice-sequences/1';

interface SequenceState {
  format: typeof STATE_FORMAT;
  /** Last used sequence by `<keyId> <source> <destination>`. */
  last: Record<string, number>;
}

const channelKey = (keyId: string, source: string, destination: string) => `${keyId} ${source} ${destination}`;

async function readState(stateFile: string): Promise<SequenceState> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: STATE_FORMAT, last: {} };
    throw new SluiceError('sequence-state-unreadable', `Cannot read the sequence state ${stateFile}: ${(e as NodeJS.ErrnoException).code}. Fix it or pass --sequence.`);
  }
  try {
    const raw = JSON.parse(text) as SequenceState;
    const valid = raw?.format === STATE_FORMAT && typeof raw.last === 'object' && raw.last !== null &&
      Object.values(raw.last).every((n) => Number.isSafeInteger(n) && n > 0);
    if (valid) return { format: STATE_FORMAT, last: { ...raw.last } };
  } catch {
    // fall through to the refusal
  }
  throw new SluiceError('sequence-state-corrupt', `The sequence state ${stateFile} is damaged. Restore it from a backup, or pass --sequence with a number above the last one sent on this channel.`);
}

/** The sequence number the next package from `keyId` on source → destination should carry (1 for a new channel). */
export async function nextSequence(stateFile: string, keyId: string, source: string, destination: string): Promise<number> {
  const state = await readState(stateFile);
  return (state.last[channelKey(keyId, source, destination)] ?? 0) + 1;
}

/**
 * Records that `sequence` was used on the channel. Keeps the highest number seen. Written
 * atomically (temp file, fsync, rename, fsync of the directory) under the state's lock.
 */
export async function recordSequence(stateFile: string, keyId: string, source: string, destination: string, sequence: number): Promise<void> {
  await reserveSequence(stateFile, keyId, source, destination, sequence);
}

/**
 * Reserves the sequence number of the next package on the channel before it is packed: under the
 * state file's lock, reads the last number, takes the next one (or `explicit`, from --sequence),
 * and writes it back durably before returning. Two packs at once get different numbers; a pack
 * that fails or is killed afterwards leaves a gap, never a number used twice. The lock is
 * `<stateFile>.lock`, taken and broken like the ledger's (a dead holder's lock is broken).
 */
export async function reserveSequence(stateFile: string, keyId: string, source: string, destination: string, explicit?: number): Promise<number> {
  await mkdir(dirname(stateFile), { recursive: true, mode: 0o700 });
  const release = await acquireLedgerLock(stateFile, LOCK_TIMEOUT_MS, 'sequence state');
  try {
    const state = await readState(stateFile);
    const key = channelKey(keyId, source, destination);
    const sequence = explicit ?? (state.last[key] ?? 0) + 1;
    state.last[key] = Math.max(state.last[key] ?? 0, sequence);
    await replaceFileAtomically(stateFile, JSON.stringify(state, null, 2) + '\n');
    return sequence;
  } finally {
    await release();
  }
}
