import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressThrottler } from '../../../electron/jobs/progress-throttle';

test('reports at most once per 100 ms however often the engine calls', () => {
  const t = new ProgressThrottler();
  let emitted = 0;
  // 1 MiB every millisecond for 2 seconds: 2000 engine calls.
  for (let ms = 0; ms < 2000; ms++) if (t.push({ phase: 'pack', bytesDone: (ms + 1) * 1048576, bytesTotal: 4000 * 1048576 }, ms)) emitted++;
  assert.equal(emitted, 20);
});

test('rate comes from a sliding window and ETA from the remaining bytes', () => {
  const t = new ProgressThrottler({ windowMs: 1000 });
  // 10 MB/s for 3 s, then 1 MB/s: after 1 more second the window sees only the slow part.
  let last = null;
  let bytes = 0;
  for (let ms = 0; ms <= 3000; ms += 100) { bytes = ms * 10_000; last = t.push({ phase: 'p', bytesDone: bytes, bytesTotal: 100_000_000 }, ms) ?? last; }
  assert.ok(Math.abs(last!.rate - 10_000_000) < 1, `fast rate ${last!.rate}`);
  assert.ok(Math.abs(last!.eta! - (100_000_000 - 30_000_000) / 10_000_000) < 0.01);
  for (let ms = 3100; ms <= 4200; ms += 100) { bytes += 100_000; last = t.push({ phase: 'p', bytesDone: bytes, bytesTotal: 100_000_000 }, ms) ?? last; }
  assert.ok(Math.abs(last!.rate - 1_000_000) < 1, `slow rate ${last!.rate}`);
});

test('bytes never go backwards within a phase; a new phase starts afresh', () => {
  const t = new ProgressThrottler({ minIntervalMs: 0 });
  assert.equal(t.push({ phase: 'a', bytesDone: 500, bytesTotal: 1000 }, 0)!.bytesDone, 500);
  assert.equal(t.push({ phase: 'a', bytesDone: 300, bytesTotal: 1000 }, 10)!.bytesDone, 500);
  assert.equal(t.push({ phase: 'b', bytesDone: 10, bytesTotal: 1000 }, 20)!.bytesDone, 10);
  const unknown = t.push({ phase: 'b', bytesDone: 10, bytesTotal: 1000 }, 30)!;
  assert.equal(unknown.rate, 0);
  assert.equal(unknown.eta, null, 'no progress yet: ETA unknown, not zero');
});

test('a held-back report is kept for flush, and flush returns it once', () => {
  const t = new ProgressThrottler();
  assert.ok(t.push({ phase: 'p', bytesDone: 1, bytesTotal: 10, currentFile: 'a' }, 0));
  assert.equal(t.push({ phase: 'p', bytesDone: 10, bytesTotal: 10, currentFile: 'b' }, 50), null);
  assert.equal(t.hasPending(), true);
  assert.equal(t.nextAllowedAt(), 100);
  const f = t.flush(100)!;
  assert.equal(f.bytesDone, 10);
  assert.equal(f.currentFile, 'b');
  assert.equal(t.flush(200), null);
});
