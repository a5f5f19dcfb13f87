/**
 * `npm run bench`: Sluice's pack, verify and import against the shell routines people use today,
 * measured in the same run on the same data, as ratios. Not a test: numbers go to
 * docs/PERFORMANCE.md by hand, with the machine they came from.
 *
 * Data: 8 files of 128 MiB (1 GiB) of random bytes, page cache warm for every contender, and dirty
 * pages written back (`sync`, untimed) before each run, so no contender pays for the writeback of
 * the one before it (verify used to run while pack's 1 GiB was still being flushed). Each timing is
 * the median of RUNS runs. Peak RSS is measured at 1 GiB and 4 GiB to show it is flat.
 *
 * Environment: BENCH_DIR (default: a temp dir), BENCH_RUNS (default 3), BENCH_SKIP_4G=1, BENCH_SKIP_SCAN=1,
 * BENCH_SKIP_LEDGER=1 (the long-ledger case, bench/ledger.ts), BENCH_SKIP_1G=1 (the large-file cases),
 * BENCH_SKIP_SMALL=1 and BENCH_SMALL_FILES=N (the many-small-files case, bench/small-files.ts),
 * BENCH_FROM_SOURCE=1 (run the children through tsx instead of the esbuild bundle).
 *
 * By default the children run from an esbuild bundle built the way scripts/build.mjs builds the
 * CLI (workers as `<name>.worker.mjs` beside it), because the bundle is what users run and tsx's
 * loader (in the main thread and again in every worker) costs start-up time and ~40 MiB of RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { createKey } from '../electron/engine/keys/key-files';
import { benchScan, haveClamAv } from './scan';
import { benchLedger } from './ledger';
import { benchSmallFiles } from './small-files';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const MiB = 1024 * 1024;

function makeSource(dir: string, files: number, bytesEach: number): void {
  mkdirSync(dir, { recursive: true });
  const block = randomBytes(4 * MiB);
  for (let i = 0; i < files; i++) {
    const fd = openSync(join(dir, `image-${i}.tar`), 'w');
    for (let done = 0; done < bytesEach; done += block.length) {
      // Vary each block so no two are alike; content does not matter to tar or SHA-256 speed.
      block.writeUInt32LE(i * 1_000_003 + done, 0);
      writeSync(fd, block, 0, Math.min(block.length, bytesEach - done));
    }
    closeSync(fd);
  }
}

function sh(script: string): number {
  const t = performance.now();
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`baseline failed: ${script}`);
  return (performance.now() - t) / 1000;
}

const fromSource = Boolean(process.env.BENCH_FROM_SOURCE);
let childArgs: string[] = ['--import', 'tsx', join(import.meta.dirname, 'child.ts')];

/** Bundles bench/child.ts and every engine worker into `dir`, with scripts/build.mjs's options. */
async function bundleChild(dir: string): Promise<void> {
  const repo = join(import.meta.dirname, '..');
  const workers = execFileSync('find', [join(repo, 'electron'), '-name', '*.worker.ts']).toString().trim().split('\n').filter(Boolean);
  const node = {
    bundle: true, platform: 'node', target: 'node20', packages: 'external', format: 'esm', logLevel: 'warning',
    banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
  } as const;
  await Promise.all([
    build({ ...node, entryPoints: [join(import.meta.dirname, 'child.ts')], outfile: join(dir, 'child.mjs') }),
    ...workers.map((w) => build({ ...node, entryPoints: [w], outfile: join(dir, basename(w).replace(/\.ts$/, '.mjs')) })),
  ]);
  // Bare imports (tar-stream, zod, ...) resolve from the repository's node_modules.
  execFileSync('ln', ['-sfn', join(repo, 'node_modules'), join(dir, 'node_modules')]);
  childArgs = [join(dir, 'child.mjs')];
}

function child(args: string[]): { seconds: number; maxRssMiB: number } {
  const out = execFileSync(process.execPath, [...childArgs, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SLUICE_KDF_COST: 'test' },
  });
  return JSON.parse(out.toString().trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
function measure(name: string, fn: () => number, before?: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    before?.();
    spawnSync('sync');
    times.push(fn());
  }
  const m = median(times);
  console.log(`  ${name.padEnd(44)} ${m.toFixed(2)} s`);
  return m;
}

async function main(): Promise<void> {
  console.log(`Sluice bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, in ${root}`);
  if (!fromSource) await bundleChild(join(root, 'bundle'));
  console.log(`children run from ${fromSource ? 'source (tsx)' : 'an esbuild bundle'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const keyDir = join(root, 'keys');
  mkdirSync(keyDir, { recursive: true });
  await createKey({ dir: keyDir, name: 'bench', passphrase: 'bench', cost: 'test' });

  const report: Record<string, number> = {};
  for (const [label, fileSize] of [['1 GiB', 128 * MiB], ['4 GiB', 512 * MiB]] as const) {
    if (process.env.BENCH_SKIP_1G || (label === '4 GiB' && process.env.BENCH_SKIP_4G)) continue;
    const src = join(root, `src-${label.replace(' ', '')}`);
    makeSource(src, 8, fileSize);
    const total = 8 * fileSize;
    const warm = () => sh(`cat ${src}/* > /dev/null`);
    warm();
    console.log(`\n${label} in 8 files (${total / MiB} MiB)`);
    const out = join(root, 'out');
    const clean = () => rmSync(out, { recursive: true, force: true });
    const fresh = () => { clean(); mkdirSync(out); warm(); };

    const packRuns: { seconds: number; maxRssMiB: number }[] = [];
    const tPack = measure('sluice pack', () => { const r = child(['pack', src, out, keyDir]); packRuns.push(r); return r.seconds; }, fresh);
    const pkg = join(out, 'BENCH');
    const payload = readdirSync(pkg).filter((n) => n.startsWith('payload.tar')).map((n) => join(pkg, n)).join(' ');
    const verifyRuns: { seconds: number; maxRssMiB: number }[] = [];
    const tVerify = measure('sluice verify', () => { const r = child(['verify', pkg, keyDir]); verifyRuns.push(r); return r.seconds; });
    const importRuns: { seconds: number; maxRssMiB: number }[] = [];
    const dest = join(root, 'dest');
    const tImport = measure('sluice import', () => {
      rmSync(dest, { recursive: true, force: true }); rmSync(join(root, 'ledger.jsonl'), { force: true }); rmSync(join(root, 'ledger.jsonl.head'), { force: true });
      mkdirSync(dest);
      const r = child(['import', pkg, keyDir, dest]); importRuns.push(r); return r.seconds;
    });
    const peak = (rs: { maxRssMiB: number }[]) => Math.max(...rs.map((r) => r.maxRssMiB));
    report[`${label} pack peak RSS MiB`] = peak(packRuns);
    report[`${label} verify peak RSS MiB`] = peak(verifyRuns);
    report[`${label} import peak RSS MiB`] = peak(importRuns);
    if (label === '4 GiB') { clean(); rmSync(dest, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); continue; }

    const tar = join(root, 'out.tar');
    const tTee = measure('tar cf - src | tee out.tar | sha256sum', () => sh(`tar cf - -C ${src} . | tee ${tar} | sha256sum`), warm);
    const tManual = measure('manual: tar cf + sha256sum archive + files', () => sh(`tar cf ${tar} -C ${src} . && sha256sum ${tar} && sha256sum ${src}/*`), warm);
    const tSumsC = measure('sha256sum -c SHA256SUMS', () => sh(`cd ${pkg} && sha256sum -c SHA256SUMS`));
    const tOpenssl = measure('openssl dgst -sha256 payload', () => sh(`openssl dgst -sha256 ${payload}`));
    const xdir = join(root, 'x');
    const tTarX = measure('tar xf payload', () => sh(`cat ${payload} | tar xf - -C ${xdir}`), () => { rmSync(xdir, { recursive: true, force: true }); mkdirSync(xdir); });
    rmSync(xdir, { recursive: true, force: true });
    rmSync(tar, { force: true });

    report['pack / tee pipeline (target ≤ 0.80)'] = tPack / tTee;
    report['pack / manual routine (target ≤ 0.33)'] = tPack / tManual;
    report['verify throughput / openssl (target ≥ 0.80)'] = tOpenssl / tVerify;
    report['verify / sha256sum -c'] = tVerify / tSumsC;
    report['import / tar xf'] = tImport / tTarX;
    report['pack MiB/s'] = total / MiB / tPack;
    report['verify MiB/s'] = total / MiB / tVerify;
    report['import MiB/s'] = total / MiB / tImport;
    if (haveClamAv() && !process.env.BENCH_SKIP_SCAN) {
      // pack --scan scans beside the writing and waits for the scan before signing: it takes about
      // the longer of the two (bench/scan.ts).
      const av = await benchScan(src, RUNS);
      console.log(`  ${'ClamAV clamscan (tiny custom database)'.padEnd(44)} ${av.clamscan.toFixed(2)} s\n  ${'ClamAV clamdscan --multiscan via clamd'.padEnd(44)} ${av.clamd.toFixed(2)} s`);
      report['scan clamscan s'] = av.clamscan;
      report['scan clamd s'] = av.clamd;
      report['pack --scan (clamd) / pack, estimated'] = Math.max(tPack, av.clamd) / tPack;
    }
    clean();
    rmSync(dest, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
  if (!process.env.BENCH_SKIP_SMALL) benchSmallFiles({ root, keyDir, child, sh, measure, report });
  if (!process.env.BENCH_SKIP_LEDGER) {
    console.log('\nLong ledgers: one append at 100, 10,000 and 100,000 lines, in this process (bench/ledger.ts)');
    Object.assign(report, await benchLedger([100, 10_000, 100_000]));
  }
  console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\nResults');
  for (const [k, v] of Object.entries(report)) console.log(`  ${k.padEnd(46)} ${v.toFixed(2)}`);
  if (!process.env.BENCH_DIR) rmSync(root, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
