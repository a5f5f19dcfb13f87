/**
 * A job process: receives one `start`, runs that job kind with an AbortSignal (aborted by `cancel`),
 * streams the engine's progress (coalesced to one message per 50 ms so the channel is not flooded;
 * the runner does the 10-a-second throttle), posts done or failed, and then waits for main to end
 * it: exiting right after posting let a utility process's pipe be torn down before main read the
 * outcome, so a finished job was reported as "ended unexpectedly (exit code 0)".
 *
 * SIGTERM (a utility process killed by main, or by the system at shutdown) aborts the job like a
 * cancel: its clean-up runs (a pack's .partial, an import's staging folder are removed) before the
 * process exits.
 *
 * Runs as a worker thread (parentPort from node:worker_threads) or as an Electron utility process
 * (process.parentPort, whose messages arrive wrapped in `{ data }`). No Electron import either way.
 */
import { parentPort } from 'node:worker_threads';
import type { EngineProgress } from '../../shared/progress';
import type { FromJob, ToJob } from './protocol';
import { runJob } from './kinds';

interface Port {
  on(event: 'message', listener: (m: unknown) => void): void;
  postMessage(m: unknown): void;
}
const utilityPort = (process as unknown as { parentPort?: Port }).parentPort;
const port: Port | undefined = parentPort ?? utilityPort;
const unwrap = (m: unknown): ToJob => (parentPort ? m : (m as { data: unknown }).data) as ToJob;

const COALESCE_MS = 50;
/** How long a finished job process waits to be ended by main before it ends itself. */
const LINGER_MS = 60_000;
const controller = new AbortController();
let started = false;
let running = false;
let terminated = false;

function post(m: FromJob): void {
  port!.postMessage(m);
}

if (!port) throw new Error('job.worker must run as a worker thread or a utility process');

if (!parentPort) {
  // Only in a process of its own: in a worker thread, signals belong to the main process.
  process.on('SIGTERM', () => {
    terminated = true;
    if (!running) process.exit(143);
    controller.abort(new DOMException('the job process was terminated (SIGTERM)', 'AbortError'));
  });
}

port.on('message', (raw) => {
  const m = unwrap(raw);
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (m.type !== 'start' || started) return;
  started = true;
  running = true;
  let lastSent = 0;
  let pending: EngineProgress | null = null;
  const onProgress = (p: EngineProgress) => {
    const now = Date.now();
    if (now - lastSent >= COALESCE_MS) {
      lastSent = now;
      pending = null;
      post({ type: 'progress', progress: { ...p } });
    } else {
      pending = { ...p };
    }
  };
  const env = { signal: controller.signal, onProgress, ...(m.ownerPid !== undefined ? { ownerPid: m.ownerPid } : {}) };
  void runJob(m.kind, m.params, env).then((outcome) => {
    running = false;
    if (pending) post({ type: 'progress', progress: pending });
    post(outcome);
    // Clean-up after a SIGTERM is done: end as the signal asked.
    if (terminated) setTimeout(() => process.exit(143), 100);
    // Otherwise wait for main, which ends this process (or thread) once it has read the outcome.
    // Should main be gone, a utility process still ends on its own.
    else if (!parentPort) setTimeout(() => process.exit(0), LINGER_MS);
  });
});
