/**
 * Where a worker's code is. In the source tree (run through tsx) a worker is `<name>.worker.ts` in
 * the spawning module's own folder; in the bundle (dist/) it is `<name>.worker.mjs` beside the
 * bundle that inlined the spawner. Keeping workers next to their spawner makes one rule serve both.
 */
export function workerUrl(spawnerUrl: string, name: string): URL {
  const ext = spawnerUrl.endsWith('.ts') ? 'ts' : 'mjs';
  return new URL(`./${name}.worker.${ext}`, spawnerUrl);
}
