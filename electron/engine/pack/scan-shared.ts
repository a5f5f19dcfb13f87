/**
 * The scan's walk on two threads. Reading a mirror's 100,000 paths is one lstat (and a check of
 * the name) per path, made one at a time: about a third of a 100,000-file pack on one thread.
 * This thread visits the top levels until enough paths wait below them, then it and a worker
 * (scan.worker.ts, the same walk) take those paths from one queue in small batches, so neither
 * waits long for the other whatever the shape of the tree. The plan is sorted and checked for
 * collisions after the walk (scan.ts), so who visited what changes nothing in it.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/worker-url';
import { visit, type Walk, type WalkTask } from './scan-walk';
import type { PlannedEntry, Refusal } from './scan';

/** Paths left to visit before a second thread pays for its start and the hand-back of its half. */
const PARALLEL_MIN_TASKS = 256;

/** What the worker sends back for each batch it was given. */
export interface BatchResult {
  entries: PlannedEntry[];
  refusals: Refusal[];
}

/**
 * Visits `roots` and everything below them into `walk`, sharing the work with a worker when the
 * tree is broad enough. Should the worker fail to start or crash, this thread visits what it held.
 * `spawn` is for tests.
 */
export async function walkShared(roots: WalkTask[], walk: Walk, spawn: typeof startWorker = startWorker): Promise<void> {
  let tasks = roots;
  for (let level = 0; level < 4 && tasks.length > 0 && tasks.length < PARALLEL_MIN_TASKS; level++) {
    const below: WalkTask[] = [];
    walk.frontier = below;
    for (const [abs, entryPath] of tasks) await visit(abs, entryPath, walk);
    tasks = below;
  }
  walk.frontier = undefined;
  if (tasks.length < PARALLEL_MIN_TASKS) {
    for (const [abs, entryPath] of tasks) await visit(abs, entryPath, walk);
    return;
  }
  // About 64 batches: small enough to even out, large enough that a batch's messages cost little.
  const size = Math.max(16, Math.ceil(tasks.length / 64));
  const queue: WalkTask[][] = [];
  for (let i = 0; i < tasks.length; i += size) queue.push(tasks.slice(i, i + size));
  const helper = new Helper(walk, queue, spawn);
  for (let batch = queue.shift(); batch; batch = queue.shift()) {
    for (const [abs, entryPath] of batch) await visit(abs, entryPath, walk);
  }
  // Whatever the worker still holds, it finishes, or (when it failed) this thread visits.
  for (const batch of await helper.finish()) {
    for (const [abs, entryPath] of batch) await visit(abs, entryPath, walk);
  }
}

/** The worker's side of the queue: it always holds up to two batches, so it never waits for this thread. */
class Helper {
  private worker: Worker | null = null;
  /** Batches sent and not yet answered, oldest first (the worker answers in order). */
  private readonly held: WalkTask[][] = [];
  private failed = false;
  private settle: (() => void) | null = null;

  constructor(private readonly walk: Walk, private readonly queue: WalkTask[][], spawn: typeof startWorker) {
    try {
      this.worker = spawn(import.meta.url, 'scan', { probe: walk.probe });
    } catch {
      this.failed = true;
      return;
    }
    this.worker.on('message', (r: BatchResult) => this.answered(r));
    this.worker.once('error', () => this.fail());
    this.worker.once('exit', () => this.fail());
    this.send();
    this.send();
  }

  /** Once this thread's queue is empty: waits for the worker's batches; returns those it failed to do. */
  async finish(): Promise<WalkTask[][]> {
    if (!this.failed && this.held.length > 0) await new Promise<void>((resolve) => (this.settle = resolve));
    void this.worker?.terminate();
    return this.held.splice(0);
  }

  private send(): void {
    const batch = this.queue.shift();
    if (!batch || !this.worker) return;
    this.held.push(batch);
    this.worker.postMessage(batch);
  }

  private answered(r: BatchResult): void {
    this.held.shift();
    // One at a time: spreading thousands of arguments into push() can overflow the stack.
    for (const e of r.entries) this.walk.entries.push(e);
    for (const x of r.refusals) this.walk.refusals.push(x);
    this.send();
    if (this.held.length === 0) this.settle?.();
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.worker = null;
    this.settle?.();
  }
}
