/**
 * The Electron transport for jobs: one `utilityProcess` per job running dist/job.worker.mjs (the
 * same job.worker as the worker-thread transport; it speaks through process.parentPort there). A
 * utility process keeps a crash or a runaway hash out of the main process entirely.
 * Not runnable in this repository's CI (no Electron binary); exercised by the launch test where
 * Electron is installed.
 */
import { utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { workerUrl } from '../engine/util/worker-url';
import type { FromJob, JobProcess, JobTransport, ToJob } from '../jobs/protocol';

/** A transport that forks one utility process per job. */
export function utilityProcessTransport(): JobTransport {
  const entry = fileURLToPath(workerUrl(import.meta.url, 'job'));
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Sluice job', stdio: 'inherit' });
    const listeners: ((m: FromJob) => void)[] = [];
    child.on('message', (m: FromJob) => listeners.forEach((l) => l(m)));
    const process: JobProcess = {
      post: (m: ToJob) => child.postMessage(m),
      onMessage: (l) => void listeners.push(l),
      onExit: (l) => void child.once('exit', (code) => l(code)),
      kill: () => void child.kill(),
    };
    return process;
  };
}
