/**
 * Real temporary directories for tests: created under os.tmpdir() with mkdtemp, removed afterwards.
 *
 *   await withTempDir(async (dir) => { ... });          // removed when the callback settles
 *   const dir = await makeTempDir(t);                     // removed when test `t` ends (t.after)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `fn` with a fresh temporary directory and removes it afterwards, whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>, prefix = 'sluice-test-'): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Creates a temporary directory. With a test context (`t` from `test('…', async (t) => …)`, or any
 * object with `after(fn)`), it is removed when that test ends; otherwise call the returned
 * directory's cleanup yourself with `removeTempDir(dir)`.
 */
export async function makeTempDir(t?: { after: (fn: () => Promise<void> | void) => void }, prefix = 'sluice-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t?.after(() => removeTempDir(dir));
  return dir;
}

/** Removes a directory made by makeTempDir (no error if it is already gone). */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
