/**
 * The small-files tree of issue 12: COUNT files of 1–4 KiB in nested folders, the shape of a package
 * mirror (apt pool, PyPI simple index, npm cache). Deterministic for a given count, so every
 * contender in one run (and every run) packs the same bytes.
 *
 * Layout: `mirror/dNN/dNN/fNNNNNN.dat`, 100 files per leaf folder, 100 leaf folders per middle
 * folder — 100,000 files give 1,000 leaf folders in 10 middle folders, about 250 MiB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Files per leaf folder and leaf folders per middle folder. */
const FAN = 100;

/** Writes the tree under `dir/mirror` and returns the number of payload bytes written. */
export function makeSmallTree(dir: string, count: number): number {
  let bytes = 0;
  // One 4 KiB block of pseudo-random bytes, varied per file by its first 8 bytes: SHA-256 and tar
  // speed do not depend on content, and generating 250 MiB of fresh randomness would dominate set-up.
  const block = createHash('sha512').update('sluice small files').digest();
  const base = Buffer.alloc(4096);
  for (let o = 0; o < base.length; o += block.length) block.copy(base, o);
  for (let i = 0; i < count; i++) {
    const leaf = Math.floor(i / FAN);
    const folder = join(dir, 'mirror', `d${String(Math.floor(leaf / FAN)).padStart(2, '0')}`, `d${String(leaf % FAN).padStart(2, '0')}`);
    if (i % FAN === 0) mkdirSync(folder, { recursive: true });
    const size = 1024 + ((i * 2654435761) >>> 0) % 3073; // 1–4 KiB, spread evenly
    const content = Buffer.from(base.subarray(0, size));
    content.writeUInt32LE(i, 0);
    content.writeUInt32LE((i * 40503) >>> 0, 4);
    writeFileSync(join(folder, `f${String(i).padStart(6, '0')}.dat`), content);
    bytes += size;
  }
  return bytes;
}
