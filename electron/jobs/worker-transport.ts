/**
 * The worker_threads transport: each job runs in its own worker thread (`job.worker.ts`), so a
 * 50 GiB hash never blocks the thread that answers IPC. Used where Electron is absent (tests, the
 * E2E bridge, the CLI); the Electron app uses the utility-process transport behind the same
 * interface (electron/main/utility-transport.ts).
 */
import { startWorker } from '../engine/util/worker-url';
import type { FromJob, JobProcess, JobTransport, ToJob } from './protocol';

/** A transport that starts one worker thread per job. */
export function workerThreadTransport(): JobTransport {
  return () => {
    const worker = startWorker(import.meta.url, 'job');
    const messageListeners: ((m: FromJob) => void)[] = [];
    worker.on('message', (m: FromJob) => messageListeners.forEach((l) => l(m)));
    // An uncaught error in the worker: report it as a failure, then the exit follows.
    worker.on('error', (e) => messageListeners.forEach((l) => l({ type: 'failed', error: { code: 'internal', message: `job worker crashed: ${e.message}` } })));
    const process: JobProcess = {
      post: (m: ToJob) => worker.postMessage(m),
      onMessage: (l) => void messageListeners.push(l),
      onExit: (l) => void worker.once('exit', (code) => l(code)),
      kill: () => void worker.terminate(),
    };
    return process;
  };
}

