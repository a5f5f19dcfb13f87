/**
 * The last sequence number used per signer and channel (source → destination), so `sluice pack`
 * can number transfers without being told. Importers refuse a sequence at or below the channel's
 * high-water mark, so a lost or reset state file must never silently restart at 1: an unreadable
 * file is refused, not replaced.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SluiceError } from '../errors';
import { replaceFileAtomically } from '../util/atomic-write';

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
 * Records that `sequence` was used on the channel (call only after a successful pack). Keeps the
 * highest number seen. Written atomically: temp file, fsync, rename, fsync of the directory.
 */
export async function recordSequence(stateFile: string, keyId: string, source: string, destination: string, sequence: number): Promise<void> {
  const state = await readState(stateFile);
  const key = channelKey(keyId, source, destination);
  state.last[key] = Math.max(state.last[key] ?? 0, sequence);
  const dir = dirname(stateFile);
  await mkdir(dir, { recursive: true });
  await replaceFileAtomically(stateFile, JSON.stringify(state, null, 2) + '\n');
}
