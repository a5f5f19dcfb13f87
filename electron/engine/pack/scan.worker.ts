/**
 * The other half of a parallel scan (scan.ts `walkShared`): visits the paths it is given with the
 * same walk as the spawning thread (scan-walk.ts) and posts what it planned and refused, once.
 * Reading a mirror's 100,000 paths is mostly system calls made one at a time; two threads make
 * them on two cores.
 *
 * workerData: { tasks: WalkTask[], probe: boolean }
 * Message out: { entries: PlannedEntry[], refusals: Refusal[] }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { visit, type Walk, type WalkTask } from './scan-walk';

const data = workerData as { tasks: WalkTask[]; probe: boolean };
const walk: Walk = { entries: [], refusals: [], sinceTurn: 0, probe: data.probe };
for (const [abs, entryPath] of data.tasks) await visit(abs, entryPath, walk);
parentPort!.postMessage({ entries: walk.entries, refusals: walk.refusals });
