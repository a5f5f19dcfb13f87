/**
 * The one pass over the sources: each file is opened, checked against the plan, read once straight
 * into the payload's output slots (payload-slots.ts) behind its tar head (tar-encode.ts), and
 * hashed (SHA-256 per file, on this thread); the payload writer writes the full slots into the
 * volumes while the worker hashes the stream in place. Back-pressure at every hand-off keeps
 * memory flat whatever the payload size.
 *
 * Small files are opened and read synchronously on purpose: a package mirror is 100,000 files of a
 * few KiB, and five awaited calls per file (open, stat, read, read, close) through the thread pool
 * made the pack 35× slower than `tar cf` (docs/PERFORMANCE.md "Many small files"). The pack runs
 * in a job process or worker, never on the app's main thread, and yields to the event loop after
 * every slot (1 MiB), so cancels, write completions and the worker's acknowledgements keep flowing.
 * Large files are read through the thread pool, as before (SYNC_MAX).
 */
import { createHash, hash as sha256Of } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { EntryDetails } from '../../../shared/format/entry-details';
import type { ProgressSink } from '../../../shared/progress';
import { environmentError, SluiceError } from '../errors';
import { ChunkPool } from '../util/chunk-pool';
import { PayloadHasher } from './payload-hasher';
import { PayloadSlots } from './payload-slots';
import { PayloadWriter } from './payload-writer';
import { ContentRecognizer, type FileLook } from '../content/recognizer';
import { mtimeSeconds, type PlannedEntry } from './scan';
import { encodeHead, MAX_HEAD_BYTES } from './tar-encode';
import { END_BYTES, padded } from './tar-layout';

/** Bytes per slot: large writes and hash messages keep per-chunk overhead small. */
const SLOT_BYTES = 1024 * 1024;
/**
 * Pool slots: one being filled, the rest queued for writing, pending in the writer (up to
 * FLUSH_SLOTS) or unacknowledged by the hasher (up to 8 MiB). Any slot held by the writer or
 * hasher is released without the filler's help, so the filler can always make progress.
 */
const POOL_SLOTS = 16;

export interface WritePayloadOptions {
  entries: readonly PlannedEntry[];
  /** The staging directory the volumes go into. */
  dir: string;
  /** Volume file names in order (one name when unsplit). */
  volumeNames: readonly string[];
  /** Bytes per volume; Infinity when unsplit. */
  volumeSize: number;
  /** Sum of file sizes, for progress. */
  bytesTotal: number;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /** Told each file's SHA-256 as soon as it is read (vendor checksums); throwing stops the pack. */
  onFileHashed?: (path: string, sha256: string) => void;
}

export interface WrittenPayload {
  /** SHA-256 of each file entry, by entry path. */
  fileSha256: Map<string, string>;
  /** What was recognised inside entries (FORMAT.md §3.10), by entry path; only entries with details. */
  details?: Map<string, EntryDetails>;
  size: number;
  sha256: string;
  volumes: { name: string; size: number; sha256: string }[];
}

/** A written payload, its last volume perhaps still being made durable. */
export interface PayloadResult extends WrittenPayload {
  /**
   * The last volume's fsync and rename (payload-writer.ts `finish`), left running while the
   * manifest is built: await it before syncing the package folder, committing, or removing it.
   */
  durable: Promise<void>;
}

/** Writes the payload volumes into `dir` and returns every digest. Leaves cleanup of `dir` to the caller. */
export async function writePayload(o: WritePayloadOptions): Promise<PayloadResult> {
  const split = o.volumeNames.length > 1;
  const pool = new ChunkPool(SLOT_BYTES, POOL_SLOTS);
  const hasher = new PayloadHasher(split, pool);
  const writer = new PayloadWriter(o.dir, o.volumeNames, o.volumeSize, hasher, pool);
  const progress = { done: 0, file: '' };
  const report = () => o.onProgress?.({ phase: 'pack', bytesDone: progress.done, bytesTotal: o.bytesTotal, currentFile: progress.file });
  // Progress once per slot (1 MiB), not per file: 100,000 events for a mirror would cost more than its reads.
  const out = new PayloadSlots(pool, writer, () => { o.signal?.throwIfAborted(); report(); });
  // A cancel wakes a filler waiting for a slot; otherwise it is seen at the next file or slot.
  const onAbort = () => pool.fail(abortError(o.signal!));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let durable: Promise<void> | undefined;
  try {
    const fileSha256 = new Map<string, string>();
    // What is inside (images, charts, SBOMs; FORMAT.md §3.10), seen in this same read.
    const content = new ContentRecognizer(o.entries);
    for (const e of o.entries) {
      o.signal?.throwIfAborted();
      out.check();
      progress.file = e.path;
      const head = out.roomNow(MAX_HEAD_BYTES) ?? await out.room(MAX_HEAD_BYTES);
      out.commit(encodeHead(e, head.buf, head.at));
      if (e.type === 'dir') continue;
      const look = content.open(e);
      // Most files of a mirror fit, padded, in the current slot: read them without a promise. One
      // byte more is asked for, to see a file that grew (addSmallFile).
      const room = e.size <= SYNC_MAX ? out.roomNow(padded(e.size) + 1) : null;
      const sha256 = room ? addSmallFile(e, out, room, progress, look) : await addFile(e, out, progress, look);
      o.onFileHashed?.(e.path, sha256);
      fileSha256.set(e.path, sha256);
    }
    await out.zeros(END_BYTES);
    await out.end();
    o.signal?.throwIfAborted();
    report();
    const { sizes, durable: lastVolume } = await writer.finish();
    durable = lastVolume;
    const digests = await hasher.finish();
    return {
      fileSha256,
      details: content.finish(),
      size: writer.total,
      sha256: digests.payload,
      volumes: sizes.map((size, i) => ({ name: o.volumeNames[i]!, size, sha256: digests.volumes[i]! })),
      durable,
    };
  } catch (e) {
    // Nothing of this pass may still be writing once the caller removes the staging folder.
    await durable?.catch(() => undefined);
    // A write failure wakes the filler with the pool's error; the write's own error says more.
    out.check();
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await writer.close();
    await hasher.close();
  }
}

/**
 * Reads one file into the slots behind its head, hashing it, then pads it to a block. Refuses a
 * file that is no longer what the scan planned (type, size, mtime) or that grows or shrinks while
 * it is read; a file that cannot be opened or read is an error naming it.
 */
async function addFile(e: PlannedEntry, out: PayloadSlots, progress: { done: number }, look: FileLook | null): Promise<string> {
  const source = e.size <= SYNC_MAX ? openSync_(e) : await openAsync(e);
  try {
    const st = await source.stat();
    if (!st.isFile() || st.size !== BigInt(e.size) || mtimeSeconds(st) !== e.mtime) throw changed(e);
    const first = await out.room();
    // A file that fits in the current slot is read in one piece and hashed in one call (most files
    // of a mirror); a larger one is hashed piece by piece as it fills slot after slot.
    const whole = e.size <= first.free ? first : null;
    const hash = whole ? null : createHash('sha256');
    let position = 0;
    while (position < e.size) {
      const r = position === 0 ? first : await out.room();
      const n = await source.read(r.buf, r.at, Math.min(r.free, e.size - position), position);
      if (n === 0) throw changed(e);
      hash?.update(r.buf.subarray(r.at, r.at + n));
      look?.update(r.buf.subarray(r.at, r.at + n));
      out.commit(n);
      position += n;
      progress.done += n;
    }
    if ((await source.read(PROBE, 0, 1, position)) !== 0) throw changed(e);
    const digest = whole ? sha256Of('sha256', whole.buf.subarray(whole.at, whole.at + e.size), 'hex') : hash!.digest('hex');
    await out.zeros(padded(e.size) - e.size);
    look?.close(digest); // an image whose digests lie refuses the pack here, naming the layer
    return digest;
  } finally {
    await source.close();
  }
}

/**
 * addFile for a file that fits, padded, in the current slot `room` with a byte to spare: the same
 * checks and the same bytes, all synchronous (a promise and a few microtasks per file were a fifth
 * of a mirror's pack).
 */
function addSmallFile(e: PlannedEntry, out: PayloadSlots, room: { buf: Buffer; at: number }, progress: { done: number }, look: FileLook | null): string {
  // Plain descriptor calls, not openSync_'s object of closures: no garbage per file.
  const fd = openFd(e);
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile() || st.size !== BigInt(e.size) || mtimeSeconds(st) !== e.mtime) throw changed(e);
    // Each read asks for one byte past the planned end, so a file that grew shows in the read that
    // finishes it; a read that stops exactly at the end is the end of a regular file (one read
    // per small file where a separate end-of-file probe made two). The spare byte lands in the
    // padding (zeroed below) or where the next head is written, inside the room asked for.
    let position = 0;
    do {
      const n = readFd(fd, e, room.buf, room.at + position, e.size + 1 - position, position);
      if (n === 0) break;
      position += n;
    } while (position < e.size);
    if (position !== e.size) throw changed(e);
    const end = room.at + e.size;
    const body = room.buf.subarray(room.at, end);
    look?.update(body);
    room.buf.fill(0, end, room.at + padded(e.size));
    out.commit(padded(e.size));
    progress.done += e.size;
    const digest = sha256Of('sha256', body, 'hex');
    look?.close(digest); // an image whose digests lie refuses the pack here, naming the layer
    return digest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Files up to this size are opened, checked and read with synchronous calls (the many small files
 * of a mirror); larger ones through the thread pool, whose round trips cost nothing against their
 * reads and which keeps the event loop turning between them (a cancel, a slow USB source).
 */
const SYNC_MAX = 256 * 1024;

/** An open source file; the sync and the async kind are used alike (awaiting a number costs little). */
interface SourceFile {
  stat(): BigIntStats | Promise<BigIntStats>;
  /** One read; an error names the source file (EIO from a failing disk), not the package being written. */
  read(buf: Uint8Array, at: number, length: number, position: number): number | Promise<number>;
  close(): void | Promise<void>;
}

// O_NONBLOCK: a source swapped for a FIFO after the scan must fail the type check, not block the open.
const OPEN_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
/** Scratch for the end-of-file probe (one file is read at a time). */
const PROBE = Buffer.alloc(1);

function unreadable(e: PlannedEntry, err: unknown): SluiceError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new SluiceError('source-unreadable', `Cannot read ${e.source} (${code}); nothing was packed.`, [{ path: e.source, reason: code }]);
}

/** Opens a source without following a link; an error names it (source-unreadable). */
function openFd(e: PlannedEntry): number {
  try {
    return openSync(e.source, OPEN_FLAGS);
  } catch (err) {
    throw unreadable(e, err);
  }
}

/** One read; an error names the source file (EIO from a failing disk), not the package being written. */
function readFd(fd: number, e: PlannedEntry, buf: Uint8Array, at: number, length: number, position: number): number {
  try {
    return readSync(fd, buf, at, length, position);
  } catch (err) {
    throw environmentError(err, 'read the source file', e.source);
  }
}

function openSync_(e: PlannedEntry): SourceFile {
  const fd = openFd(e);
  return {
    stat: () => fstatSync(fd, { bigint: true }),
    read: (buf, at, length, position) => readFd(fd, e, buf, at, length, position),
    close: () => closeSync(fd),
  };
}

async function openAsync(e: PlannedEntry): Promise<SourceFile> {
  const fh = await open(e.source, OPEN_FLAGS).catch((err: unknown) => { throw unreadable(e, err); });
  return {
    stat: () => fh.stat({ bigint: true }),
    read: async (buf, at, length, position) => (await fh.read(buf, at, length, position).catch((err: unknown) => {
      throw environmentError(err, 'read the source file', e.source);
    })).bytesRead,
    close: () => fh.close(),
  };
}

function changed(e: PlannedEntry): SluiceError {
  return new SluiceError('source-changed', `${e.source} changed while it was being packed; nothing was packed. Pack again once it is no longer being written.`, [
    { path: e.source, reason: 'source changed during pack' },
  ]);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The pack was cancelled.', 'AbortError');
}
