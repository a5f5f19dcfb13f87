/**
 * What checking vendor checksums costs the pack (issue 10 §2, docs/PERFORMANCE.md "Vendor
 * checksums"): the files are not read again — the check compares the SHA-256 the pack computes
 * anyway — so what is left is planning (finding, reading and parsing the checksum files, indexing
 * the plan) and one lookup per packed file. Measured on real files in a temp folder:
 * - 100,000 planned files, no checksum file (what every pack now pays);
 * - 100,000 planned files in 100 folders, each with a SHA256SUMS listing its 1,000 files
 *   (a mirror whose every file is vouched for), plus the 100,000 lookups.
 *
 * `node --import tsx bench/vendor-checksums.ts` (BENCH_RUNS, default 3; medians).
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { planVendorChecks } from '../electron/engine/pack/vendor-checksums';
import type { PlannedEntry } from '../electron/engine/pack/scan';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FOLDERS = 100;
const PER_FOLDER = 1000;

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-bench-vendor-'));
  try {
    const plain: PlannedEntry[] = [];
    const vouched: PlannedEntry[] = [];
    const digests = new Map<string, string>();
    for (let f = 0; f < FOLDERS; f++) {
      const folder = `mirror/d${String(f).padStart(3, '0')}`;
      await mkdir(join(root, folder), { recursive: true });
      let sums = '';
      for (let i = 0; i < PER_FOLDER; i++) {
        const name = `f${String(i).padStart(4, '0')}.bin`;
        const digest = createHash('sha256').update(`${folder}/${name}`).digest('hex');
        digests.set(`${folder}/${name}`, digest);
        sums += `${digest}  ${name}\n`;
        const e: PlannedEntry = { path: `${folder}/${name}`, source: join(root, folder, name), type: 'file', size: 2048, mode: '0644', mtime: 1_700_000_000 };
        plain.push(e);
        vouched.push(e);
      }
      await writeFile(join(root, folder, 'SHA256SUMS'), sums);
      vouched.push({ path: `${folder}/SHA256SUMS`, source: join(root, folder, 'SHA256SUMS'), type: 'file', size: Buffer.byteLength(sums), mode: '0644', mtime: 1_700_000_000 });
    }
    vouched.sort((a, b) => (a.path < b.path ? -1 : 1));
    const time = async (entries: PlannedEntry[], check: boolean): Promise<number> => {
      const start = process.hrtime.bigint();
      const plan = await planVendorChecks(entries);
      if (check) for (const e of entries) if (!e.path.endsWith('SHA256SUMS')) plan.checkEntry(e.path, digests.get(e.path)!);
      if (check) plan.details();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const runs = async (entries: PlannedEntry[], check: boolean) => { const xs: number[] = []; for (let i = 0; i < RUNS; i++) xs.push(await time(entries, check)); return median(xs); };
    console.log(`100,000 files, no checksum file: plan ${(await runs(plain, false)).toFixed(0)} ms`);
    // The checksum files' own hashes are not fed here (they are compared with what was read), so checkEntry skips them.
    console.log(`100,000 files vouched for by 100 SHA256SUMS: plan + 100,000 checks + details ${(await runs(vouched, true)).toFixed(0)} ms`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
