/**
 * The long-ledger case of issue 12: what one append costs at 100, 10,000 and 100,000 entries.
 *
 * Set-up writes N lines in one go with the engine's own line format (serializeEntry, hashLine):
 * a valid chain and `<ledger>.head`, in well under a second for 100,000 lines, instead of N
 * fsynced appends. Then, in this process:
 *
 * - "first append": the first append to that ledger — no anchor yet, so it verifies the whole
 *   chain once (and writes the anchor);
 * - "append": the median of APPENDS further appends (each a full appendEvent: lock, anchor check,
 *   write, fsync, head file, anchor);
 * - "replay judge + append": the median of APPENDS transactions that judge a transfer against the
 *   replay index (kept per process) and append, the shape of an import's commit; the first of
 *   them, which builds the index from a full check, is reported on its own ("first judge");
 * - "stage pre-check": primeFold(replayFold), what an import's stage does once without the lock
 *   (a full chain check; one job process per import in the app, in-process for the CLI), and
 *   "commit after stage": the judge + append that follows it in the same process (no second pass).
 *
 * Runnable alone: `node --import tsx bench/ledger.ts` (BENCH_LEDGER_SIZES=100,10000 to choose).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEvent, withLedger } from '../electron/engine/ledger/index';
import { hashLine, serializeEntry } from '../electron/engine/ledger/line';
import { GENESIS_PREV, type LedgerEntry, type LedgerEventInput } from '../shared/ledger-events';
import * as replay from '../electron/engine/import/replay-guard';
import { primeFold } from '../electron/engine/ledger/ledger';

const APPENDS = Number(process.env.BENCH_LEDGER_APPENDS ?? 15);

/** One entry in the shape of an import: the kind of line a receiving station accumulates. */
function imported(seq: number, prev: string): LedgerEntry {
  return {
    seq, time: '2026-11-29T12:00:00Z', prev, event: 'transfer.imported', station: 'high-1', actor: 'alice',
    transferId: `T-${seq}`,
    data: {
      keyId: '0123456789ABCDEF', source: 'low', destination: 'high', sequence: seq, manifestSha256: 'a'.repeat(64),
      path: `/data/in/T-${seq}`, files: 12, bytes: 123456, officer: 'alice',
    },
  };
}

/** Writes a valid ledger of `n` lines and its head file, without the per-line fsync of appends. */
export function writeLongLedger(file: string, n: number): string {
  const parts: string[] = [];
  let prev = GENESIS_PREV;
  for (let seq = 1; seq <= n; seq++) {
    const line = serializeEntry(imported(seq, prev));
    parts.push(line, '\n');
    prev = hashLine(line);
  }
  writeFileSync(file, parts.join(''), { mode: 0o600 });
  const head = n > 0 ? `${n}:${prev}` : null;
  if (head) writeFileSync(`${file}.head`, `${head}\n`, { mode: 0o600 });
  return head ?? '';
}

const input = (i: number): LedgerEventInput => ({
  event: 'transfer.packed', station: 'high-1', actor: 'alice', transferId: `B-${i}`,
  data: { keyId: '0123456789ABCDEF', source: 'high', destination: 'low', sequence: i, manifestSha256: 'b'.repeat(64) },
});

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** CPU milliseconds (user + system) of the timed calls, summed per label: unlike wall time, not inflated by fsync waits or other jobs. */
const cpu = new Map<string, number[]>();

async function timed(fn: () => Promise<unknown>, cpuLabel?: string): Promise<number> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  if (cpuLabel) {
    const d = process.cpuUsage(c);
    cpu.set(cpuLabel, [...(cpu.get(cpuLabel) ?? []), (d.user + d.system) / 1000]);
  }
  return wall;
}

/** A commit-shaped transaction: judge against the replay state (a fold kept per process), then append. */
async function judgeAndAppend(file: string, i: number): Promise<void> {
  await withLedger(file, async (tx) => {
    const v = replay.judgeReplay(await tx.fold(replay.replayFold), { transferId: `J-${i}`, keyId: 'FEDCBA9876543210', source: 'low', destination: 'high', sequence: i + 1 });
    if (v.replay || v.rollback) throw new Error(`unexpected verdict ${JSON.stringify(v)}`);
    await tx.append(input(1_000_000 + i));
  });
}

/** Milliseconds per append at each size: first (cold), steady median, and judge + append median. */
export async function benchLedger(sizes: number[]): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-ledger-bench-'));
  const out: Record<string, number> = {};
  try {
    for (const n of sizes) {
      const file = join(dir, `l-${n}.jsonl`);
      const t0 = performance.now();
      writeLongLedger(file, n);
      const gen = performance.now() - t0;
      const first = await timed(() => appendEvent(file, input(0)));
      const steady: number[] = [];
      for (let i = 1; i <= APPENDS; i++) steady.push(await timed(() => appendEvent(file, input(i)), `append ${n}`));
      const judged: number[] = [];
      for (let i = 1; i <= APPENDS; i++) judged.push(await timed(() => judgeAndAppend(file, i)));
      const stage = await timed(() => primeFold(file, replay.replayFold));
      const afterStage = await timed(() => judgeAndAppend(file, APPENDS + 1));
      const label = n.toLocaleString('en');
      const appendCpu = median(cpu.get(`append ${n}`)!);
      console.log(`  ${`${label} entries: write ${gen.toFixed(0)} ms; first append`.padEnd(44)} ${first.toFixed(1)} ms; append ${median(steady).toFixed(1)} ms (CPU ${appendCpu.toFixed(1)} ms); ` +
        `first judge ${judged[0]!.toFixed(1)} ms; judge + append ${median(judged.slice(1)).toFixed(1)} ms; stage pre-check ${stage.toFixed(1)} ms, commit after it ${afterStage.toFixed(1)} ms`);
      out[`ledger ${label}: first append ms`] = first;
      out[`ledger ${label}: append ms (target ≤ 10)`] = median(steady);
      out[`ledger ${label}: append CPU ms`] = appendCpu;
      out[`ledger ${label}: first judge + append ms`] = judged[0]!;
      out[`ledger ${label}: judge + append ms`] = median(judged.slice(1));
      out[`ledger ${label}: stage pre-check ms`] = stage;
      out[`ledger ${label}: commit after stage ms`] = afterStage;
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.env.BENCH_LEDGER_SIZES ?? '100,10000,100000').split(',').map(Number);
  benchLedger(sizes).then((r) => console.log(r), (e: unknown) => { console.error(e); process.exit(1); });
}
