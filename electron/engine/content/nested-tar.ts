/**
 * A strict, synchronous, streaming reader for a tar *inside* a file being packed (a `docker save`
 * tarball, an OCI layout tar, a Helm chart's tar): fed the file's bytes in order as the pack reads
 * them, it decodes headers, hashes the bodies the caller asks for and keeps the small ones it asks
 * to keep. It never writes anything anywhere: nothing is extracted to disk.
 *
 * Same approach as the payload reader (../verify/strict-tar-reader.ts): a 512-byte-block state
 * machine, every header's checksum and numeric fields checked, zero padding required, hard limits
 * on entries, names, pax records and kept bytes. It is more tolerant in one way only: it reads
 * what other tools write (GNU magic, pax records with other keys, GNU long names, symlinks and hard
 * links, which `docker save` uses for repeated layers), because these archives were not made by
 * Sluice. Nesting stops here: a tar inside this tar (an image layer) is hashed, never parsed.
 */
import { createHash, type Hash } from 'node:crypto';
import { quoted } from '../../../shared/format/display-text';
import { BLOCK, checksum, isZeroBlock } from '../verify/tar-header';
import { CONTENT_LIMITS } from './limits';
import { cString, cStringOf, NestedTarError, normalise, octal, padding, utf8 } from './nested-tar-fields';

export { NestedTarError } from './nested-tar-fields';

/** What the reader learnt about one inner entry. */
export interface InnerEntry {
  /** Normalised name: no leading `./`, no trailing `/`. */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  size: number;
  /** Link target (symlinks and hard links), as written. */
  link?: string;
  /** `sha256:<hex>` of the body, when the caller asked for hashing. */
  digest?: string;
  /** The body, when the caller asked to keep it and it fitted the limits. */
  bytes?: Buffer;
  /** The first bytes of the body (up to 4), to tell a compressed layer from a plain one. */
  magic?: Buffer;
}

/**
 * What to do with an entry's body: hash it; keep it in memory (implies hashing) — `'json'` keeps
 * it only when it starts like JSON, so layers never fill the memory budget meant for metadata.
 */
export interface Handling {
  hash: boolean;
  keep: false | 'any' | 'json';
}

type State = 'header' | 'longname' | 'pax' | 'body' | 'pad' | 'end' | 'stopped';

/**
 * Reads one nested tar. `decide(name, type)` is asked once per entry; returning null stops the
 * reader quietly (the archive is not of interest — the rest of the file costs nothing).
 */
export class NestedTarReader {
  private state: State = 'header';
  private readonly block = Buffer.alloc(BLOCK);
  private filled = 0;
  private remaining = 0;
  private pad = 0;
  private meta: Buffer | null = null;
  private metaKind: 'L' | 'x' = 'x';
  private longName: string | null = null;
  private paxPath: string | null = null;
  private paxSize: number | null = null;
  private current: InnerEntry | null = null;
  private hash: Hash | null = null;
  private kept: Buffer[] | null = null;
  private keptJsonOnly = false;
  private keptBytes = 0;
  private headers = 0;
  /** Entries read, in archive order. */
  readonly entries: InnerEntry[] = [];

  constructor(private readonly decide: (name: string, type: InnerEntry['type']) => Handling | null) {}

  /** True once the archive ended properly (two zero blocks) or the caller stopped it. */
  get ended(): boolean {
    return this.state === 'end' || this.state === 'stopped';
  }

  /** True when `decide` stopped the reader. */
  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Consumes the next bytes of the file. Throws NestedTarError on the first malformed byte. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.state !== 'stopped') {
      if (this.state === 'header' || this.state === 'end') {
        if (this.state === 'end') {
          // After the end blocks only zero record padding may follow (GNU tar pads to 10 KiB).
          for (let i = at; i < chunk.length; i++) if (chunk[i] !== 0) throw new NestedTarError('data after the end of the archive');
          return;
        }
        const take = Math.min(BLOCK - this.filled, chunk.length - at);
        this.block.set(chunk.subarray(at, at + take), this.filled);
        this.filled += take;
        at += take;
        if (this.filled === BLOCK) {
          this.filled = 0;
          this.header();
        }
      } else if (this.state === 'longname' || this.state === 'pax') {
        const take = Math.min(this.remaining, chunk.length - at);
        this.meta!.set(chunk.subarray(at, at + take), this.meta!.length - this.remaining);
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) {
          this.metaDone();
          this.state = this.pad > 0 ? 'pad' : 'header';
        }
      } else if (this.state === 'body') {
        const take = Math.min(this.remaining, chunk.length - at);
        this.body(chunk.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) {
          this.endEntry();
          this.state = this.pad > 0 ? 'pad' : 'header';
        }
      } else {
        const take = Math.min(this.pad, chunk.length - at);
        for (let i = at; i < at + take; i++) if (chunk[i] !== 0) throw new NestedTarError('non-zero bytes in the padding after an entry');
        this.pad -= take;
        at += take;
        if (this.pad === 0) this.state = 'header';
      }
    }
  }

  /** Call when the file has ended: throws unless the archive ended properly (or was stopped). */
  finish(): void {
    if (this.ended) return;
    throw new NestedTarError(this.current ? `the archive is cut off inside ${quoted(this.current.name, { max: 80 })}` : 'the archive is cut off (no end-of-archive blocks)');
  }

  private header(): void {
    if (isZeroBlock(this.block)) {
      if (this.longName !== null || this.paxPath !== null || this.paxSize !== null) throw new NestedTarError('a long-name or pax header is followed by the end of the archive');
      this.state = 'end';
      return;
    }
    if (++this.headers > CONTENT_LIMITS.maxTarHeaders) throw new NestedTarError(`more than ${CONTENT_LIMITS.maxTarHeaders} entries`);
    const stored = octal(this.block, 148, 8, 'checksum');
    if (stored !== checksum(this.block)) throw new NestedTarError('a header checksum does not match');
    const magic = this.block.toString('latin1', 257, 265);
    if (magic !== 'ustar\u000000' && magic !== 'ustar  \u0000') throw new NestedTarError('a header is not ustar, pax or GNU tar');
    const flag = String.fromCharCode(this.block[156]!);
    const size = this.sizeField();
    if (flag === 'L' || flag === 'x') {
      const max = flag === 'L' ? CONTENT_LIMITS.maxTarName : CONTENT_LIMITS.maxPaxBytes;
      if (size === 0 || size > max) throw new NestedTarError(`a ${flag === 'L' ? 'GNU long name' : 'pax header'} of ${size} bytes (allowed: 1–${max})`);
      if ((flag === 'L' && this.longName !== null) || (flag === 'x' && this.paxPath !== null)) throw new NestedTarError('two long-name or pax headers before one entry');
      this.meta = Buffer.alloc(size);
      this.metaKind = flag;
      this.remaining = size;
      this.pad = padding(size);
      this.state = flag === 'L' ? 'longname' : 'pax';
      return;
    }
    const type = TYPES[flag];
    if (type === undefined) throw new NestedTarError(`an entry of tar type ${quoted(flag)} (${flag === 'S' ? 'sparse file' : 'not a file, folder or link'})`);
    const name = normalise(this.paxPath ?? this.longName ?? this.ustarName());
    const link = type === 'symlink' || type === 'hardlink' ? cString(this.block, 157, 100) : undefined;
    const realSize = this.paxSize ?? size;
    this.longName = this.paxPath = null;
    this.paxSize = null;
    if ((type !== 'file' && realSize !== 0)) throw new NestedTarError(`${quoted(name, { max: 80 })} is a ${type} with a body`);
    const entry: InnerEntry = { name, type, size: realSize, ...(link !== undefined ? { link } : {}) };
    const handling = this.decide(name, type);
    if (handling === null) { this.state = 'stopped'; return; }
    this.entries.push(entry);
    if (this.entries.length > CONTENT_LIMITS.maxTarHeaders) throw new NestedTarError('too many entries');
    this.current = entry;
    this.hash = handling.hash || handling.keep !== false ? createHash('sha256') : null;
    const keep = handling.keep !== false && realSize <= CONTENT_LIMITS.maxKeptFile && this.keptBytes + realSize <= CONTENT_LIMITS.maxKeptTotal;
    this.kept = keep ? [] : null;
    this.keptJsonOnly = handling.keep === 'json';
    if (keep) this.keptBytes += realSize;
    if (realSize === 0) { this.endEntry(); return; }
    this.remaining = realSize;
    this.pad = padding(realSize);
    this.state = 'body';
  }

  private body(bytes: Uint8Array): void {
    const e = this.current!;
    if (this.kept && this.keptJsonOnly && e.magic === undefined && bytes[0] !== 0x7b && bytes[0] !== 0x5b) {
      this.keptBytes -= e.size; // not JSON (a layer): give its share of the budget back
      this.kept = null;
    }
    if (e.magic === undefined || e.magic.length < 4) e.magic = Buffer.concat([e.magic ?? Buffer.alloc(0), bytes.subarray(0, 4 - (e.magic?.length ?? 0))]);
    this.hash?.update(bytes);
    // Copied: the pack reuses its read buffers as soon as this call returns.
    this.kept?.push(Buffer.from(bytes));
  }

  private endEntry(): void {
    const e = this.current!;
    if (this.hash) e.digest = `sha256:${this.hash.digest('hex')}`;
    if (this.kept) e.bytes = Buffer.concat(this.kept);
    this.hash = null;
    this.kept = null;
    this.current = null;
  }

  private metaDone(): void {
    const body = this.meta!;
    this.meta = null;
    if (this.metaKind === 'L') {
      this.longName = cStringOf(body, 'GNU long name');
      return;
    }
    let at = 0;
    while (at < body.length) {
      const space = body.indexOf(0x20, at);
      const lenText = space > at && space - at <= 8 ? body.toString('latin1', at, space) : '';
      if (!/^[1-9][0-9]*$/.test(lenText)) throw new NestedTarError('a pax record length is not a decimal number');
      const len = Number(lenText);
      if (at + len > body.length || body[at + len - 1] !== 0x0a || len < space - at + 3) throw new NestedTarError('a pax record length does not match its contents');
      const record = utf8(body.subarray(space + 1, at + len - 1), 'pax record');
      const eq = record.indexOf('=');
      if (eq <= 0) throw new NestedTarError('a pax record has no key');
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key.startsWith('GNU.sparse.')) throw new NestedTarError('a sparse file (GNU.sparse pax records)');
      if (key === 'path') {
        if (value.includes('\0') || Buffer.byteLength(value) > CONTENT_LIMITS.maxTarName) throw new NestedTarError('a pax path is too long or holds NUL');
        this.paxPath = value;
      } else if (key === 'size') {
        if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) throw new NestedTarError('a pax size is not a plain decimal number');
        this.paxSize = Number(value);
      }
      // Other keys (mtime, uid, uname, xattrs, …) say nothing Sluice reads here.
      at += len;
    }
  }

  private sizeField(): number {
    const first = this.block[124]!;
    if (first & 0x80) {
      if (first !== 0x80) throw new NestedTarError('a negative or oversized base-256 size');
      let value = 0;
      for (let i = 125; i < 136; i++) value = value * 256 + this.block[i]!;
      if (!Number.isSafeInteger(value)) throw new NestedTarError('an entry size is too large');
      return value;
    }
    return octal(this.block, 124, 12, 'size');
  }

  private ustarName(): string {
    const name = cString(this.block, 0, 100);
    const prefix = this.block.toString('latin1', 257, 263) === 'ustar\u0000' ? cString(this.block, 345, 155) : '';
    return prefix ? `${prefix}/${name}` : name;
  }
}

const TYPES: Record<string, InnerEntry['type']> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'dir', '2': 'symlink', '1': 'hardlink' };
