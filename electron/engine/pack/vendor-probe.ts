/**
 * Before packing, a quick look for vendor checksum files in the sources, so the before-packing
 * checklist's "vendor checksums checked" item can be answered by the machine (FORMAT.md §3.11,
 * docs/CHECKLISTS.md). Only names are walked (no per-file open, unlike scanSources); each
 * recognised checksum file is read and parsed as the pack will. The pack's own plan is what
 * counts: pack({ vendorChecksumsAnswered: true }) refuses when it disagrees with this probe.
 */
import { lstat, opendir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { environmentError } from '../errors';
import { MAX_CHECKSUM_FILE_BYTES, parseChecksums, recognizeChecksumFile } from './vendor-sums-parse';

/** What the probe found: checksum files recognised, and how many of them the pack can check. */
export interface VendorProbe {
  found: number;
  checkable: number;
}

/**
 * Counts the checksum files among `sources` (never following links) and those whose lines the
 * pack will check (understood, SHA-256, not listing themselves). Unreadable folders are skipped:
 * scanSources refuses them when packing.
 */
export async function probeVendorChecksums(sources: readonly string[]): Promise<VendorProbe> {
  const out: VendorProbe = { found: 0, checkable: 0 };
  const visitFile = async (abs: string, size: number) => {
    const kind = recognizeChecksumFile(basename(abs));
    if (!kind) return;
    out.found++;
    if (size > MAX_CHECKSUM_FILE_BYTES) return;
    const bytes = await readFile(abs, { flag: 'r' }).catch((e: unknown) => { throw environmentError(e, 'read the checksum file', abs); });
    const parsed = parseChecksums(bytes, kind);
    if (parsed.ok && parsed.algorithm === 'sha256' && !parsed.files.some((f) => f.name === basename(abs))) out.checkable++;
  };
  const walk = async (dir: string): Promise<void> => {
    const d = await opendir(dir).catch(() => null);
    if (!d) return;
    for await (const e of d) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) await visitFile(p, (await lstat(p)).size);
    }
  };
  for (const s of sources) {
    const abs = resolve(s);
    const st = await lstat(abs).catch(() => null);
    if (st?.isDirectory()) await walk(abs);
    else if (st?.isFile()) await visitFile(abs, st.size);
  }
  return out;
}
