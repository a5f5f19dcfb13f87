/**
 * Appending to a ledger. `withLedger` takes the ledger's lock, checks the ledger (refusing to add
 * to a broken or cut-short ledger: load.ts — only the lines after a verified anchor when one
 * holds, else all of them), lets the caller read and append, then releases the lock. Each append
 * is one write() of the whole line through an O_APPEND fd, then fsync, then the head file: a
 * crash leaves at most a torn last line, which verify reports. After the appends the anchor
 * (anchor.ts) moves to the new last line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NETWORK_ID_PATTERN, TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { GENESIS_PREV, formatHead, isLedgerEventType, type LedgerEntry, type LedgerEventInput } from '../../../shared/ledger-events';
import { environmentError, SluiceError } from '../errors';
import { writeAnchorFile, type HeldAnchor } from './anchor';
import { writeHeadFile } from './head-file';
import { syncDir } from '../util/atomic-write';
import { actorProblem, formatLedgerTime, hashLine, parseLine, serializeEntry } from './line';
import { checkChain } from './chain';
import { broken, loadForAppend, readBytes, toHeld } from './load';
import { acquireLedgerLock } from './lock';

export { isTornReason, readLedger } from './load';

/** A line just written: its seq, its hash, its exact text (without the newline), and the head. */
export interface AppendedLine {
  seq: number;
  hash: string;
  line: string;
  /** `SEQ:HASH`, what a receipt prints. */
  head: string;
}

/**
 * A value derived from a ledger's entries, one entry at a time (the replay state of
 * import/replay-guard.ts). `withLedger` keeps each fold's state per process and feeds it only the
 * lines written since, so a look-up does not cost a pass over the whole ledger. Identify a fold by
 * one module-level object: the state is keyed by it.
 */
export interface LedgerFold<S> {
  init(): S;
  add(state: S, entry: LedgerEntry): void;
}

/** What `withLedger` hands its callback while it holds the lock. */
export interface LedgerTransaction {
  /**
   * Every entry, including those appended in this transaction. Costs a read and check of the whole
   * ledger the first time in a transaction that did not already do one: prefer `fold`.
   */
  entries(): Promise<readonly LedgerEntry[]>;
  /** The state of `fold` over every entry, including those appended in this transaction (see LedgerFold). */
  fold<S>(fold: LedgerFold<S>): Promise<S>;
  /** `SEQ:HASH` of the last line, or null for an empty ledger. */
  readonly head: string | null;
  /** Appends one event; resolves once the line is on disk (fsynced) and the head file updated. */
  append(input: LedgerEventInput): Promise<AppendedLine>;
}

/** Options of withLedger / appendEvent. */
export interface LedgerOptions {
  /** How long to wait for another writer's lock before 'ledger-locked'. Default 10 s. */
  lockTimeoutMs?: number;
  /** The clock, for entries without an explicit time. */
  now?: () => Date;
  /** Runs holding the lock, before the ledger is read and checked (repair.ts cuts a torn line here). */
  beforeLoad?: () => Promise<void>;
}

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** Ledgers this async context already holds: nesting withLedger on one file would deadlock. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();
/** In-process queue per ledger, so concurrent callers in one process wait without polling the lock file. */
const queues = new Map<string, Promise<void>>();
/**
 * Per ledger, where this process last left it (its last line, or null when empty) and the states
 * of the folds at that line. Trusted only after anchorHolds() confirms the line is still there.
 */
const positions = new Map<string, { last: HeldAnchor | null; folds: Map<LedgerFold<unknown>, unknown> }>();


function validateInput(input: LedgerEventInput): void {
  const problem =
    !isLedgerEventType(input.event) ? `unknown event type "${String(input.event)}"`
    : !NETWORK_ID_PATTERN.test(input.station) ? `station "${input.station}" is not a network id`
    : actorProblem(input.actor)
      ?? (input.transferId !== undefined && !TRANSFER_ID_PATTERN.test(input.transferId) ? `transfer id "${input.transferId}" is not valid` : null)
      ?? (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data) ? 'data must be an object' : null)
      ?? (input.time !== undefined && !(input.time instanceof Date && Number.isFinite(input.time.getTime())) ? 'time is not a valid date' : null);
  if (problem) throw new SluiceError('ledger-invalid-event', `Cannot record this ${String(input.event)} event: ${problem}.`);
}

/** Writes all of `bytes` at the end of the O_APPEND file, looping over short writes. */
async function writeAll(fh: FileHandle, bytes: Buffer): Promise<void> {
  let off = 0;
  while (off < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, off, bytes.length - off);
    off += bytesWritten;
  }
}

/**
 * Runs `fn` holding the ledger's exclusive lock (see lock.ts). Creates the file (0600) and its
 * directory when missing. Do not nest withLedger calls on the same file (refused with
 * 'ledger-nested'). Throws 'ledger-broken' naming the first bad line when the ledger does not
 * verify, 'ledger-locked' when another writer holds the lock past the timeout. Lines appended
 * before `fn` throws stay in the ledger: a ledger is never rolled back.
 */
export async function withLedger<T>(file: string, fn: (tx: LedgerTransaction) => Promise<T>, options: LedgerOptions = {}): Promise<T> {
  const key = resolve(file);
  if (held.getStore()?.has(key)) {
    throw new SluiceError('ledger-nested', `withLedger on ${file} was called while already holding it; append through the outer transaction.`);
  }
  const before = queues.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = before.then(() => new Promise<void>((r) => (done = r)));
  queues.set(key, mine);
  await before;
  try {
    return await held.run(new Set([...(held.getStore() ?? []), key]), () => locked(file, fn, options));
  } finally {
    done();
    if (queues.get(key) === mine) queues.delete(key);
  }
}

async function locked<T>(file: string, fn: (tx: LedgerTransaction) => Promise<T>, options: LedgerOptions): Promise<T> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const release = await acquireLedgerLock(file, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  const key = resolve(file);
  let fh: FileHandle | undefined;
  let appended = 0;
  let failed: unknown = null;
  let last: HeldAnchor | null = null;
  let from: 'full' | 'process' | 'file' | null = null;
  let folds = new Map<LedgerFold<unknown>, unknown>();
  try {
    await options.beforeLoad?.();
    const cached = positions.get(key);
    positions.delete(key); // re-set below only when this transaction ends with the file as we know it
    const loaded = await loadForAppend(file, cached?.last ?? null);
    ({ last, from } = loaded);
    // Fold states are valid only from where this process left them; after any other start they are rebuilt on demand.
    if (loaded.from === 'process' && cached) {
      folds = cached.folds;
      for (const [f, state] of folds) for (const l of loaded.checked) f.add(state, l.entry);
    }
    // After a full check every entry is at hand; otherwise only read (and fully checked) when asked.
    let all: LedgerEntry[] | null = loaded.from === 'full' ? loaded.checked.map((l) => l.entry) : null;
    const allEntries = async (): Promise<LedgerEntry[]> => {
      if (all) return all;
      // Holding the lock: the whole file must check and end where this transaction knows it ends.
      const full = await loadForAppend(file, null, { full: true });
      if (full.last?.hash !== last?.hash) throw broken(file, full.checked.length, 'changed while locked: the ledger does not end at the line this transaction appended or checked last');
      return (all = full.checked.map((l) => l.entry));
    };
    let queue: Promise<unknown> = Promise.resolve();
    let open_ = true;

    const appendNow = async (input: LedgerEventInput): Promise<AppendedLine> => {
      if (!open_) throw new SluiceError('ledger-closed', 'This ledger transaction has ended; append inside the withLedger callback.');
      if (failed) throw new SluiceError('ledger-write-failed', `An earlier append to ${file} failed (${String(failed)}); nothing more is written in this transaction.`);
      validateInput(input);
      const entry: LedgerEntry = {
        seq: (last?.seq ?? 0) + 1,
        time: formatLedgerTime(input.time ?? (options.now ?? (() => new Date()))()),
        prev: last?.hash ?? GENESIS_PREV,
        event: input.event,
        station: input.station,
        actor: input.actor,
        ...(input.transferId !== undefined ? { transferId: input.transferId } : {}),
        data: input.data,
      };
      let line: string;
      try {
        line = serializeEntry(entry);
      } catch (e) {
        throw new SluiceError('ledger-invalid-event', `Cannot record this ${input.event} event: its data is not JSON (${(e as Error).message}).`);
      }
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      // What we write must read back as exactly this entry (data with undefined or NaN would not).
      const back = parseLine(bytes.subarray(0, bytes.length - 1));
      if (!back.ok) throw new SluiceError('ledger-invalid-event', `Cannot record this ${input.event} event: ${back.reason}.`);
      const hash = hashLine(bytes.subarray(0, bytes.length - 1));
      try {
        if (!fh) {
          const existed = last !== null;
          fh = await open(file, 'a', 0o600);
          if (!existed) await syncDir(dirname(file));
        }
        await writeAll(fh, bytes);
        await fh.sync();
        // The checked ledger ended right after `last` (no torn tail), so the new line starts there.
        last = { seq: entry.seq, offset: last ? last.offset + last.length + 1 : 0, length: bytes.length - 1, hash, prev: entry.prev };
        appended++;
        all?.push(back.entry);
        for (const [f, state] of folds) f.add(state, back.entry);
        const head = formatHead(entry.seq, hash);
        await writeHeadFile(file, head);
        return { seq: entry.seq, hash, line, head };
      } catch (e) {
        failed = e instanceof Error ? e.message : e;
        // A write on the open handle carries no path: name the ledger (a full or read-only volume).
        throw environmentError(e, 'append to the ledger', file);
      }
    };

    const tx: LedgerTransaction = {
      entries: allEntries,
      async fold<S>(f: LedgerFold<S>): Promise<S> {
        const g = f as LedgerFold<unknown>;
        if (!folds.has(g)) {
          const state = f.init();
          for (const e of await allEntries()) f.add(state, e);
          folds.set(g, state);
        }
        return folds.get(g) as S;
      },
      get head() {
        return last ? formatHead(last.seq, last.hash) : null;
      },
      // Appends run one after another even if the caller does not await each one.
      append(input) {
        const result = queue.then(() => appendNow(input));
        queue = result.catch(() => undefined);
        return result;
      },
    };
    try {
      const value = await fn(tx);
      await queue;
      return value;
    } finally {
      await queue;
      open_ = false;
    }
  } finally {
    await fh?.close();
    // The file is as this transaction left it unless a write failed part-way (then start over next time).
    if (from !== null && !failed) {
      positions.set(key, { last, folds });
      if (last && (appended > 0 || from === 'full')) await writeAnchorFile(file, last);
    }
    await release();
  }
}

/**
 * Builds `fold` from a lock-free read of the whole ledger (every complete line, chain checked) and
 * keeps it as this process's position, so the next withLedger here feeds it only the lines written
 * since: an import's stage and then its commit read the ledger once, not twice. Returns null when
 * the ledger does not check (the caller falls back; withLedger will refuse it).
 */
export async function primeFold<S>(file: string, fold: LedgerFold<S>): Promise<S | null> {
  const bytes = await readBytes(file);
  // Up to the last newline: a writer may be mid-append; its line is checked by the next transaction.
  const check = checkChain(bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1));
  if (check.firstBad) return null;
  const state = fold.init();
  for (const l of check.good) fold.add(state, l.entry);
  const key = resolve(file);
  const last = check.good.at(-1);
  // Not while a transaction of this process is on the file: it sets the position when it ends.
  if (last && !queues.has(key)) positions.set(key, { last: toHeld(last), folds: new Map([[fold as LedgerFold<unknown>, state]]) });
  return state;
}

/** Appends one event under the lock (withLedger + one append). */
export function appendEvent(file: string, input: LedgerEventInput, options: LedgerOptions = {}): Promise<AppendedLine> {
  return withLedger(file, (tx) => tx.append(input), options);
}
