/**
 * The antivirus scan's cost (issue 10): ClamAV over the bench's source files, with clamscan (loads
 * the signatures on every run) and with clamdscan through a clamd started here (signatures loaded
 * once, files scanned in parallel). Called by bench/run.ts on the 1 GiB source; runnable alone:
 * `node --import tsx bench/scan.ts DIR` scans every file in DIR.
 *
 * The signatures are a one-line custom database (no network here, so no official .cvd files):
 * the figures are ClamAV's scan engine over these bytes, NOT its cost with the official ~8 million
 * signatures, whose loading alone takes clamscan tens of seconds and ~1 GiB of memory (that is
 * what clamd saves) — docs/PERFORMANCE.md says so beside the numbers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClamAvScanner } from '../electron/engine/scan/index';

/** Whether ClamAV is installed (the scan bench is skipped otherwise). */
export function haveClamAv(): boolean {
  return spawnSync('clamscan', ['--version']).status === 0 && spawnSync('clamd', ['--version']).status === 0;
}

/** Median seconds of `runs` scans of every file in `src`, with clamscan and with clamd. */
export async function benchScan(src: string, runs: number): Promise<{ clamscan: number; clamd: number; clamdStart: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-av-'));
  try {
    const db = join(dir, 'db');
    mkdirSync(db);
    writeFileSync(join(db, 'bench.ndb'), `Bench.Marker:0:*:${Buffer.from('SLUICE-BENCH-MARKER').toString('hex')}\n`);
    const targets = readdirSync(src).map((n) => ({ path: join(src, n), size: statSync(join(src, n)).size }));
    const time = async (scanner: ClamAvScanner) => {
      const t: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const outcome = await scanner.scanFiles(targets);
        if (outcome.verdict !== 'clean') throw new Error('the bench data should be clean');
        t.push((performance.now() - start) / 1000);
      }
      return t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
    };
    const clamscan = await time(new ClamAvScanner({ databaseDir: db }));
    const socket = join(dir, 'clamd.sock');
    writeFileSync(join(dir, 'clamd.conf'), [`LocalSocket ${socket}`, `DatabaseDirectory ${db}`, 'Foreground yes', `TemporaryDirectory ${dir}`,
      'MaxFileSize 2000M', 'MaxScanSize 2000M', 'AlertExceedsMax yes', ''].join('\n'));
    const started = performance.now();
    const clamdProcess = spawn('clamd', ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
    try {
      while (!existsSync(socket)) {
        if (clamdProcess.exitCode !== null || performance.now() - started > 60_000) throw new Error('clamd did not start');
        await new Promise((r) => setTimeout(r, 20));
      }
      const clamdStart = (performance.now() - started) / 1000;
      const clamd = await time(new ClamAvScanner({ clamdSocket: socket }));
      return { clamscan, clamd, clamdStart };
    } finally {
      clamdProcess.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  const src = process.argv[2];
  if (!src) { console.error('usage: node --import tsx bench/scan.ts DIR'); process.exit(2); }
  benchScan(src, Number(process.env.BENCH_RUNS ?? 3)).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
}
