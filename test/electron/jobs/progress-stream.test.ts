// A package mirror's 100,000 entries streaming through progress (issue 12): the engine reports once
// per entry, yet the job process posts a message at most every 50 ms and the renderer is sent at
// most 10 a second, with the final numbers last. The first test drives the runner with a fake job
// process and a fake clock (exact counts); the second runs a real worker thread reporting 100,000
// times and counts what crosses the thread boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobRunner, type JobEmitter } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import type { FromJob, JobProcess, JobTransport } from '../../../electron/jobs/protocol';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';

const ENTRIES = 100_000;

function collector() {
  const progress: EventPayloads['job:progress'][] = [];
  let resolveEnd!: (e: { event: EventChannel; payload: unknown }) => void;
  const ended = new Promise<{ event: EventChannel; payload: unknown }>((r) => (resolveEnd = r));
  const emit: JobEmitter = (event, payload) => {
    if (event === 'job:progress') progress.push(payload as EventPayloads['job:progress']);
    else resolveEnd({ event, payload });
  };
  return { progress, emit, ended };
}

test('100,000 per-entry progress messages over 10 s (fake clock) reach the renderer as at most 101 events, monotonic, the last one complete', async () => {
  let clock = 0;
  let listener: ((m: FromJob) => void) | null = null;
  const fake: JobProcess = { post: () => undefined, onMessage: (l) => void (listener = l), onExit: () => undefined, kill: () => undefined };
  const runner = new JobRunner({ transport: () => fake, now: () => clock });
  const c = collector();
  runner.start('stage-import', {}, c.emit);
  const total = ENTRIES * 2048;
  for (let i = 1; i <= ENTRIES; i++) {
    clock += 0.1; // 100,000 entries in 10 s
    listener!({ type: 'progress', progress: { phase: 'extract', bytesDone: i * 2048, bytesTotal: total, currentFile: `mirror/f${i}.dat` } });
  }
  clock += 200; // the final report may go out now
  listener!({ type: 'done', result: { kind: 'test', bytes: total } as never });
  const end = await c.ended;
  assert.equal(end.event, 'job:done');
  assert.ok(c.progress.length <= 101, `${c.progress.length} progress events for 10 s`);
  assert.ok(c.progress.length >= 99, `${c.progress.length} progress events: throttled, not silenced`);
  for (let i = 1; i < c.progress.length; i++) assert.ok(c.progress[i]!.bytesDone >= c.progress[i - 1]!.bytesDone);
  assert.equal(c.progress.at(-1)!.bytesDone, total, 'the final numbers are shown');
  assert.equal(c.progress.at(-1)!.currentFile, `mirror/f${ENTRIES}.dat`);
});

test('a job reporting 100,000 times posts at most one progress message per 50 ms across the thread boundary', async (t) => {
  const dir = await makeTempDir(t);
  let fromJob = 0;
  const inner = workerThreadTransport();
  // Counts every progress message the job process posts, before the runner's own throttle.
  const counting: JobTransport = () => {
    const p = inner();
    return { ...p, onMessage: (l) => p.onMessage((m) => { if (m.type === 'progress') fromJob++; l(m); }) };
  };
  const runner = new JobRunner({ transport: counting });
  const c = collector();
  const started = performance.now();
  // 100,000 chunks of 16 bytes: one engine progress report per chunk, as per entry of a mirror.
  runner.start('test', { outDir: dir, bytes: ENTRIES * 16, chunk: 16 }, c.emit);
  const end = await c.ended;
  const ms = performance.now() - started;
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload));
  // The bound grows with the time taken, so a slow machine cannot make it fail; 100,000 can never pass.
  assert.ok(fromJob <= ms / 50 + 2, `${fromJob} messages from the job in ${Math.round(ms)} ms`);
  assert.ok(fromJob < ENTRIES / 100, `${fromJob} messages for ${ENTRIES} reports`);
  assert.ok(c.progress.length <= fromJob + 1);
  assert.equal(c.progress.at(-1)!.bytesDone, ENTRIES * 16, 'the final numbers are shown');
});
