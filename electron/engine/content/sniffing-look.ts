/**
 * One file's look during the pack (./recognizer.ts): the first 512 bytes decide what it may be —
 * a tar (parsed as it streams, while its names are an image archive's), a small gzip file or a
 * `.json` file (kept and read when the file ends) — and anything else costs nothing more.
 */
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { EntryDetails } from '../../../shared/format/entry-details';
import { SluiceError } from '../errors';
import type { PlannedEntry } from '../pack/scan';
import { isChartYamlName, readChartYaml } from './chart';
import { ImageMismatch, isImageArchiveName, readImageArchive, Unreadable, type ArchiveFile } from './image-archive';
import { parseJsonCapped } from './json';
import { CONTENT_LIMITS } from './limits';
import { NestedTarError, NestedTarReader, type Handling } from './nested-tar';
import { readSbom } from './sbom';

/** The pack's view of one file being read. */
export interface FileLook {
  update(chunk: Uint8Array): void;
  /** The file is read; `sha256` is its hex digest. Throws SluiceError 'image-mismatch'. */
  close(sha256: string): void;
}

/** Details found for one entry, before they are merged and ordered. */
export type Found = Partial<EntryDetails>;

/**
 * Decides from the first 512 bytes: a tar is parsed as it streams; a small gzip or JSON file is
 * kept and read at close. Anything else costs nothing more.
 */
export class SniffingLook implements FileLook {
  private head: Buffer[] = [];
  private headBytes = 0;
  private mode: 'sniff' | 'tar' | 'keep' | 'none' = 'sniff';
  private tar: NestedTarReader | null = null;
  private tarError: NestedTarError | null = null;
  private kept: Buffer[] = [];

  constructor(private readonly e: PlannedEntry, private readonly record: (d: Found) => void) {}

  update(chunk: Uint8Array): void {
    if (this.mode !== 'sniff') return this.deliver(chunk);
    if (this.headBytes === 0 && (chunk.length >= 512 || chunk.length === this.e.size)) {
      // The usual case: the first read holds the whole head, so nothing is copied to decide.
      this.decide(chunk);
      return this.deliver(chunk);
    }
    const part = chunk.subarray(0, 512 - this.headBytes);
    this.head.push(Buffer.from(part));
    this.headBytes += part.length;
    if (this.headBytes < 512 && this.headBytes < this.e.size) return;
    const head = Buffer.concat(this.head);
    this.head = [];
    this.decide(head);
    this.deliver(head);
    if (part.length < chunk.length) this.deliver(chunk.subarray(part.length));
  }

  private deliver(chunk: Uint8Array): void {
    if (this.mode === 'tar') this.feed(chunk);
    else if (this.mode === 'keep') this.kept.push(Buffer.from(chunk));
  }

  close(_sha256: string): void {
    if (this.mode === 'sniff') {
      const head = Buffer.concat(this.head);
      this.decide(head);
      this.deliver(head);
    }
    if (this.mode === 'tar') return this.closeTar();
    if (this.mode !== 'keep') return;
    const bytes = Buffer.concat(this.kept);
    this.kept = [];
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return this.closeGzip(bytes);
    const doc = parseJsonCapped(bytes, CONTENT_LIMITS.maxJsonFile);
    if (doc === null) return;
    const d = guard(this.e.source, 'sbom', () => ({ sbom: readSbom(doc) ?? undefined }));
    if (d.sbom || d.unreadable) this.record(d);
  }

  private decide(head: Uint8Array): void {
    if (head.length >= 512 && head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72 /* ustar */) {
      this.mode = 'tar';
      this.tar = new NestedTarReader(imageOnly);
    } else if (head[0] === 0x1f && head[1] === 0x8b && this.e.size <= CONTENT_LIMITS.maxGzipFile) this.mode = 'keep';
    else if (/\.json$/i.test(this.e.path) && this.e.size <= CONTENT_LIMITS.maxJsonFile) this.mode = 'keep';
    else this.mode = 'none';
  }

  private feed(chunk: Uint8Array): void {
    if (this.tarError || this.tar!.stopped) return;
    try {
      this.tar!.push(chunk);
    } catch (e) {
      if (!(e instanceof NestedTarError)) throw e;
      this.tarError = e;
    }
  }

  private closeTar(): void {
    const tar = this.tar!;
    if (tar.stopped) return; // a name no image archive holds: an ordinary tarball
    const looksLikeImage = tar.entries.some((x) => x.name === 'manifest.json' || x.name === 'oci-layout');
    if (!this.tarError) try { tar.finish(); } catch (e) { if (e instanceof NestedTarError) this.tarError = e; else throw e; }
    if (this.tarError) {
      if (looksLikeImage) this.record({ unreadable: { kind: 'image', reason: cut(`not a tar Sluice can read: ${this.tarError.message}`) } });
      return;
    }
    this.recordImage(tar);
  }

  private recordImage(tar: NestedTarReader): void {
    const files = new Map<string, ArchiveFile>(tar.entries.map((x) => [x.name, x]));
    const d = guard(this.e.source, 'image', () => ({ image: readImageArchive(files) ?? undefined }));
    if (d.image || d.unreadable) this.record(d);
  }

  /** A small gzip: a chart `.tgz` or a compressed image tar, read from memory with a size cap. */
  private closeGzip(bytes: Buffer): void {
    if (!worthOpening(bytes, this.e.path)) return;
    let tarBytes: Buffer;
    try {
      tarBytes = gunzipSync(bytes, { maxOutputLength: CONTENT_LIMITS.maxGunzipped });
    } catch (e) {
      const bomb = e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      if (/\.(tgz|tar\.gz)$/i.test(this.e.path)) this.record({ unreadable: { kind: 'archive', reason: bomb ? `decompresses to more than ${CONTENT_LIMITS.maxGunzipped / 2 ** 20} MiB` : 'not valid gzip' } });
      return;
    }
    if (tarBytes.toString('latin1', 257, 262) !== 'ustar') return;
    let images = true;
    const tar = new NestedTarReader((name) => {
      if (isChartYamlName(name)) return { hash: false, keep: 'any' };
      if (!isImageArchiveName(name)) images = false;
      return images ? imageHandling(name) : { hash: false, keep: false };
    });
    try {
      tar.push(tarBytes);
      tar.finish();
    } catch (e) {
      if (!(e instanceof NestedTarError)) throw e;
      const kind = tar.entries.some((x) => isChartYamlName(x.name)) ? 'chart' : 'archive';
      this.record({ unreadable: { kind, reason: cut(`not a tar Sluice can read: ${e.message}`) } });
      return;
    }
    const charts = tar.entries.filter((x) => isChartYamlName(x.name));
    if (charts.length > 0) {
      this.record(guard(this.e.source, 'chart', () => {
        if (charts.length > 1) throw new Unreadable('more than one top-level Chart.yaml');
        if (!charts[0]!.bytes) throw new Unreadable('Chart.yaml is too large to read');
        return { chart: readChartYaml(charts[0]!.bytes) };
      }));
    } else if (images) this.recordImage(tar);
  }
}

/**
 * Whether a small gzip file may be a chart or an image, judged from its first tar entry after
 * decompressing at most 64 KiB of it — so a mirror of npm `.tgz` packages costs a few KiB each, not
 * a full decompression. A chart's first entry is `<chart>/Chart.yaml` (helm package) or lies in
 * a folder named like the file (`coder-2.9.0.tgz` holds `coder/…`); an image archive's is one of
 * its own names. When the start cannot be read, the full read decides (and reports).
 */
function worthOpening(bytes: Buffer, path: string): boolean {
  let head: Buffer;
  try {
    head = gunzipSync(bytes.subarray(0, 64 * 1024), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 });
  } catch {
    return true;
  }
  let first: { name: string } | null = null;
  const reader = new NestedTarReader((name) => { first = { name }; return null; });
  try {
    reader.push(head);
  } catch {
    return true;
  }
  const f = first as { name: string } | null;
  if (f === null) return head.length >= 512 && head.toString('latin1', 257, 262) === 'ustar';
  const base = path.slice(path.lastIndexOf('/') + 1);
  return isChartYamlName(f.name) || isImageArchiveName(f.name) || base.startsWith(f.name.split('/')[0]!);
}

/** Parsing a plain tar: only while every name is one an image archive holds. */
function imageOnly(name: string): Handling | null {
  return isImageArchiveName(name) ? imageHandling(name) : null;
}

function imageHandling(name: string): Handling {
  return { hash: true, keep: /(\.json|\/json|^repositories|^oci-layout|^blobs\/sha256\/[0-9a-f]{64})$/.test(name) ? 'json' : false };
}

/**
 * Runs a reader: Unreadable becomes an `unreadable` detail, ImageMismatch the pack's refusal, and
 * any other error (a bug, or input no rule foresaw) an `unreadable` detail rather than a crash.
 */
export function guard(source: string, kind: string, read: () => Found): Found {
  try {
    return read();
  } catch (e) {
    if (e instanceof ImageMismatch) {
      throw new SluiceError('image-mismatch', `${source} is an image archive whose content does not match its own manifest: ${e.message}. Nothing was packed.`, [{ path: source, reason: e.message }]);
    }
    const reason = e instanceof Unreadable ? e.message : 'it could not be read';
    return { unreadable: { kind, reason: cut(reason) } };
  }
}

function cut(reason: string): string {
  return reason.length <= 300 ? reason : `${reason.slice(0, 297)}...`;
}
