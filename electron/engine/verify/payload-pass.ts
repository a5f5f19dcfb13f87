/**
 * The one streaming pass over the payload volumes, in order: each volume's size and SHA-256, the
 * whole payload's SHA-256, and the strict tar reader checking every header against the manifest and
 * every file's SHA-256. An optional sink receives each accepted entry as it streams (import extracts
 * through it), with back-pressure: the next chunk is read only when the sink has taken this one.
 * Memory stays bounded and is allocated once: chunks are read into the slots of a shared chunk pool
 * (one being parsed, one read ahead, a few being hashed by the worker), never into fresh buffers.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, ManifestEntry } from '../../../shared/format/manifest';
import type { FileResult } from '../../../shared/format/report';
import type { ProgressSink } from '../../../shared/progress';
import { ChunkPool } from '../util/chunk-pool';
import { inlineHasher, workerHasher, type PayloadHasher } from './payload-hasher';
import { NOT_REACHED, type ReportBuilder } from './report-builder';
import { VolumeReader } from './volume-reader';
import { StrictTarReader, TarFailure, type TarEvent } from './strict-tar-reader';

/** Receives accepted entries during the pass. Each call completes before the next chunk is read. */
export interface EntrySink {
  begin(entry: ManifestEntry): Promise<void>;
  data(entry: ManifestEntry, bytes: Uint8Array): Promise<void>;
  /** `ok` is false when the file's SHA-256 did not match (the whole pass then fails). */
  end(entry: ManifestEntry, ok: boolean): Promise<void>;
}

export interface PayloadPassOptions {
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  sink?: EntrySink;
  /** Progress phase name: 'verify' or 'extract'. */
  phase?: string;
  /** Hash volumes in a worker thread; default: when the payload is at least 32 MiB. */
  hashInWorker?: boolean;
}

/** Bytes per read: large reads keep per-chunk costs (syscalls, messages, events) negligible. */
const CHUNK = 2 * 1024 * 1024;
/** Reads in flight ahead of the chunk being parsed. */
const READ_AHEAD = 3;
/** Slots with a worker: read-ahead, the chunk being parsed, and a few queued for the worker. */
const WORKER_SLOTS = READ_AHEAD + 1 + 4;
/** Slots inline: read-ahead and the chunk being parsed (the end-of-volume probe reuses one). */
const INLINE_SLOTS = READ_AHEAD + 1;
const WORKER_THRESHOLD = 32 * 1024 * 1024;

/**
 * Runs the pass, recording 'volumes', 'payload', 'archive' and 'entries' into `b`. Volume sizes must
 * already have been checked. Without a sink the pass keeps hashing after a structural failure so
 * every damaged volume is named; with a sink it stops at the first failure.
 */
export async function runPayloadPass(dir: string, m: Manifest, b: ReportBuilder, opts: PayloadPassOptions = {}): Promise<void> {
  const files: FileResult[] = m.entries.map((e) => ({ path: e.path, type: e.type, size: e.size, status: 'skipped', reason: NOT_REACHED }));
  b.files = files;
  const reader = new StrictTarReader(m.entries);
  const useWorker = opts.hashInWorker ?? m.payload.size >= WORKER_THRESHOLD;
  // Slots no larger than the largest volume, so a small package does not allocate whole MiBs.
  const slotBytes = Math.max(1, Math.min(CHUNK, Math.max(...m.payload.volumes.map((v) => v.size))));
  const pool = new ChunkPool(slotBytes, useWorker ? WORKER_SLOTS : INLINE_SLOTS);
  const hasher: PayloadHasher = useWorker ? workerHasher(m.payload.volumes.length, pool) : inlineHasher(m.payload.volumes.length);
  const phase = opts.phase ?? 'verify';
  let archiveFailed = false;
  let entryFailures = 0;
  let done = 0;
  const stopEarly = () => Boolean(opts.sink) && b.anyFailed;

  const handle = async (events: TarEvent[], sink: EntrySink | undefined) => {
    for (const ev of events) {
      if (ev.kind === 'begin') await sink?.begin(ev.entry);
      else if (ev.kind === 'body') await sink?.data(ev.entry, ev.bytes);
      else {
        const r = files[ev.index]!;
        if (ev.problem) {
          entryFailures++;
          Object.assign(r, { status: 'fail', reason: ev.problem });
          b.fail('entries', ev.entry.path, ev.problem);
        } else {
          r.status = 'pass';
          delete r.reason;
        }
        await sink?.end(ev.entry, !ev.problem);
      }
    }
  };
  const archiveFailure = (e: TarFailure) => {
    archiveFailed = true;
    b.fail('archive', e.where, e.reason);
    const r = files.find((f) => f.path === e.where);
    if (r && r.status !== 'fail') Object.assign(r, { status: 'fail', reason: e.reason });
  };

  try {
    for (const vol of m.payload.volumes) {
      const fh = await open(join(dir, vol.name), constants.O_RDONLY | constants.O_NOFOLLOW);
      const volume = new VolumeReader(fh, vol.size, pool, slotBytes, READ_AHEAD);
      try {
        let chunk: Buffer | null;
        while ((chunk = await volume.next())) {
          opts.signal?.throwIfAborted();
          const slot = pool.slotOf(chunk);
          try {
            // Hand the chunk to the hasher first, so the worker hashes it while this thread parses.
            hasher.update(chunk);
            if (!archiveFailed) {
              const events: TarEvent[] = [];
              try {
                reader.push(chunk, events);
              } catch (e) {
                if (!(e instanceof TarFailure)) throw e;
                // Record the files completed before the refusal; the sink gets nothing more.
                await handle(events, undefined);
                archiveFailure(e);
              }
              if (!archiveFailed) await handle(events, opts.sink);
            }
          } finally {
            // The events' views of the chunk are used up: the slot may be read into again.
            pool.release(slot);
          }
          done += chunk.length;
          opts.onProgress?.({ phase, bytesDone: done, bytesTotal: m.payload.size, currentFile: files[Math.max(0, reader.entriesSeen - 1)]?.path });
          if (stopEarly()) return;
        }
        const short = volume.short;
        if (short) b.fail('volumes', vol.name, `volume ended after ${volume.pos} bytes; the manifest says ${vol.size}`);
        else if (await volume.longer()) b.fail('volumes', vol.name, `volume is longer than the manifest's ${vol.size} bytes`);
        const sha = await hasher.endVolume();
        if (sha !== vol.sha256) b.fail('volumes', vol.name, 'SHA-256 does not match the manifest');
        if (stopEarly()) return;
        if (short) break;
      } finally {
        await volume.drain();
        await fh.close();
      }
    }
    if (!archiveFailed && !b.failed('volumes')) {
      try {
        reader.finish();
      } catch (e) {
        if (!(e instanceof TarFailure)) throw e;
        archiveFailure(e);
      }
    }
    if (b.failed('volumes') && files.some((f) => f.status === 'skipped')) b.skip('payload', 'a volume could not be read whole');
    else {
      const sha = await hasher.finish();
      if (sha !== m.payload.sha256) b.fail('payload', 'payload', 'SHA-256 of the whole payload does not match the manifest');
      else b.pass('payload', `${m.payload.size} bytes, SHA-256 ${sha}`);
    }
  } finally {
    await hasher.close();
  }
  b.pass('volumes', `${m.payload.volumes.length} volume(s), sizes and SHA-256 match`);
  if (!archiveFailed && !b.failed('volumes')) b.pass('archive', `${m.entries.length} entries match the manifest; clean end of archive`);
  if (!archiveFailed && entryFailures === 0 && files.every((f) => f.status === 'pass')) b.pass('entries', `${m.totals.files} files match their SHA-256`);
}
