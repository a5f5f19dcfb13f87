/**
 * Why a tar header whose decoded values all agree with the manifest is still not the header the
 * writer produces (FORMAT.md §4.1): a pax header where none belongs or missing where one does, a pax
 * key besides `path`, a name in the ustar prefix field, bytes after the prefix, or a field written
 * another way (a space-padded or base-256 number, octal without its trailing space, …). Each reason
 * names the field and its byte range and shows the bytes escaped, never raw.
 */
import { PAX_HEADER_NAME, USTAR_FIELDS, showBytes, type CanonicalEntry } from './canonical-header';

/** What the reader found in front of an entry. */
export interface FoundHeader {
  header: Uint8Array;
  paxBlock: Uint8Array | null;
  paxRecord: Uint8Array | null;
  /** Keys of the pax record, once parsed. */
  paxKeys: readonly string[];
}

const SPEC = '(FORMAT.md §4.1)';

/** The reason `found` differs from `canon`; `offset` is where the entry's header starts in the stream. */
export function canonicalDifference(found: FoundHeader, canon: CanonicalEntry, offset: number): string {
  if (canon.pax && !found.paxBlock) {
    return `no pax header precedes this entry, but its name is not pure ASCII or is longer than 100 bytes, so the writer puts it in a pax path record (the ustar name field holds ${field(found.header, 'name')}) ${SPEC}`;
  }
  if (!canon.pax && found.paxBlock) {
    const name = found.header.subarray(0, 100);
    const other = Buffer.compare(name, canon.header.subarray(0, 100)) !== 0
      ? ` (and the ustar name field holds ${showBytes(name)}, the name a tar without pax support would extract it under)`
      : '';
    return `a pax header precedes this entry, whose name is pure ASCII and at most 100 bytes; the writer writes none${other} ${SPEC}`;
  }
  if (canon.pax && found.paxBlock && found.paxRecord) {
    const extra = found.paxKeys.filter((k) => k !== 'path');
    if (extra.length > 0) return `the pax header carries ${extra.map((k) => `"${k}"`).join(', ')}; the writer writes only "path" ${SPEC}`;
    if (Buffer.compare(found.paxRecord, canon.pax.record) !== 0) {
      return `the pax record is ${showBytes(found.paxRecord)}; the writer writes ${showBytes(canon.pax.record)} ${SPEC}`;
    }
    const paxProblem = blockDifference(found.paxBlock, canon.pax.block);
    const paxOffset = offset - 512 - Math.ceil(found.paxRecord.length / 512) * 512;
    if (paxProblem) return `pax header block at offset ${paxOffset}: ${paxProblem} ${SPEC}`;
    const name = found.header.subarray(0, 100);
    if (Buffer.compare(name, canon.header.subarray(0, 100)) !== 0) {
      return `the ustar name field holds ${showBytes(name)} where the writer writes "${PAX_HEADER_NAME}" after a pax path record (a tar without pax support would extract the entry under that name) ${SPEC}`;
    }
  }
  const problem = blockDifference(found.header, canon.header);
  return `header at offset ${offset}: ${problem ?? 'differs from the header the writer produces'} ${SPEC}`;
}

/** How a header block differs from the canonical one, or null when it does not. */
export function blockDifference(found: Uint8Array, want: Uint8Array): string | null {
  if (Buffer.compare(found, want) === 0) return null;
  if (!isZero(found.subarray(345, 500))) {
    return `the ustar prefix field (bytes 345–499) holds ${showBytes(found.subarray(345, 500))}; the writer never uses it (a name longer than 100 bytes goes in a pax path record)`;
  }
  if (!isZero(found.subarray(500, 512))) return `bytes 500–511 (after the prefix field) are ${showBytes(found.subarray(500, 512))}; the writer leaves them zero`;
  // The checksum differs whenever anything else does, so name it only when nothing else differs.
  const differing = USTAR_FIELDS.filter(([, at, len]) => Buffer.compare(found.subarray(at, at + len), want.subarray(at, at + len)) !== 0);
  const [name, at, len] = differing.find(([n]) => n !== 'chksum') ?? differing[0]!;
  return `field ${name} (bytes ${at}–${at + len - 1}) is ${showBytes(found.subarray(at, at + len))}; the writer writes ${showBytes(want.subarray(at, at + len))} for this entry`;
}

function field(block: Uint8Array, name: string): string {
  const [, at, len] = USTAR_FIELDS.find(([n]) => n === name)!;
  return showBytes(block.subarray(at, at + len));
}

function isZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}
