/**
 * A byte-level tar writer for tests: it emits ANY header a hostile archive could carry — wrong
 * checksums, base-256 or raw numeric fields, any typeflag, arbitrary pax records, GNU long-name
 * and sparse headers — bodies of any length and any ending. It validates nothing on purpose; the
 * importer under test is what must refuse. Benign headers are laid out byte for byte the way
 * tar-stream 3.x writes them, so a control archive built here is what the packer would produce.
 */

const BLOCK = 512;

/** A numeric header field: a number/bigint (octal, tar-stream style), a base-256 value, or raw bytes. */
export type NumericField = number | bigint | { base256: bigint } | { raw: string | Uint8Array };

/** Every field of a ustar header; anything left out gets tar-stream's value for a plain entry. */
export interface RawHeader {
  /** Up to 100 bytes; longer input is truncated (that is the point of some cases). */
  name: string | Uint8Array;
  mode?: NumericField;
  uid?: NumericField;
  gid?: NumericField;
  /** Defaults to the body's length when written through RawTarWriter.entry. */
  size?: NumericField;
  mtime?: NumericField;
  /** One character: '0' file, '5' dir, '2' symlink, 'x' pax, 'L' GNU long name, … or '\0'. */
  typeflag?: string;
  linkname?: string | Uint8Array;
  /** 6 bytes at offset 257; default 'ustar\0'. GNU is 'ustar ' with version ' \0'. */
  magic?: string | Uint8Array;
  version?: string | Uint8Array;
  uname?: string | Uint8Array;
  gname?: string | Uint8Array;
  devmajor?: NumericField;
  devminor?: NumericField;
  prefix?: string | Uint8Array;
  /** 'correct' (default), 'wrong' (off by one), or raw bytes for the 8-byte field. */
  checksum?: 'correct' | 'wrong' | { raw: string | Uint8Array };
}

const bytesOf = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);

/** tar-stream's octal form: zero-padded to `digits`, then a space (the field's last byte stays NUL). */
export function octal(value: number | bigint, digits: number): string {
  const s = value.toString(8);
  return s.length > digits ? '7'.repeat(digits) + ' ' : '0'.repeat(digits - s.length) + s + ' ';
}

/** GNU base-256: first byte 0x80 (positive) or 0xff (negative), big-endian two's complement. */
export function base256(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt.asUintN(8 * width, value);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = value < 0n ? 0xff : 0x80;
  return out;
}

function writeField(block: Uint8Array, offset: number, width: number, value: string | Uint8Array): void {
  block.set(bytesOf(value).subarray(0, width), offset);
}

function writeNumber(block: Uint8Array, offset: number, width: number, value: NumericField, digits: number): void {
  if (typeof value === 'number' || typeof value === 'bigint') writeField(block, offset, width, octal(value, digits));
  else if ('base256' in value) block.set(base256(value.base256, width), offset);
  else writeField(block, offset, width, value.raw);
}

/** The standard header checksum: every byte, with the checksum field counted as eight spaces. */
export function headerChecksum(block: Uint8Array): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  return sum;
}

/** Encodes one 512-byte header block exactly as told. */
export function encodeHeader(h: RawHeader): Buffer {
  const block = new Uint8Array(BLOCK);
  writeField(block, 0, 100, h.name);
  writeNumber(block, 100, 8, h.mode ?? 0o644, 6);
  writeNumber(block, 108, 8, h.uid ?? 0, 6);
  writeNumber(block, 116, 8, h.gid ?? 0, 6);
  writeNumber(block, 124, 12, h.size ?? 0, 11);
  writeNumber(block, 136, 12, h.mtime ?? 1_700_000_000, 11);
  writeField(block, 156, 1, h.typeflag ?? '0');
  if (h.linkname !== undefined) writeField(block, 157, 100, h.linkname);
  writeField(block, 257, 6, h.magic ?? 'ustar\0');
  writeField(block, 263, 2, h.version ?? '00');
  if (h.uname !== undefined) writeField(block, 265, 32, h.uname);
  if (h.gname !== undefined) writeField(block, 297, 32, h.gname);
  writeNumber(block, 329, 8, h.devmajor ?? 0, 6);
  writeNumber(block, 337, 8, h.devminor ?? 0, 6);
  if (h.prefix !== undefined) writeField(block, 345, 155, h.prefix);
  const checksum = h.checksum ?? 'correct';
  if (typeof checksum === 'object') writeField(block, 148, 8, checksum.raw);
  else writeField(block, 148, 8, octal(headerChecksum(block) + (checksum === 'wrong' ? 1 : 0), 6));
  return Buffer.from(block);
}

/**
 * A pax extended-header body from records, each with its correct decimal length prefix
 * ("<len> <key>=<value>\n"). Keys and values are written verbatim, NULs and all.
 */
export function paxBody(records: readonly (readonly [string, string])[]): Buffer {
  const parts = records.map(([key, value]) => {
    const rest = Buffer.from(` ${key}=${value}\n`, 'utf8');
    let len = rest.length + 1;
    while (String(len).length + rest.length !== len) len = String(len).length + rest.length;
    return Buffer.concat([Buffer.from(String(len)), rest]);
  });
  return Buffer.concat(parts);
}

/** Zero bytes up to the next 512-byte boundary. */
export function blockPadding(length: number): Buffer {
  return Buffer.alloc((BLOCK - (length % BLOCK)) % BLOCK);
}

/** Builds an archive block by block. Every method appends and returns `this`. */
export class RawTarWriter {
  private readonly chunks: Buffer[] = [];

  /** A header and its body (padded to a block unless `pad` is false). `size` defaults to the body length. */
  entry(header: RawHeader, body: Uint8Array = new Uint8Array(0), pad = true): this {
    this.chunks.push(encodeHeader({ ...header, size: header.size ?? body.length }));
    this.chunks.push(Buffer.from(body));
    if (pad) this.chunks.push(blockPadding(body.length));
    return this;
  }

  /** A regular file as tar-stream writes it (mode 0644, uid/gid 0). */
  file(name: string, body: Uint8Array | string, extra: Partial<RawHeader> = {}): this {
    return this.entry({ name, typeflag: '0', mode: 0o644, ...extra }, bytesOf(body));
  }

  /** A directory as tar-stream writes it: name with a trailing slash, mode 0755, size 0. */
  dir(name: string, extra: Partial<RawHeader> = {}): this {
    return this.entry({ name: name.endsWith('/') ? name : `${name}/`, typeflag: '5', mode: 0o755, size: 0, ...extra });
  }

  /** A pax header ('x' per-entry, 'g' global) carrying `records`, named as tar-stream names it. */
  pax(records: readonly (readonly [string, string])[], typeflag: 'x' | 'g' = 'x', extra: Partial<RawHeader> = {}): this {
    return this.entry({ name: 'PaxHeader', typeflag, ...extra }, paxBody(records));
  }

  /** A GNU long name ('L') or long link name ('K') header: the name plus a NUL as its body. */
  gnuLong(name: string, typeflag: 'L' | 'K' = 'L', extra: Partial<RawHeader> = {}): this {
    const body = Buffer.concat([Buffer.from(name, 'utf8'), Buffer.alloc(1)]);
    return this.entry({ name: '././@LongLink', typeflag, magic: 'ustar ', version: ' \0', ...extra }, body);
  }

  /** Arbitrary bytes, unpadded. */
  raw(bytes: Uint8Array | string): this {
    this.chunks.push(Buffer.from(bytesOf(bytes)));
    return this;
  }

  /** `blocks` zero blocks: 2 is a proper end of archive, 1 or 0 a truncated one. */
  end(blocks = 2): this {
    this.chunks.push(Buffer.alloc(BLOCK * blocks));
    return this;
  }

  /** The archive so far. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
