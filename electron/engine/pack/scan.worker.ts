/**
 * The other thread of a parallel scan (scan-shared.ts): visits each batch of paths it is sent
 * with the same walk as the spawning thread (scan-walk.ts) and answers each with what it planned
 * and refused, in order. The spawner terminates it when the queue is empty.
 *
 * workerData: { probe: boolean }
 * Messages in: WalkTask[] (a batch).  Messages out: { entries: PlannedEntry[], refusals: Refusal[] } per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { visit, type Walk, type WalkTask } from './scan-walk';

const { probe } = workerData as { probe: boolean };
let work = Promise.resolve();
parentPort!.on('message', (batch: WalkTask[]) => {
  // One batch at a time, in the order sent (the spawner matches answers to batches by order).
  work = work.then(async () => {
    const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe };
    for (const [abs, entryPath] of batch) await visit(abs, entryPath, walk);
    parentPort!.postMessage({ entries: walk.entries, refusals: walk.refusals });
  });
});
