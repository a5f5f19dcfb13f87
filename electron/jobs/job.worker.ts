/**
 * A job process: receives one `start`, runs that job kind with an AbortSignal (aborted by `cancel`),
 * streams the engine's progress (coalesced to one message per 50 ms so the channel is not flooded;
 * the runner does the 10-a-second throttle), posts done or failed, and exits.
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
const controller = new AbortController();
let started = false;

function post(m: FromJob): void {
  port!.postMessage(m);
}

if (!port) throw new Error('job.worker must run as a worker thread or a utility process');

port.on('message', (raw) => {
  const m = unwrap(raw);
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (m.type !== 'start' || started) return;
  started = true;
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
  void runJob(m.kind, m.params, { signal: controller.signal, onProgress }).then((outcome) => {
    if (pending) post({ type: 'progress', progress: pending });
    post(outcome);
    // A utility process stays alive until told otherwise; a worker thread ends when idle.
    if (!parentPort) setImmediate(() => process.exit(0));
    else parentPort.unref();
  });
});
