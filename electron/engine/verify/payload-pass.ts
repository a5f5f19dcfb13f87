/**
 * The one streaming pass over the payload volumes, in order: each volume's size and SHA-256, the
 * whole payload's SHA-256, and the strict tar reader checking every header against the manifest and
 * every file's SHA-256. An optional sink receives each accepted entry as it streams (import extracts
 * through it), with back-pressure: the pass takes the next chunk only when the sink has taken this
 * one, and at most a few chunks are read ahead. Memory stays bounded and is allocated once: large
 * payloads go through a 256 KiB ring shared with the volume-read worker (./worker-source.ts), small
 * ones through one buffer (./payload-source.ts).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, ManifestEntry } from '../../../shared/format/manifest';
import type { FileResult } from '../../../shared/format/report';
import type { ProgressSink } from '../../../shared/progress';
import { inlineSource, type PayloadSource, type VolumeEnd } from './payload-source';
import { NOT_REACHED, type ReportBuilder } from './report-builder';
import { workerSource } from './worker-source';
import { StrictTarReader, TarFailure, type TarEvent } from './strict-tar-reader';
import { errnoCode, isEnvironmentError } from '../errors';

/** Receives accepted entries during the pass. Each call completes before the pass takes the next chunk. */
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
}

/** Payloads at least this large are read and hashed in a worker (below it, starting one costs more). */
const WORKER_THRESHOLD = 32 * 1024 * 1024;
/** Progress is reported about every this many bytes (the receiver throttles further). */
const PROGRESS_BYTES = 1024 * 1024;

/**
 * The pass's byte source for `m`'s payload: a worker thread reads and hashes the volumes when
 * `inWorker` is true (default: when the payload is at least 32 MiB). The caller closes it; creating
 * it early lets the worker start up while the other checks run.
 */
export function openPayloadSource(m: Manifest, inWorker?: boolean): PayloadSource {
  const volumeCount = m.payload.volumes.length;
  if (inWorker ?? m.payload.size >= WORKER_THRESHOLD) return workerSource(volumeCount);
  return inlineSource(volumeCount, Math.max(...m.payload.volumes.map((v) => v.size)));
}

/**
 * Runs the pass over `source` (from openPayloadSource, not yet used), recording 'volumes', 'payload', 'archive' and 'entries' into `b`. Volume sizes must
 * already have been checked. Without a sink the pass keeps hashing after a structural failure so
 * every damaged volume is named; with a sink it stops at the first failure.
 */
export async function runPayloadPass(dir: string, m: Manifest, b: ReportBuilder, source: PayloadSource, opts: PayloadPassOptions = {}): Promise<void> {
  const files: FileResult[] = m.entries.map((e) => ({ path: e.path, type: e.type, size: e.size, status: 'skipped', reason: NOT_REACHED }));
  b.files = files;
  const reader = new StrictTarReader(m.entries);
  const phase = opts.phase ?? 'verify';
  let archiveFailed = false;
  let done = 0;
  const stopEarly = () => Boolean(opts.sink) && b.anyFailed;
  let reported = 0;
  const progress = () => {
    reported = done;
    opts.onProgress?.({ phase, bytesDone: done, bytesTotal: m.payload.size, currentFile: files[Math.max(0, reader.entriesSeen - 1)]?.path });
  };

  const handle = async (events: TarEvent[], sink: EntrySink | undefined) => {
    for (const ev of events) {
      if (ev.kind === 'begin') {
        if (sink) await sink.begin(ev.entry);
      } else if (ev.kind === 'body') {
        if (sink) await sink.data(ev.entry, ev.bytes);
      } else {
        const r = files[ev.index]!;
        if (ev.problem) {
          Object.assign(r, { status: 'fail', reason: ev.problem });
          b.fail('entries', ev.entry.path, ev.problem);
        } else {
          r.status = 'pass';
          delete r.reason;
        }
        if (sink) await sink.end(ev.entry, !ev.problem);
      }
    }
  };
  const archiveFailure = (e: TarFailure) => {
    archiveFailed = true;
    b.fail('archive', e.where, e.reason);
    const r = files.find((f) => f.path === e.where);
    if (r && r.status !== 'fail') Object.assign(r, { status: 'fail', reason: e.reason });
  };

  for (const vol of m.payload.volumes) {
    const fh = await open(join(dir, vol.name), constants.O_RDONLY | constants.O_NOFOLLOW);
    let end: VolumeEnd | null = null;
    let volRead = 0;
    let readFailed = false;
    // A read error (EIO from a failing medium, a medium pulled out) is a finding about this volume,
    // named in the report (so --json has one), not an exception that names no file.
    const nextChunk = async (): Promise<Uint8Array | null> => {
      try {
        return await source.next();
      } catch (e) {
        const code = errnoCode(e);
        if (!code || !isEnvironmentError(e)) throw e;
        readFailed = true;
        b.fail('volumes', vol.name, `${code}: cannot read the volume at byte ${volRead} (${(e as Error).message.replace(/^E[A-Z0-9]+: /, '')}); the medium may be failing or was removed: copy the package again from a good medium`);
        return null;
      }
    };
    try {
      source.startVolume(fh, vol.size);
      let chunk: Uint8Array | null;
      while ((chunk = await nextChunk())) {
        volRead += chunk.length;
        opts.signal?.throwIfAborted();
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
          // The events view the chunk, which stays valid until the next call to source.next().
          if (!archiveFailed) await handle(events, opts.sink);
        }
        done += chunk.length;
        if (done - reported >= PROGRESS_BYTES) progress();
        if (stopEarly()) return;
      }
      if (readFailed) break;
      end = await source.endVolume();
      progress();
      if (end.short) b.fail('volumes', vol.name, `volume ended after ${end.bytesRead} bytes; the manifest says ${vol.size}`);
      else if (end.longer) b.fail('volumes', vol.name, `volume is longer than the manifest's ${vol.size} bytes`);
      if (end.sha256 !== vol.sha256) b.fail('volumes', vol.name, 'SHA-256 does not match the manifest');
      if (stopEarly()) return;
      if (end.short) break;
    } finally {
      // Stops the reader if the loop left early, so the handle is idle before it is closed.
      if (!end) await source.endVolume().catch(() => {});
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
    const sha = await source.finish();
    if (sha !== m.payload.sha256) b.fail('payload', 'payload', 'SHA-256 of the whole payload does not match the manifest');
    else b.pass('payload', `${m.payload.size} bytes, SHA-256 ${sha}`);
  }
  b.pass('volumes', `${m.payload.volumes.length} volume(s), sizes and SHA-256 match`);
  if (!archiveFailed && !b.failed('volumes')) b.pass('archive', `${m.entries.length} entries match the manifest; clean end of archive`);
  // A file whose SHA-256 failed has status 'fail' (and 'entries' is failed), so no separate count.
  if (!archiveFailed && files.every((f) => f.status === 'pass')) b.pass('entries', `${m.totals.files} files match their SHA-256`);
}
