/**
 * The many-small-files case of issue 12: a package mirror of COUNT files of 1–4 KiB in nested
 * folders (bench/small-tree.ts), packed, verified and imported next to the shell tools they
 * replace, in the same run, on the same tree. Called by bench/run.ts; BENCH_SMALL_FILES sets COUNT
 * (default 100,000), BENCH_SKIP_SMALL=1 skips the case, BENCH_SKIP_1G=1 (in run.ts) runs it alone,
 * BENCH_SMALL_PACK_ONLY=1 leaves out its verify and import.
 *
 * Each operation is one section below: Sluice, then its baseline(s), then the ratio. The page
 * cache is warm for every contender (the tree was just written and is re-read by each run) and
 * dirty pages are written back before each run (`sync`, untimed, in measure()).
 *
 * Peak RSS: the pack's at COUNT files and at COUNT/10 files; the difference over the difference in
 * entries is the memory each entry costs (what the format's 1,000,000-entry limit costs, ×10⁶).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeSmallTree } from './small-tree';
import { benchSmallVerifyImport } from './small-files-import';

/** What bench/run.ts lends a case: where to work, how to run and time things, where results go. */
export interface BenchContext {
  root: string;
  keyDir: string;
  /** Runs one Sluice operation in a fresh process (bench/child.ts). */
  child: (args: string[]) => { seconds: number; maxRssMiB: number };
  /** Runs a shell pipeline; returns its seconds. */
  sh: (script: string) => number;
  /** Median of the runs of `fn`, `before` (untimed) ahead of each, printed under `name`. */
  measure: (name: string, fn: () => number, before?: () => void) => number;
  report: Record<string, number>;
}

const MiB = 1024 * 1024;

/** Runs the small-files case. */
export function benchSmallFiles(b: BenchContext): void {
  const count = Number(process.env.BENCH_SMALL_FILES ?? 100_000);
  const src = join(b.root, 'src-small');
  rmSync(src, { recursive: true, force: true });
  const bytes = makeSmallTree(src, count);
  console.log(`\n${count.toLocaleString('en')} files of 1–4 KiB in nested folders (${(bytes / MiB).toFixed(0)} MiB)`);
  const out = join(b.root, 'out-small');
  const tar = join(b.root, 'small.tar');
  const clean = () => { rmSync(out, { recursive: true, force: true }); rmSync(tar, { force: true }); };
  const fresh = () => { clean(); mkdirSync(out); };
  const peak = (rs: { maxRssMiB: number }[]) => Math.max(...rs.map((r) => r.maxRssMiB));

  try {
    // --- pack: sluice pack vs `tar cf` (no hashing, no fsync: the floor for walking and copying the tree)
    const packRuns: { seconds: number; maxRssMiB: number }[] = [];
    const tPack = b.measure('sluice pack', () => { const r = b.child(['pack', src, out, b.keyDir]); packRuns.push(r); return r.seconds; }, fresh);
    const tTarC = b.measure('tar cf', () => b.sh(`tar cf ${tar} -C ${src} .`), () => rmSync(tar, { force: true }));
    // The same with the archive made durable (`sync FILE` is an fsync of it), as pack's payload is
    // before its rename: shows how much of the gap is the durability promise, not the walk.
    const tTarSync = b.measure('tar cf; sync out.tar', () => b.sh(`tar cf ${tar} -C ${src} . && sync ${tar}`), () => rmSync(tar, { force: true }));
    b.report['small: pack / tar cf (target ≤ 3)'] = tPack / tTarC;
    b.report['small: pack / (tar cf; sync out.tar)'] = tPack / tTarSync;
    b.report['small: pack s'] = tPack;
    b.report['small: tar cf s'] = tTarC;
    b.report['small: tar cf; sync out.tar s'] = tTarSync;
    b.report['small: pack peak RSS MiB (target ≤ 200)'] = peak(packRuns);
    const pkg = join(out, 'BENCH');
    const payload = readdirSync(pkg).filter((n) => n.startsWith('payload.tar')).map((n) => join(pkg, n));

    // --- verify vs `tar tf` + `sha256sum` of the payload; import vs `tar xf` then `sync -f` on the
    // destination (disk, and tmpfs with BENCH_TMPFS); their RSS per entry (bench/small-files-import.ts)
    if (!process.env.BENCH_SMALL_PACK_ONLY) benchSmallVerifyImport(b, pkg, payload, count);

    // --- memory per entry: the pack's peak RSS at a tenth of the files
    const tenth = Math.max(1, Math.floor(count / 10));
    const smallSrc = join(b.root, 'src-small-tenth');
    makeSmallTree(smallSrc, tenth);
    fresh();
    const rssTenth = b.child(['pack', smallSrc, out, b.keyDir]).maxRssMiB;
    rmSync(smallSrc, { recursive: true, force: true });
    b.report[`small: pack peak RSS MiB at ${tenth} files`] = rssTenth;
    b.report['small: pack bytes per entry'] = ((peak(packRuns) - rssTenth) * MiB) / (count - tenth);
  } finally {
    clean();
    rmSync(src, { recursive: true, force: true });
  }
}
