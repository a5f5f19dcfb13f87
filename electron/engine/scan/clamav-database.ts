/**
 * What a ClamAV signature folder holds, described for the manifest and the ledger: the official
 * databases (`main`, `daily`, `bytecode` as .cvd/.cld, carried across from a station that runs
 * freshclam) by version and build date from their 512-byte headers, and any custom signature
 * files (.ndb, .hdb, …) by name and SHA-256, so the record pins exactly what was used.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { displaySafe } from '../../../shared/format/display-text';
import { formatTimestamp } from '../../../shared/format/manifest';
import { SluiceError } from '../errors';
import type { ScanDatabase } from './scanner';

/** Signed, versioned official databases. */
const OFFICIAL = /\.(cvd|cld|cud)$/;
/** Signature files ClamAV loads from a database folder (clamav's docs: "Signature formats"). */
const CUSTOM = /\.(hdb|hsb|hdu|hsu|mdb|msb|mdu|msu|ndb|ndu|ldb|ldu|idb|cdb|crb|cat|cbc|pdb|gdb|wdb|ftm|fp|sfp|ign|ign2|info|yar|yara|pwdb)$/;

/** Where Debian's clamav-freshclam keeps the databases; the default signature folder. */
export const DEFAULT_CLAMAV_DB = '/var/lib/clamav';

/** The header fields of a .cvd/.cld file, or null when it has none. */
export function parseCvdHeader(header: string): { version: string; date?: string } | null {
  // "ClamAV-VDB:<build time>:<version>:<signatures>:<level>:<md5>:<dsig>:<builder>:<seconds>"
  if (!header.startsWith('ClamAV-VDB:')) return null;
  const f = header.split(':');
  const version = f[2] ?? '';
  if (!/^[0-9]{1,9}$/.test(version)) return null;
  const seconds = Number((f[8] ?? '').trim().replace(/\0.*$/s, '').trim());
  return Number.isSafeInteger(seconds) && seconds > 0 && seconds < 2 ** 31 ? { version, date: formatTimestamp(seconds) } : { version };
}

/**
 * Describes the signature folder `dir`. Throws SluiceError('av-database-missing') when the folder
 * is missing or holds no signature file — ClamAV would refuse to scan, and the person must know
 * where the .cvd files go.
 */
export async function describeClamDatabase(dir: string): Promise<ScanDatabase> {
  const where = displaySafe(dir, { max: 300 });
  const missing = (what: string) => new SluiceError('av-database-missing',
    `${what}: copy ClamAV's main.cvd, daily.cvd and bytecode.cvd (from a station that runs freshclam, carried across with Sluice) into it, or name the signature folder with --clamav-db DIR.`);
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw missing(`No ClamAV signature folder at ${where}`);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw missing(`Cannot read the ClamAV signature folder ${where} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const official: { name: string; version: string; date?: string }[] = [];
  const custom: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (OFFICIAL.test(name)) {
      const header = await readHeader(file);
      const h = header === null ? null : parseCvdHeader(header);
      official.push({ name: name.replace(OFFICIAL, ''), version: h?.version ?? '?', ...(h?.date ? { date: h.date } : {}) });
    } else if (CUSTOM.test(name)) {
      const bytes = await readFile(file).catch(() => null);
      if (bytes) custom.push(`${name} sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`);
    }
  }
  if (official.length === 0 && custom.length === 0) throw missing(`The ClamAV signature folder ${where} holds no signature database`);
  const parts = [
    ...official.map((o) => `${o.name} ${o.version}${o.date ? ` (${o.date.slice(0, 10)})` : ''}`),
    ...(custom.length ? [`custom: ${custom.join(', ')}`] : []),
  ];
  // The version a person compares with the signature updates they carried: daily's, else main's.
  const lead = official.find((o) => o.name === 'daily') ?? official.find((o) => o.name === 'main') ?? official[0];
  const newest = official.map((o) => o.date).filter((d): d is string => d !== undefined).sort().at(-1);
  return {
    description: displaySafe(parts.join(', '), { max: 500 }),
    ...(lead && lead.version !== '?' ? { version: lead.version } : {}),
    ...(newest ? { date: newest } : {}),
  };
}

async function readHeader(file: string): Promise<string | null> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await fh.close();
  }
}
