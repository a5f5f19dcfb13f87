// A pid that belongs to no running process: a child that has already exited. Pids are handed out
// in order up to pid_max, so it is not reused within a test's few seconds.
import { spawnSync } from 'node:child_process';

/** The pid of a process that ran and exited: an owner that is gone, for leftover and lock tests. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}
