/**
 * Recognises what is inside the files of one pack while the pack reads them — no second read. The
 * pack hands each file's chunks to `open(entry).update(chunk)` as it hashes them and calls
 * `close(sha256)` at the end; `finish()` returns the per-entry details (FORMAT.md §3.10).
 *
 * - A tar (ustar magic, whatever its name) is parsed by ./nested-tar.ts while its names are those
 *   of an image archive; the first other name stops the parsing, so an ordinary tarball costs one
 *   header. An image's digests are checked at `close`; a lie refuses the pack (SluiceError
 *   'image-mismatch', naming the file and the layer).
 * - A small gzip file (≤ 16 MiB: a chart `.tgz`, a small compressed image) is kept; when its first
 *   entry says chart or image it is decompressed in memory with a 128 MiB cap and read the same
 *   way (./sniffing-look.ts).
 * - A `.json` file ≤ 16 MiB is parsed for an SPDX or CycloneDX SBOM.
 * - The files of a folder holding `oci-layout` and `index.json` are an OCI layout: the pack's own
 *   digests plus the small metadata blobs are checked at `finish`.
 * - cosign's `sha256-<hex>.sig/.att/.sbom`, and `.sig`/`.bundle` files named after an image file
 *   beside them, are recorded as present (not checked).
 *
 * Nothing here writes to disk, and nothing a file holds can make it throw anything but the
 * image-mismatch refusal: every other failure becomes an `unreadable` detail or nothing.
 */
import { type EntryDetails, mergeDetails } from '../../../shared/format/entry-details';
import type { PlannedEntry } from '../pack/scan';
import { isImageArchiveName, readImageArchive, type ArchiveFile } from './image-archive';
import { CONTENT_LIMITS } from './limits';
import { guard, SniffingLook, type FileLook, type Found } from './sniffing-look';

export type { FileLook } from './sniffing-look';

/** Recognition for one pack. */
export class ContentRecognizer {
  private readonly found = new Map<string, Found>();
  /** OCI layout folders → their files by name inside the folder. */
  private readonly layouts = new Map<string, Map<string, ArchiveFile>>();
  private readonly keptByLayout = new Map<string, number>();

  constructor(private readonly entries: readonly PlannedEntry[]) {
    const files = new Set(entries.filter((e) => e.type === 'file').map((e) => e.path));
    for (const e of entries) {
      if (e.type === 'dir' && files.has(`${e.path}/oci-layout`) && files.has(`${e.path}/index.json`)) this.layouts.set(e.path, new Map());
    }
  }

  /** A look at one file, or null when nothing about it is worth reading. */
  open(e: PlannedEntry): FileLook | null {
    const layout = this.layoutOf(e.path);
    if (layout) return this.layoutMember(e, layout.dir, layout.files);
    // A tar is at least a header and the end blocks; smaller files matter only by name (a small
    // chart .tgz, an SBOM), so the many small files of a mirror cost one test each.
    if (e.size < 2 * 512 && !/\.(json|tgz|gz)$/i.test(e.path)) return null;
    return new SniffingLook(e, (details) => this.found.set(e.path, details));
  }

  /** Every entry's details, after the OCI layouts are checked and signature files matched. */
  finish(): Map<string, EntryDetails> {
    for (const [dir, files] of this.layouts) {
      const d = guard(dir, 'image', () => ({ image: readImageArchive(files) ?? undefined }));
      if (d.image || d.unreadable) this.found.set(dir, d);
    }
    for (const e of this.entries) {
      if (e.type !== 'file') continue;
      const sig = this.signatureFile(e.path);
      if (sig) this.found.set(e.path, { ...this.found.get(e.path), signatureFile: sig });
    }
    const out = new Map<string, EntryDetails>();
    for (const [path, d] of this.found) {
      const merged = mergeDetails(d);
      if (merged) out.set(path, merged);
    }
    return out;
  }

  private layoutOf(path: string): { dir: string; files: Map<string, ArchiveFile> } | null {
    if (this.layouts.size === 0) return null;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const files = this.layouts.get(path.slice(0, i));
      if (files) return { dir: path.slice(0, i), files };
    }
    return null;
  }

  /** A file of an OCI layout folder: its digest always, its bytes when it is small metadata. */
  private layoutMember(e: PlannedEntry, dir: string, files: Map<string, ArchiveFile>): FileLook {
    const name = e.path.slice(dir.length + 1);
    // Small JSON blobs are kept for parsing, within one budget per layout like a tar's.
    const wanted = isImageArchiveName(name) && e.size <= CONTENT_LIMITS.maxKeptFile && this.layoutKept(dir, e.size);
    const chunks: Buffer[] = [];
    let magic: Buffer | undefined;
    return {
      update(chunk) {
        magic ??= Buffer.from(chunk.subarray(0, 4));
        if (wanted && (chunks.length > 0 || chunk[0] === 0x7b)) chunks.push(Buffer.from(chunk));
      },
      close(sha256) {
        files.set(name, { type: 'file', size: e.size, digest: `sha256:${sha256}`, ...(chunks.length ? { bytes: Buffer.concat(chunks) } : {}), ...(magic ? { magic } : {}) });
      },
    };
  }

  /** Reserves `size` bytes of a layout's memory budget; false when it is spent. */
  private layoutKept(dir: string, size: number): boolean {
    const used = this.keptByLayout.get(dir) ?? 0;
    if (used + size > CONTENT_LIMITS.maxKeptTotal) return false;
    this.keptByLayout.set(dir, used + size);
    return true;
  }

  private signatureFile(path: string): EntryDetails['signatureFile'] {
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const cosign = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/.exec(base);
    if (cosign) {
      const kind = { sig: 'cosign-signature', att: 'cosign-attestation', sbom: 'cosign-sbom' }[cosign[2] as 'sig'];
      return { kind, subject: `sha256:${cosign[1]}` };
    }
    const beside = /^(.+)\.(sig|bundle)$/.exec(base);
    if (!beside) return undefined;
    const stem = path.slice(0, slash + 1) + beside[1];
    for (const image of [stem, `${stem}.tar`]) {
      if (this.found.get(image)?.image) return { kind: beside[2] === 'sig' ? 'signature' : 'sigstore-bundle', for: image };
    }
    return undefined;
  }
}

