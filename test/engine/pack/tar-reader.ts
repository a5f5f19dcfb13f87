/**
 * A deliberately small, independent reader of the payload's raw bytes for the tests: walks the
 * 512-byte blocks and returns every header field exactly as written, so the tests check the bytes
 * (docs/FORMAT-payload.md) rather than what a tolerant tar library makes of them.
 */

export interface RawHeader {
  offset: number;
  name: string;
  mode: string;
  uid: string;
  gid: string;
  size: number;
  /** True when the size field is GNU base-256. */
  base256: boolean;
  mtime: number;
  typeflag: string;
  linkname: string;
  magic: string;
  version: string;
  uname: string;
  gname: string;
  prefix: string;
  checksumOk: boolean;
  /** Parsed records of the pax header this header is (typeflag 'x'). */
  pax?: Record<string, string>;
}

const str = (b: Buffer, off: number, len: number) => {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? len : nul).toString('utf8');
};

/** Every header in `tar` in order, plus where the end blocks start. Throws on anything malformed. */
export function readRawTar(tar: Buffer): { headers: RawHeader[]; endOffset: number } {
  const headers: RawHeader[] = [];
  let off = 0;
  for (;;) {
    const block = tar.subarray(off, off + 512);
    if (block.length < 512) throw new Error(`truncated header at ${off}`);
    if (block.every((b) => b === 0)) break;
    const sizeField = block.subarray(124, 136);
    const base256 = (sizeField[0]! & 0x80) !== 0;
    let size = 0;
    if (base256) for (let i = 1; i < 12; i++) size = size * 256 + sizeField[i]!;
    else size = parseInt(str(block, 124, 12).trim(), 8);
    let sum = 8 * 32;
    for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += block[i]!;
    const h: RawHeader = {
      offset: off,
      name: str(block, 0, 100), mode: block.subarray(100, 108).toString('latin1'), uid: block.subarray(108, 116).toString('latin1'),
      gid: block.subarray(116, 124).toString('latin1'), size, base256, mtime: parseInt(str(block, 136, 12).trim(), 8),
      typeflag: String.fromCharCode(block[156]!), linkname: str(block, 157, 100),
      magic: block.subarray(257, 263).toString('latin1'), version: block.subarray(263, 265).toString('latin1'),
      uname: str(block, 265, 32), gname: str(block, 297, 32), prefix: str(block, 345, 155),
      checksumOk: parseInt(str(block, 148, 8).trim(), 8) === sum,
    };
    const body = tar.subarray(off + 512, off + 512 + size);
    if (h.typeflag === 'x') h.pax = parsePax(body);
    headers.push(h);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return { headers, endOffset: off };
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = body;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const len = Number(rest.subarray(0, space).toString('latin1'));
    const record = rest.subarray(space + 1, len).toString('utf8');
    if (!record.endsWith('\n')) throw new Error('pax record does not end with a newline');
    const eq = record.indexOf('=');
    out[record.slice(0, eq)] = record.slice(eq + 1, -1);
    rest = rest.subarray(len);
  }
  return out;
}
