/**
 * The one streaming pass over the payload volumes, in order: each volume's size and SHA-256, the
 * whole payload's SHA-256, and the strict tar reader checking every header against the manifest and
 * every file's SHA-256. An optional sink receives each accepted entry as it streams (import extracts
 * through it), with back-pressure: the next chunk is read only when the sink has taken this one.
 * Memory stays bounded: one chunk being parsed, one being read ahead, a few in the hashing worker.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, ManifestEntry } from '../../../shared/format/manifest';
import type { FileResult } from '../../../shared/format/report';
import type { ProgressSink } from '../../../shared/progress';
import { inlineHasher, workerHasher, type PayloadHasher } from './payload-hasher';
import type { ReportBuilder } from './report-builder';
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

const CHUNK = 1024 * 1024;
const WORKER_THRESHOLD = 32 * 1024 * 1024;

/**
 * Runs the pass, recording 'volumes', 'payload', 'archive' and 'entries' into `b`. Volume sizes must
 * already have been checked. Without a sink the pass keeps hashing after a structural failure so
 * every damaged volume is named; with a sink it stops at the first failure.
 */
export async function runPayloadPass(dir: string, m: Manifest, b: ReportBuilder, opts: PayloadPassOptions = {}): Promise<void> {
  const files: FileResult[] = m.entries.map((e) => ({ path: e.path, type: e.type, size: e.size, status: 'skipped', reason: 'not reached' }));
  b.files = files;
  const reader = new StrictTarReader(m.entries);
  const useWorker = opts.hashInWorker ?? m.payload.size >= WORKER_THRESHOLD;
  const hasher: PayloadHasher = useWorker ? workerHasher(m.payload.volumes.length) : inlineHasher(m.payload.volumes.length);
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
      try {
        const read = async (pos: number, want: number): Promise<Uint8Array> => {
          const buf = Buffer.allocUnsafeSlow(want);
          let got = 0;
          while (got < want) {
            const { bytesRead } = await fh.read(buf, got, want - got, pos + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return got === want ? buf : buf.subarray(0, got);
        };
        let pos = 0;
        let next = vol.size > 0 ? read(0, Math.min(CHUNK, vol.size)) : null;
        let short = false;
        while (next) {
          opts.signal?.throwIfAborted();
          const chunk = await next;
          const want = Math.min(CHUNK, vol.size - pos);
          pos += chunk.length;
          next = chunk.length === want && pos < vol.size ? read(pos, Math.min(CHUNK, vol.size - pos)) : null;
          if (chunk.length < want) short = true;
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
          await hasher.update(chunk);
          done += chunk.length;
          opts.onProgress?.({ phase, bytesDone: done, bytesTotal: m.payload.size, currentFile: files[Math.max(0, reader.entriesSeen - 1)]?.path });
          if (stopEarly()) return;
        }
        if (short) b.fail('volumes', vol.name, `volume ended after ${pos} bytes; the manifest says ${vol.size}`);
        else if ((await read(vol.size, 1)).length > 0) b.fail('volumes', vol.name, `volume is longer than the manifest's ${vol.size} bytes`);
        const sha = await hasher.endVolume();
        if (sha !== vol.sha256) b.fail('volumes', vol.name, 'SHA-256 does not match the manifest');
        if (stopEarly()) return;
        if (short) break;
      } finally {
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
