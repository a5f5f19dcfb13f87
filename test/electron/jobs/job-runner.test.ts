// The job runner with real worker threads running the synthetic `test` job kind (the engine-backed
// kinds are exercised in job-kinds tests): throttled monotonic progress, done, failure, cancel with
// nothing left behind, and a main thread that keeps ticking while a job works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JobRunner, type JobEmitter } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';

type Ev = { event: EventChannel; payload: EventPayloads[EventChannel]; at: number };

function collector() {
  const events: Ev[] = [];
  let resolveEnd: (e: Ev) => void;
  const ended = new Promise<Ev>((r) => (resolveEnd = r));
  const emit: JobEmitter = (event, payload) => {
    const e = { event, payload, at: performance.now() };
    events.push(e);
    if (event !== 'job:progress') resolveEnd(e);
  };
  return { events, emit, ended, progress: () => events.filter((e) => e.event === 'job:progress').map((e) => ({ ...(e.payload as EventPayloads['job:progress']), at: e.at })) };
}

test('a 50 MiB job runs off the main thread with throttled, monotonic progress, then done', async (t) => {
  const dir = await makeTempDir(t);
  const runner = new JobRunner({ transport: workerThreadTransport() });
  const c = collector();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const started = performance.now();
  const jobId = runner.start('test', { outDir: dir, bytes: 50 * 1048576, chunk: 256 * 1024, chunkDelayMs: 2 }, c.emit);
  const end = await c.ended;
  clearInterval(ticker);
  const seconds = (performance.now() - started) / 1000;

  assert.equal(end.event, 'job:done', JSON.stringify(end.payload));
  assert.deepEqual((end.payload as EventPayloads['job:done']).result, { kind: 'test', bytes: 50 * 1048576 });
  assert.equal(statSync(join(dir, 'test-output.bin')).size, 50 * 1048576);
  const progress = c.progress();
  assert.ok(progress.length >= 2, `progress events: ${progress.length}`);
  assert.ok(progress.every((p) => p.jobId === jobId));
  for (let i = 1; i < progress.length; i++) {
    assert.ok(progress[i]!.bytesDone >= progress[i - 1]!.bytesDone, 'bytes monotonic');
    assert.ok(progress[i]!.at - progress[i - 1]!.at >= 95, `events ${i - 1}→${i} only ${progress[i]!.at - progress[i - 1]!.at} ms apart`);
  }
  assert.ok(progress.length <= Math.ceil(seconds * 10) + 1, `${progress.length} events in ${seconds}s`);
  assert.equal(progress.at(-1)!.bytesDone, 50 * 1048576, 'final numbers shown');
  // ~128 chunks of ≥2 ms: the main thread's 10 ms timer must have kept running throughout.
  assert.ok(ticks >= (seconds * 100) / 3, `main thread ticked ${ticks} times in ${seconds}s`);
  assert.deepEqual(runner.running(), []);
});

test('cancel aborts the job, which fails as cancelled and leaves nothing behind', async (t) => {
  const dir = await makeTempDir(t);
  const runner = new JobRunner({ transport: workerThreadTransport() });
  const c = collector();
  const jobId = runner.start('test', { outDir: dir, bytes: 1 << 30, chunk: 1 << 20, chunkDelayMs: 5 }, (event, payload) => {
    if (event === 'job:progress') runner.cancel(jobId);
    c.emit(event, payload);
  });
  const end = await c.ended;
  assert.equal(end.event, 'job:failed');
  assert.equal((end.payload as EventPayloads['job:failed']).error.code, 'cancelled');
  assert.deepEqual(readdirSync(dir), [], 'partial output removed');
  assert.equal(runner.cancel(jobId), false, 'a finished job cannot be cancelled');
});

test('a failing job reports failed with its error; an unknown kind is refused by name', async (t) => {
  const dir = await makeTempDir(t);
  const runner = new JobRunner({ transport: workerThreadTransport() });
  const c = collector();
  runner.start('test', { outDir: dir, bytes: 4 << 20, failAt: 2 << 20 }, c.emit);
  const end = await c.ended;
  assert.equal(end.event, 'job:failed');
  const failed = end.payload as EventPayloads['job:failed'];
  assert.equal(failed.error.code, 'internal');
  assert.match(failed.error.message, /failed on purpose at 2097152 bytes/);
  assert.equal(existsSync(join(dir, 'test-output.bin')), false);

  const c2 = collector();
  runner.start('format-disk', {}, c2.emit);
  const end2 = await c2.ended;
  assert.equal((end2.payload as EventPayloads['job:failed']).error.code, 'unknown-job-kind');
});

test('a finisher shapes the result, and a finisher error becomes a failed job', async (t) => {
  const dir = await makeTempDir(t);
  const runner = new JobRunner({ transport: workerThreadTransport() });
  const c = collector();
  runner.start('test', { outDir: dir, bytes: 1000 }, c.emit, () => { throw new Error('no room'); });
  const end = await c.ended;
  assert.equal(end.event, 'job:failed');
  assert.match((end.payload as EventPayloads['job:failed']).error.message, /could not finish the job: no room/);
});
