/**
 * The verify and import halves of issue 12's many-small-files case, called by bench/small-files.ts
 * on the package its pack case made (100,000 files of 1–4 KiB by default), next to the shell
 * routines they replace, in the same run:
 *
 * - verify vs `tar tf` then `sha256sum` of the payload (listing plus one digest: what a person does
 *   by hand, and less than Sluice checks);
 * - import onto the bench folder's disk vs `tar xf` then `sync -f` on the destination (the same
 *   durability: Sluice's import ends with one syncfs before its rename);
 * - import onto tmpfs, when BENCH_TMPFS names a tmpfs mount point, or is `auto` and this runs as
 *   root (then one is mounted under the bench folder for the measurement and unmounted after).
 *
 * Peak RSS of verify and import at COUNT files and at a tenth of them; the difference over the
 * difference in entries is what each entry costs (× 10⁶ for the format's 1,000,000-entry limit).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeSmallTree } from './small-tree';

/** What the small-files case lends (a subset of bench/small-files.ts's BenchContext). */
export interface VerifyImportContext {
  root: string;
  keyDir: string;
  child: (args: string[]) => { seconds: number; maxRssMiB: number };
  sh: (script: string) => number;
  measure: (name: string, fn: () => number, before?: () => void) => number;
  report: Record<string, number>;
}

type Run = { seconds: number; maxRssMiB: number };
const peak = (rs: Run[]) => Math.max(...rs.map((r) => r.maxRssMiB));

/** A tmpfs to import onto, and how to let go of it; null when none is available. */
function tmpfs(root: string): { dir: string; release: () => void } | null {
  const want = process.env.BENCH_TMPFS;
  if (!want) return null;
  if (want !== 'auto') return { dir: want, release: () => {} };
  if (process.getuid?.() !== 0) return null;
  const dir = join(root, 'tmpfs');
  mkdirSync(dir, { recursive: true });
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4g', 'tmpfs', dir]).status !== 0) return null;
  return { dir, release: () => void spawnSync('umount', [dir]) };
}

/** Packs a tree of `count` small files under `dir`; returns the package directory. */
function packTree(b: VerifyImportContext, dir: string, count: number): string {
  rmSync(dir, { recursive: true, force: true });
  makeSmallTree(join(dir, 'src'), count);
  mkdirSync(join(dir, 'out'));
  b.child(['pack', join(dir, 'src'), join(dir, 'out'), b.keyDir]);
  return join(dir, 'out', 'BENCH');
}

/** Verify and import of `pkg` (a package of `count` small files, payload volumes `payload`). */
export function benchSmallVerifyImport(b: VerifyImportContext, pkg: string, payload: string[], count: number): void {
  const cat = `cat ${payload.join(' ')}`;
  const verifyRuns: Run[] = [];
  const tVerify = b.measure('sluice verify', () => { const r = b.child(['verify', pkg, b.keyDir]); verifyRuns.push(r); return r.seconds; });
  const tList = b.measure('tar tf payload; sha256sum payload', () => b.sh(`${cat} | tar tf - > /dev/null && ${cat} | sha256sum > /dev/null`));
  b.report['small: verify / (tar tf + sha256sum) (target ≤ 3)'] = tVerify / tList;
  b.report['small: verify s'] = tVerify;

  const importRuns: Run[] = [];
  const importOnto = (where: string, base: string) => {
    const dest = join(base, 'dest-small');
    const x = join(base, 'x-small');
    const ledger = join(base, 'ledger.jsonl');
    const fresh = () => {
      for (const p of [dest, x, ledger, `${ledger}.head`, `${ledger}.anchor`]) rmSync(p, { recursive: true, force: true });
      mkdirSync(dest);
      mkdirSync(x);
    };
    const t = b.measure(`sluice import (${where})`, () => { const r = b.child(['import', pkg, b.keyDir, dest]); importRuns.push(r); return r.seconds; }, fresh);
    const tTar = b.measure(`tar xf payload; sync -f (${where})`, () => b.sh(`${cat} | tar xf - -C ${x} && sync -f ${x}`), fresh);
    fresh();
    for (const p of [dest, x]) rmSync(p, { recursive: true, force: true });
    b.report[`small: import / (tar xf + sync -f), ${where} (target ≤ 2)`] = t / tTar;
    b.report[`small: import s, ${where}`] = t;
  };
  importOnto('disk', b.root);
  const mem = tmpfs(b.root);
  if (mem) {
    try {
      importOnto('tmpfs', mem.dir);
    } finally {
      mem.release();
    }
  }

  // Memory per entry: one verify and one import of a package of a tenth of the files.
  const tenth = Math.max(1, Math.floor(count / 10));
  const tenthDir = join(b.root, 'small-tenth-vi');
  const tenthPkg = packTree(b, tenthDir, tenth);
  const vTenth = b.child(['verify', tenthPkg, b.keyDir]).maxRssMiB;
  const dest = join(b.root, 'dest-small-tenth');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest);
  for (const f of ['ledger.jsonl', 'ledger.jsonl.head', 'ledger.jsonl.anchor']) rmSync(join(b.root, f), { force: true });
  const iTenth = b.child(['import', tenthPkg, b.keyDir, dest]).maxRssMiB;
  rmSync(dest, { recursive: true, force: true });
  rmSync(tenthDir, { recursive: true, force: true });
  const perEntry = (full: number, small: number) => ((full - small) * 1024 * 1024) / (count - tenth);
  b.report['small: verify peak RSS MiB (target ≤ 200)'] = peak(verifyRuns);
  b.report['small: import peak RSS MiB (target ≤ 200)'] = peak(importRuns);
  b.report[`small: verify peak RSS MiB at ${tenth} files`] = vTenth;
  b.report[`small: import peak RSS MiB at ${tenth} files`] = iTenth;
  b.report['small: verify bytes per entry'] = perEntry(peak(verifyRuns), vTenth);
  b.report['small: import bytes per entry'] = perEntry(peak(importRuns), iTenth);
}
