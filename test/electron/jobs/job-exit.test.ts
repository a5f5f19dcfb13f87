// How a job process ends (issue 9 §3, §6): it waits for main to end it after posting its outcome
// (so a finished job is never "ended unexpectedly (exit code 0)"); SIGTERM to a job process runs
// the job's abort clean-up before it exits; and quitting the app cancels and awaits every job and
// then every discard of an undecided staged import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JobRunner, type JobEmitter } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import type { FromJob, JobProcess, JobTransport } from '../../../electron/jobs/protocol';
import { beforeQuitHandler, prepareQuit } from '../../../electron/app/quit';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { repoRoot } from '../../helpers/cli';

type Ev = { event: EventChannel; payload: EventPayloads[EventChannel] };

function collector() {
  const events: Ev[] = [];
  let resolveEnd!: (e: Ev) => void;
  const ended = new Promise<Ev>((r) => (resolveEnd = r));
  const emit: JobEmitter = (event, payload) => {
    events.push({ event, payload });
    if (event !== 'job:progress') resolveEnd({ event, payload });
  };
  return { events, emit, ended };
}

/** The worker-thread transport, recording in order when the outcome arrived, main killed, and the worker exited. */
function recordingTransport(logs: string[][]): JobTransport {
  const inner = workerThreadTransport();
  return () => {
    const p = inner();
    const log: string[] = [];
    logs.push(log);
    p.onMessage((m) => { if (m.type !== 'progress') log.push('outcome'); });
    p.onExit(() => log.push('exit'));
    return { ...p, kill: () => { log.push('kill'); p.kill(); } };
  };
}

test('a finished job process waits for main to end it: the outcome arrives, main kills, then it exits', async (t) => {
  const dir = await makeTempDir(t);
  const logs: string[][] = [];
  const runner = new JobRunner({ transport: recordingTransport(logs) });
  const ends: Promise<Ev>[] = [];
  for (let i = 0; i < 4; i++) {
    await mkdir(join(dir, String(i)));
    const c = collector();
    runner.start('test', { outDir: join(dir, String(i)), bytes: (i + 1) << 20 }, c.emit);
    ends.push(c.ended);
  }
  for (const end of await Promise.all(ends)) assert.equal(end.event, 'job:done', JSON.stringify(end.payload));
  // Wait for every exit (a loaded machine may take a while to end a worker), then check the order.
  const deadline = Date.now() + 20_000;
  while (!logs.every((l) => l.includes('exit')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  // Each job: outcome, then kill, then exit — never an exit before main asked for it.
  assert.deepEqual(logs.map((l) => l.join(' ')), Array(4).fill('outcome kill exit'));
  assert.deepEqual(runner.running(), []);
});

/**
 * An Electron utility process, as far as job.worker.ts can tell: a Node child process whose
 * `process.parentPort` delivers messages wrapped in `{ data }`. Electron itself cannot run here.
 */
async function utilityLikeTransport(dir: string, children: ReturnType<typeof fork>[]): Promise<JobTransport> {
  const boot = join(dir, 'utility-boot.mjs');
  await writeFile(boot, `process.parentPort = { on: (ev, l) => process.on('message', (m) => l({ data: m })), postMessage: (m) => process.send(m) };
await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'electron/jobs/job.worker.ts')).href)});\n`);
  return () => {
    const child = fork(boot, [], { execArgv: ['--import', 'tsx'], cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    const listeners: ((m: FromJob) => void)[] = [];
    child.on('message', (m) => listeners.forEach((l) => l(m as FromJob)));
    const p: JobProcess = {
      post: (m) => void child.send(m),
      onMessage: (l) => void listeners.push(l),
      onExit: (l) => void child.once('exit', (code, sig) => l(code ?? (sig ? 128 : -1))),
      kill: () => void child.kill(),
    };
    return p;
  };
}

test('SIGTERM to a job process aborts the job: its clean-up runs, it reports cancelled and exits 143', async (t) => {
  const dir = await makeTempDir(t);
  const children: ReturnType<typeof fork>[] = [];
  t.after(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  const out = join(dir, 'out');
  await mkdir(out);
  const runner = new JobRunner({ transport: await utilityLikeTransport(dir, children) });
  const c = collector();
  let signalled = false;
  runner.start('test', { outDir: out, bytes: 1 << 30, chunk: 1 << 20, chunkDelayMs: 5 }, (event, payload) => {
    // Mid-job, the way the system or a crashed main would end it: SIGTERM straight to the process.
    if (event === 'job:progress' && !signalled) {
      signalled = true;
      children[0]!.kill('SIGTERM');
    }
    c.emit(event, payload);
  });
  const exited = new Promise<number | null>((r) => {
    const wait = () => (children[0] ? children[0].once('exit', (code) => r(code)) : setTimeout(wait, 5));
    wait();
  });
  const end = await c.ended;
  assert.equal(end.event, 'job:failed');
  assert.equal((end.payload as EventPayloads['job:failed']).error.code, 'cancelled', JSON.stringify(end.payload));
  assert.equal(await exited, 143, 'the process ended as SIGTERM asked, after its clean-up');
  assert.deepEqual(await readdir(out), [], "the job's partial output was removed");
});

test('quitting cancels and awaits every running job, then awaits the discard of each undecided staged import', async (t) => {
  const dir = await makeTempDir(t);
  const runner = new JobRunner({ transport: workerThreadTransport() });
  const outs = [join(dir, 'a'), join(dir, 'b')];
  const ends: Promise<Ev>[] = [];
  for (const out of outs) {
    await mkdir(out);
    const c = collector();
    let seen!: () => void;
    const progressed = new Promise<void>((r) => (seen = r));
    runner.start('test', { outDir: out, bytes: 1 << 30, chunk: 1 << 20, chunkDelayMs: 5 }, (e, p) => { if (e === 'job:progress') seen(); c.emit(e, p); });
    await progressed;
    ends.push(c.ended);
  }
  const staging = join(dir, 'quarantine', '.sluice-staging-undecided');
  await mkdir(join(staging, 'docs'), { recursive: true });
  await writeFile(join(staging, 'docs', 'x.txt'), 'undecided');
  const order: string[] = [];

  let prevented = 0;
  let quits = 0;
  let quitCalled!: () => void;
  const quitDone = new Promise<void>((r) => (quitCalled = r));
  const handler = beforeQuitHandler(() => prepareQuit({
    jobs: { stopAll: async (g) => { await runner.stopAll(g); order.push('jobs ended'); } },
    staged: () => [{ stagingDir: staging, packageDir: '/p', transferId: 'T1', engine: null }],
    discard: async (s) => {
      order.push('discard');
      const { rm } = await import('node:fs/promises');
      await rm(s.stagingDir, { recursive: true, force: true });
    },
  }), () => { quits++; quitCalled(); });
  const event = () => ({ preventDefault: () => void prevented++ });
  handler(event());
  handler(event()); // a second quit while preparing is held too
  await quitDone;
  assert.equal(prevented, 2, 'before-quit is held while jobs clean up');
  assert.equal(quits, 1);
  handler(event()); // the real quit goes through
  assert.equal(prevented, 2);

  assert.deepEqual(order, ['jobs ended', 'discard']);
  for (const e of await Promise.all(ends)) {
    assert.equal(e.event, 'job:failed');
    assert.equal((e.payload as EventPayloads['job:failed']).error.code, 'cancelled');
  }
  for (const out of outs) assert.deepEqual(await readdir(out), [], 'each job cleaned up before the app quit');
  assert.equal(existsSync(staging), false, 'the undecided staged import was discarded');
  assert.deepEqual(runner.running(), []);
});
