/**
 * Writes accepted entries into the private staging directory while they stream: files created with
 * O_CREAT|O_EXCL|O_NOFOLLOW (never through a link, never over anything), their manifest mode set
 * explicitly (no umask surprises), mtime set and fsynced; directories created 0700 and given their
 * manifest mode and mtime only at the end, deepest first, each fsynced.
 */
import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntry } from '../../../shared/format/manifest';
import type { EntrySink } from '../verify/payload-pass';
import { syncDir } from '../util/atomic-write';

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** An EntrySink that extracts under `root` (a fresh directory only this process writes to). */
export class ExtractSink implements EntrySink {
  private file: FileHandle | null = null;
  private readonly dirs: ManifestEntry[] = [];
  files = 0;
  bytes = 0;

  constructor(readonly root: string) {}

  async begin(entry: ManifestEntry): Promise<void> {
    const path = join(this.root, entry.path);
    if (entry.type === 'dir') {
      await mkdir(path, { mode: 0o700 });
      this.dirs.push(entry);
    } else {
      this.file = await open(path, CREATE_FLAGS, 0o600);
    }
  }

  async data(_entry: ManifestEntry, bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const { bytesWritten } = await this.file!.write(bytes, at, bytes.length - at);
      at += bytesWritten;
    }
    this.bytes += bytes.length;
  }

  async end(entry: ManifestEntry, _ok: boolean): Promise<void> {
    if (entry.type === 'dir') return;
    const fh = this.file!;
    this.file = null;
    try {
      await fh.chmod(parseInt(entry.mode, 8));
      await fh.utimes(entry.mtime, entry.mtime);
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.files++;
  }

  /** After every entry: directory modes and mtimes (children first), each fsynced, then the root. */
  async finish(): Promise<void> {
    for (const d of [...this.dirs].reverse()) {
      const fh = await open(join(this.root, d.path), DIR_FLAGS);
      try {
        await fh.chmod(parseInt(d.mode, 8));
        await fh.utimes(d.mtime, d.mtime);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    await syncDir(this.root);
  }

  /** Closes a half-written file, if any, so the staging directory can be removed. */
  async abort(): Promise<void> {
    const fh = this.file;
    this.file = null;
    await fh?.close().catch(() => {});
  }
}

