/**
 * The one pass over the sources: every file is read once, in large chunks, hashed (SHA-256 per
 * file, on this thread) and fed to tar-stream; the tar output goes to the payload writer, which
 * writes the volumes while the worker hashes the stream. Back-pressure at every hand-off keeps
 * memory flat whatever the payload size.
 *
 * Reads of file data go into the slots of one shared chunk pool, reused for the whole pack: a
 * fresh 1 MiB buffer per read (plus its copy posted to the worker) left ~200 MiB of garbage
 * awaiting the collector at 1 GiB. The pool's size is now the bound on bytes in flight.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import { pack as tarPack, type Pack } from 'tar-stream';
import type { EntryDetails } from '../../../shared/format/entry-details';
import type { ProgressSink } from '../../../shared/progress';
import { environmentError, SluiceError } from '../errors';
import { ChunkPool } from '../util/chunk-pool';
import { PayloadHasher } from './payload-hasher';
import { PayloadWriter } from './payload-writer';
import { ContentRecognizer, type FileLook } from '../content/recognizer';
import { mtimeSeconds, type PlannedEntry } from './scan';
import { tarHeader } from './tar-layout';

/** Bytes per read: large reads keep per-chunk overhead (hash calls, messages, syscalls) small. */
const READ_BYTES = 1024 * 1024;
/**
 * Pool slots: one being read, a few queued in tar-stream, up to FLUSH_SLOTS pending in the writer
 * and up to 8 MiB unacknowledged by the hasher. Any slot held by the writer or hasher is released
 * without the reader's help, so the reader can always make progress.
 */
const POOL_SLOTS = 16;
/** Reads smaller than this (small files, a file's tail) use a plain buffer rather than a whole slot. */
const SMALL_READ = 64 * 1024;

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

/** Writes the payload volumes into `dir` and returns every digest. Leaves cleanup of `dir` to the caller. */
export async function writePayload(o: WritePayloadOptions): Promise<WrittenPayload> {
  const split = o.volumeNames.length > 1;
  const pool = new ChunkPool(READ_BYTES, POOL_SLOTS);
  const hasher = new PayloadHasher(split, pool);
  const writer = new PayloadWriter(o.dir, o.volumeNames, o.volumeSize, hasher, pool);
  const tar = tarPack();
  let failure: unknown = null;
  const fail = (e: unknown) => {
    failure ??= e;
    const err = e instanceof Error ? e : new Error(String(e));
    tar.destroy(err);
    pool.fail(err); // a reader waiting for a slot must not wait for a pipeline that has stopped
  };
  const onAbort = () => fail(abortError(o.signal!));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const consumed = (async () => {
      for await (const chunk of tar) await writer.write(chunk as Uint8Array);
    })().catch((e) => fail(e));
    const fileSha256 = new Map<string, string>();
    // What is inside (images, charts, SBOMs; FORMAT.md §3.10), seen in this same read.
    const content = new ContentRecognizer(o.entries);
    await (async () => {
      const progress = { done: 0 };
      for (const e of o.entries) {
        if (failure) break;
        o.signal?.throwIfAborted();
        if (e.type === 'dir') await addEntry(tar, e);
        else {
          const sha256 = await addFile(tar, e, o, progress, pool, content.open(e));
          o.onFileHashed?.(e.path, sha256);
          fileSha256.set(e.path, sha256);
        }
      }
      tar.finalize();
    })().catch((e) => fail(e));
    await consumed;
    if (failure) throw failure;
    const sizes = await writer.finish();
    const digests = await hasher.finish();
    return {
      fileSha256,
      details: content.finish(),
      size: writer.total,
      sha256: digests.payload,
      volumes: sizes.map((size, i) => ({ name: o.volumeNames[i]!, size, sha256: digests.volumes[i]! })),
    };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await writer.close();
    await hasher.close();
  }
}

/** Adds a body-less entry (a directory) and waits until its header is in the stream. */
function addEntry(tar: Pack, e: PlannedEntry): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = tar.entry(tarHeader(e), (err) => (err ? reject(err) : resolve()));
    sink.on('error', ignore);
  });
}

/** Streams one file into the tar, hashing as it goes; refuses a file that changes underneath. */
async function addFile(tar: Pack, e: PlannedEntry, o: WritePayloadOptions, progress: { done: number }, pool: ChunkPool, look: FileLook | null): Promise<string> {
  const fh = await open(e.source, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    throw new SluiceError('source-unreadable', `Cannot read ${e.source} (${err.code ?? err.message}); nothing was packed.`, [{ path: e.source, reason: err.code ?? err.message }]);
  });
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile() || st.size !== BigInt(e.size) || mtimeSeconds(st) !== e.mtime) throw changed(e);
    const hash = createHash('sha256');
    let settle!: (err?: Error | null) => void;
    const entryDone = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
    entryDone.catch(() => undefined); // observed below; a failure before that is reported by the stream
    const sink = tar.entry(tarHeader(e), (err) => settle(err));
    // A destroyed tar re-emits its error on the open entry; the pack already holds that failure.
    sink.on('error', ignore);
    let position = 0;
    while (position < e.size) {
      o.signal?.throwIfAborted();
      const want = Math.min(READ_BYTES, e.size - position);
      // A pool slot, held until the writer takes it over (tar-stream passes the same object on);
      // the writer and the hasher then hold it until the bytes are written and hashed.
      const buf = want >= SMALL_READ ? await pool.acquire() : Buffer.allocUnsafe(want);
      // A read error names the source file (EIO from a failing disk), not the package being written.
      const { bytesRead } = await fh.read(buf, 0, want, position).catch((err: unknown) => {
        throw environmentError(err, 'read the source file', e.source);
      });
      if (bytesRead === 0) throw changed(e);
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      look?.update(chunk);
      position += bytesRead;
      if (!sink.write(chunk)) await drained(sink);
      progress.done += bytesRead;
      o.onProgress?.({ phase: 'pack', bytesDone: progress.done, bytesTotal: o.bytesTotal, currentFile: e.path });
    }
    const extra = await fh.read(Buffer.alloc(1), 0, 1, position);
    if (extra.bytesRead !== 0) throw changed(e);
    sink.end(undefined as never);
    await entryDone;
    if (e.size === 0) o.onProgress?.({ phase: 'pack', bytesDone: progress.done, bytesTotal: o.bytesTotal, currentFile: e.path });
    const digest = hash.digest('hex');
    look?.close(digest); // an image whose digests lie refuses the pack here, naming the layer
    return digest;
  } finally {
    await fh.close();
  }
}

/** Waits until a tar entry's writable has passed its buffer on, or fails if the stream died. */
function drained(sink: NodeJS.EventEmitter & { destroyed?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    if (sink.destroyed) return reject(new Error('tar stream closed'));
    const onDrain = () => { sink.off('close', onClose); resolve(); };
    const onClose = () => { sink.off('drain', onDrain); reject(new Error('tar stream closed')); };
    sink.once('drain', onDrain);
    sink.once('close', onClose);
  });
}

function ignore(): void {}

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
