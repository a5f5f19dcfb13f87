/**
 * Writes accepted entries into the private staging directory while they stream: files created with
 * O_CREAT|O_EXCL|O_NOFOLLOW (never through a link, never over anything), their manifest mode set
 * explicitly (no umask surprises) and mtime set; directories created 0700 and given their manifest
 * mode and mtime only at the end, deepest first. Then the whole tree is made durable at once
 * (./durable.ts: one syncfs on Linux, else an fsync of every file and folder) — before finish()
 * returns, so before commit can rename it into the destination.
 *
 * Why synchronous calls for the per-file work: each asynchronous fs call is a round trip through
 * libuv's thread pool, and a small file took seven of them (open, write, chmod, utimes, fsync,
 * close, plus mkdir for folders); at 100,000 files of 1–4 KiB that idled the thread for most of the
 * import (docs/PERFORMANCE.md, "Many small files"). A job runs in its own process (the CLI's, or
 * a utility process in the app), so a blocking call stalls no window; the payload pass still yields
 * to the event loop between chunks, so cancellation is seen.
 *
 * File bytes arrive in small chunks (the payload pass reads 64 KiB at a time, to stay in cache) and
 * are gathered into WRITE_BYTES. A file larger than that is written in asynchronous 1 MiB writes,
 * so the copy into the page cache runs beside this thread's parsing and hashing (one asynchronous
 * write per 64 KiB made import of 1 GiB ~30 % slower); its last part, and a whole small file, is
 * one synchronous write.
 */
import { closeSync, constants, fchmodSync, futimesSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestEntry } from '../../../shared/format/manifest';
import type { EntrySink } from '../verify/payload-pass';
import { syncTree, type SyncMethod, type TreeSync } from './durable';

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** Bytes gathered per write. */
const WRITE_BYTES = 1024 * 1024;

/** Options of an ExtractSink. */
export interface ExtractSinkOptions {
  /** Makes the finished tree durable (default ./durable.ts syncTree); tests inject a recorder. */
  syncTree?: TreeSync;
}

/** An EntrySink that extracts under `root` (a fresh directory only this process writes to). */
export class ExtractSink implements EntrySink {
  private fd: number | null = null;
  /** Directories, as [path, mode, mtime], in stream order (parents before children). */
  private readonly dirs: [string, number, number][] = [];
  /** Bytes of the open file not yet written: `pending[0, filled)`. */
  private readonly pending = Buffer.allocUnsafe(WRITE_BYTES);
  private filled = 0;
  private readonly treeSync: TreeSync;
  files = 0;
  bytes = 0;
  /** How finish() made the tree durable; null before. */
  synced: SyncMethod | null = null;

  constructor(readonly root: string, options: ExtractSinkOptions = {}) {
    this.treeSync = options.syncTree ?? ((r) => syncTree(r));
  }

  async begin(entry: ManifestEntry): Promise<void> {
    const path = join(this.root, entry.path);
    if (entry.type === 'dir') {
      mkdirSync(path, { mode: 0o700 });
      this.dirs.push([path, parseInt(entry.mode, 8), entry.mtime]);
    } else {
      this.fd = openSync(path, CREATE_FLAGS, 0o600);
    }
  }

  async data(_entry: ManifestEntry, bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(WRITE_BYTES - this.filled, bytes.length - at);
      this.pending.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === WRITE_BYTES) await this.flushAsync();
    }
    this.bytes += bytes.length;
  }

  /** Writes a full gathering buffer through the thread pool (large files only). */
  private async flushAsync(): Promise<void> {
    const fd = this.fd!;
    let at = 0;
    while (at < this.filled) {
      at += await new Promise<number>((resolve, reject) => write(fd, this.pending, at, this.filled - at, null, (e, n) => (e ? reject(e) : resolve(n))));
    }
    this.filled = 0;
  }

  async end(entry: ManifestEntry, _ok: boolean): Promise<void> {
    if (entry.type === 'dir') return;
    const fd = this.fd!;
    try {
      for (let at = 0; at < this.filled;) at += writeSync(fd, this.pending, at, this.filled - at);
      fchmodSync(fd, parseInt(entry.mode, 8));
      futimesSync(fd, entry.mtime, entry.mtime);
    } finally {
      this.fd = null;
      this.filled = 0;
      closeSync(fd);
    }
    this.files++;
  }

  /**
   * After every entry: directory modes and mtimes (children first, so setting a child's does not
   * change its parent's mtime afterwards), then the whole tree made durable in one step.
   */
  async finish(): Promise<void> {
    for (let i = this.dirs.length - 1; i >= 0; i--) {
      const [path, mode, mtime] = this.dirs[i]!;
      // Through a descriptor opened without following links, as every file was created.
      const fd = openSync(path, DIR_FLAGS);
      try {
        fchmodSync(fd, mode);
        futimesSync(fd, mtime, mtime);
      } finally {
        closeSync(fd);
      }
    }
    this.synced = await this.treeSync(this.root);
  }

  /** Closes a half-written file, if any, so the staging directory can be removed. */
  async abort(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    this.filled = 0;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already closed or never valid: nothing is left open either way.
      }
    }
  }
}
