/**
 * Where a worker's code is, and how to start it. In the source tree (run through tsx) a worker is
 * `<name>.worker.ts` in the spawning module's own folder; in the bundle (dist/) it is
 * `<name>.worker.mjs` beside the bundle that inlined the spawner. Keeping workers next to their
 * spawner makes one rule serve both.
 */
import { Worker } from 'node:worker_threads';

/** The URL of worker `name` for a module whose `import.meta.url` is `spawnerUrl`. */
export function workerUrl(spawnerUrl: string, name: string): URL {
  const ext = spawnerUrl.endsWith('.ts') ? 'ts' : 'mjs';
  return new URL(`./${name}.worker.${ext}`, spawnerUrl);
}

/**
 * Starts worker `name` next to the module at `spawnerUrl`. The bundle's `.mjs` workers load
 * directly. From the source tree (tests under `node --import tsx`) Node 20 does not hand tsx's
 * loader to worker threads, so a tiny bootstrap registers tsx inside the worker first.
 */
export function startWorker(spawnerUrl: string, name: string, workerData?: unknown): Worker {
  const url = workerUrl(spawnerUrl, name);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
