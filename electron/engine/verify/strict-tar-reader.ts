/**
 * A strict streaming tar reader for `sluice-transfer/1` payloads: a 512-byte-block state machine fed
 * with chunks in stream order. Each header (with its pax header and record) must be byte for byte
 * the one the writer produces for the next manifest entry (FORMAT.md §4.1, ./canonical-header.ts),
 * checked BEFORE it hands out a byte of that entry's body; it hashes each file body, requires zero
 * padding, and refuses everything hostile (REFERENCES §3).
 *
 * Why our own reader rather than tar-stream's extractor: that extractor passes duplicates, entries
 * after the end-of-archive blocks and sparse types (as `null`), ends silently when an archive is cut
 * at an entry boundary, and never ends a directory entry with a non-zero size (REFERENCES §4). A
 * state machine over blocks is small, synchronous (so the caller controls back-pressure), and makes
 * each of those cases an explicit error.
 */
import { createHash, type Hash } from 'node:crypto';
import { quoted } from '../../../shared/format/display-text';
import type { ManifestEntry } from '../../../shared/format/manifest';
import { BLOCK, MAX_PAX_BYTES, TarHeaderError, decodeHeader, isZeroBlock, parsePax, type PaxOverrides, type UstarHeader } from './tar-header';
import { canonicalEntry, sameBytes, type CanonicalEntry } from './canonical-header';
import { canonicalDifference } from './header-diagnosis';

/** What the reader hands to its caller, in stream order. `bytes` views the pushed chunk. */
export type TarEvent =
  | { kind: 'begin'; index: number; entry: ManifestEntry }
  | { kind: 'body'; index: number; entry: ManifestEntry; bytes: Uint8Array }
  | { kind: 'end'; index: number; entry: ManifestEntry; sha256: string | null; problem: string | null };

/** A structural refusal: the archive cannot be read further. `where` names the entry or offset. */
export class TarFailure extends Error {
  constructor(readonly where: string, readonly reason: string) {
    super(`${where}: ${reason}`);
  }
}

const TYPE_NAMES: Record<string, string> = {
  '\0': 'old-style regular file', '1': 'hard link', '2': 'symbolic link', '3': 'character device',
  '4': 'block device', '6': 'FIFO', '7': 'contiguous file', 'g': 'pax global header', 'L': 'GNU long name',
  'K': 'GNU long link name', 'S': 'GNU sparse file', 'D': 'GNU dump directory', 'V': 'GNU volume label',
  'M': 'GNU multi-volume continuation', 'N': 'GNU old long name',
};

type State = 'header' | 'pax' | 'body' | 'pad' | 'end2' | 'done';

/** Reads one payload stream against the manifest's entries. Throws `TarFailure` on the first refusal. */
export class StrictTarReader {
  private state: State = 'header';
  private readonly block = new Uint8Array(BLOCK);
  private filled = 0;
  private offset = 0;
  private index = 0;
  private remaining = 0;
  private pad = 0;
  private pax: PaxOverrides | null = null;
  /** The pax header block and record read before the current entry's header (compared whole). */
  private paxBlock: Uint8Array | null = null;
  private paxBody: Uint8Array | null = null;
  private hash: Hash | null = null;
  private entry: ManifestEntry | null = null;

  constructor(private readonly entries: readonly ManifestEntry[]) {}

  /** Entries whose header has been accepted so far. */
  get entriesSeen(): number {
    return this.index;
  }

  /**
   * Consumes one chunk and returns what it completed, appended to `events` (so a caller still has
   * the events before a refusal). The chunk must not change until the events are used.
   */
  push(chunk: Uint8Array, events: TarEvent[] = []): TarEvent[] {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'header':
        case 'end2': {
          const take = Math.min(BLOCK - this.filled, chunk.length - at);
          this.block.set(chunk.subarray(at, at + take), this.filled);
          this.filled += take;
          at += take;
          if (this.filled === BLOCK) {
            this.filled = 0;
            this.offset += BLOCK;
            if (this.state === 'end2') this.secondEndBlock();
            else this.header(events);
          }
          break;
        }
        case 'pax': {
          const take = Math.min(this.remaining, chunk.length - at);
          this.paxBody!.set(chunk.subarray(at, at + take), this.paxBody!.length - this.remaining);
          this.remaining -= take;
          at += take;
          this.offset += take;
          if (this.remaining === 0) {
            try {
              this.pax = parsePax(this.paxBody!);
            } catch (e) {
              const next = this.entries[this.index]?.path ?? 'payload';
              throw new TarFailure(next, `bad pax header: ${e instanceof TarHeaderError ? e.message : String(e)}`);
            }
            this.state = this.pad > 0 ? 'pad' : 'header';
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.remaining, chunk.length - at);
          const bytes = chunk.subarray(at, at + take);
          this.hash!.update(bytes);
          events.push({ kind: 'body', index: this.index - 1, entry: this.entry!, bytes });
          this.remaining -= take;
          at += take;
          this.offset += take;
          if (this.remaining === 0) {
            events.push(this.endFile());
            this.state = this.pad > 0 ? 'pad' : 'header';
          }
          break;
        }
        case 'pad': {
          const take = Math.min(this.pad, chunk.length - at);
          for (let i = at; i < at + take; i++) {
            if (chunk[i] !== 0) throw this.fail('non-zero bytes in the padding after an entry');
          }
          this.pad -= take;
          at += take;
          this.offset += take;
          if (this.pad === 0) this.state = 'header';
          break;
        }
        case 'done':
          throw new TarFailure('payload', `data after the end-of-archive blocks (at offset ${this.offset})`);
      }
    }
    return events;
  }

  /** Call at the end of the stream: throws unless the archive ended exactly after its two zero blocks. */
  finish(): void {
    if (this.state === 'done') return;
    const where = this.entry?.path ?? 'payload';
    const reasons: Record<Exclude<State, 'done'>, string> = {
      header: this.filled > 0 ? 'payload is truncated in the middle of a header' : '',
      pax: 'payload is truncated in the middle of a pax header',
      body: `payload is truncated in the middle of this file (${this.remaining} bytes missing)`,
      pad: 'payload is truncated in the padding after this file',
      end2: 'payload ends after one end-of-archive block; two are required',
    };
    let reason = reasons[this.state];
    if (this.state === 'header' && this.filled === 0) {
      const next = this.entries[this.index];
      if (next) throw new TarFailure(next.path, `missing from the payload (it ends after ${this.index} of ${this.entries.length} entries)`);
      reason = 'payload ends without the end-of-archive blocks';
    }
    throw new TarFailure(this.state === 'header' || this.state === 'end2' ? 'payload' : where, reason);
  }

  /**
   * One header block. The rule is one comparison: this block — and the pax header block and record
   * before it, when there was one — must be exactly the bytes the writer produces for the manifest's
   * next entry (./canonical-header.ts, FORMAT.md §4.1). Only when they differ is the block decoded,
   * to say precisely what is wrong; a match is accepted without decoding anything.
   */
  private header(events: TarEvent[]): void {
    const expected = this.entries[this.index];
    if (isZeroBlock(this.block)) {
      if (this.paxBlock) throw this.fail('a pax header is followed by the end of the archive');
      if (expected) throw new TarFailure(expected.path, `missing from the payload (it ends after ${this.index} of ${this.entries.length} entries)`);
      this.state = 'end2';
      return;
    }
    if (this.block[156] === 0x78 /* 'x' */) return this.paxHeader(expected?.path ?? 'payload');
    const canon = expected ? canonicalEntry(expected) : null;
    if (!expected || !canon || !this.matches(canon)) this.diagnose(expected, canon);
    this.accept(expected!, events);
  }

  /** A pax header block: kept whole for the comparison with the entry it precedes; its record is read next. */
  private paxHeader(where: string): void {
    const h = this.decoded(where);
    if (this.paxBlock) throw new TarFailure(where, 'more than one pax header before an entry');
    if (h.size === 0 || h.size > MAX_PAX_BYTES) throw new TarFailure(where, `pax header of ${h.size} bytes (allowed: 1–${MAX_PAX_BYTES})`);
    this.paxBlock = this.block.slice();
    this.paxBody = new Uint8Array(h.size);
    this.remaining = h.size;
    this.pad = padding(h.size);
    this.state = 'pax';
  }

  private matches(canon: CanonicalEntry): boolean {
    if (!canon.pax) return this.paxBlock === null && sameBytes(this.block, canon.header);
    return this.paxBlock !== null && this.paxBody !== null && sameBytes(this.paxBlock, canon.pax.block)
      && sameBytes(this.paxBody, canon.pax.record) && sameBytes(this.block, canon.header);
  }

  /** The header is the canonical one for `expected`: start the entry. */
  private accept(expected: ManifestEntry, events: TarEvent[]): void {
    this.pax = null;
    this.paxBlock = null;
    this.paxBody = null;
    this.index++;
    this.entry = expected;
    events.push({ kind: 'begin', index: this.index - 1, entry: expected });
    if (expected.type === 'dir') {
      events.push({ kind: 'end', index: this.index - 1, entry: expected, sha256: null, problem: null });
      return;
    }
    this.hash = createHash('sha256');
    this.remaining = expected.size;
    this.pad = padding(expected.size);
    if (expected.size === 0) events.push(this.endFile());
    else this.state = 'body';
  }

  /**
   * Says why a header is not the canonical one, most telling reason first: a broken or forbidden
   * header, a value that differs from the manifest, and only then how the bytes differ (a number
   * written another way, a name in the prefix field, a pax header where none belongs). Always throws.
   */
  private diagnose(expected: ManifestEntry | undefined, canon: CanonicalEntry | null): never {
    const where = expected?.path ?? 'payload';
    const h = this.decoded(where);
    if (h.typeflag !== '0' && h.typeflag !== '5') {
      const name = TYPE_NAMES[h.typeflag] ?? `unknown type "${h.typeflag.replace(/[^\x20-\x7e]/g, '?')}"`;
      throw new TarFailure(where, `tar entry of type ${name} is not allowed (only regular files and directories)`);
    }
    if (!expected || !canon) throw new TarFailure('payload', `more entries than the manifest declares (${this.entries.length})`);
    const pax = this.pax ?? {};
    if (pax.size !== undefined && pax.size !== h.size) throw new TarFailure(where, `pax size ${pax.size} differs from the header's size ${h.size}`);
    if (pax.mtime !== undefined && pax.mtime !== h.mtime) throw new TarFailure(where, `pax mtime ${pax.mtime} differs from the header's mtime ${h.mtime}`);
    const type = h.typeflag === '5' ? 'dir' : 'file';
    let path = pax.path ?? h.path;
    if (type === 'dir' && path.endsWith('/')) path = path.slice(0, -1);
    const mismatch = (what: string, got: unknown, want: unknown) =>
      new TarFailure(where, `tar header ${what} ${shown(got)} does not match the manifest's ${shown(want)}`);
    if (path !== expected.path) throw mismatch('path', path, expected.path);
    if (type !== expected.type) throw mismatch('type', type, expected.type);
    if (type === 'dir' && h.size !== 0) throw new TarFailure(where, `directory entry with a non-zero size (${h.size})`);
    if (h.size !== expected.size) throw mismatch('size', h.size, expected.size);
    if (h.mode !== parseInt(expected.mode, 8)) throw mismatch('mode', '0' + h.mode.toString(8), expected.mode);
    if (h.mtime !== expected.mtime) throw mismatch('mtime', h.mtime, expected.mtime);
    // Every decoded value agrees with the manifest: the bytes say it in a way the writer does not.
    const found = { header: this.block, paxBlock: this.paxBlock, paxRecord: this.paxBody, paxKeys: Object.keys(pax) };
    throw new TarFailure(where, canonicalDifference(found, canon, this.offset - BLOCK));
  }

  private decoded(where: string): UstarHeader {
    try {
      return decodeHeader(this.block);
    } catch (e) {
      throw new TarFailure(where, `bad tar header at offset ${this.offset - BLOCK}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private endFile(): TarEvent {
    const entry = this.entry!;
    const sha256 = this.hash!.digest('hex');
    this.hash = null;
    const want = entry.type === 'file' ? entry.sha256 : null;
    const problem = sha256 === want ? null : 'SHA-256 does not match the manifest';
    return { kind: 'end', index: this.index - 1, entry, sha256, problem };
  }

  private secondEndBlock(): void {
    if (!isZeroBlock(this.block)) throw new TarFailure('payload', 'the second end-of-archive block is not zero (data after the end of the archive)');
    this.state = 'done';
  }

  private fail(reason: string): TarFailure {
    return new TarFailure(this.entry?.path ?? this.entries[this.index]?.path ?? 'payload', reason);
  }
}

/** A header field in a reason: a string (a path from the tar, hostile) quoted, escaped and capped; a number as is. */
function shown(value: unknown): string {
  return typeof value === 'string' ? quoted(value, { max: 200 }) : JSON.stringify(value);
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
