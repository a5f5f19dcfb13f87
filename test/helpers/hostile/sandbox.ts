/**
 * A private temp directory per case: the package, a destination root with a file already in it,
 * a sentinel directory next to the destination (the target of traversal and symlink cases), and a
 * ledger path. `snapshot` records every path below a directory so a test can prove that a refused
 * import changed nothing.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseContext } from './types';

export interface Sandbox extends CaseContext {
  packageDir: string;
  ledgerFile: string;
  cleanup(): Promise<void>;
}

/**
 * Creates the sandbox for one case. The package directory is `H-<label>`, the transfer id the case
 * (or the control, `benignPackageSpec(label)`) is signed with: a package is named after its id.
 */
export async function createSandbox(label: string): Promise<Sandbox> {
  const sandbox = await mkdtemp(join(tmpdir(), `sluice-hostile-${label.slice(0, 40)}-`));
  const destRoot = join(sandbox, 'dest');
  const sentinel = join(sandbox, 'sentinel');
  await mkdir(destRoot);
  await mkdir(sentinel);
  await mkdir(join(sandbox, 'state'));
  await writeFile(join(destRoot, 'earlier-import.txt'), 'already here\n');
  await writeFile(join(sentinel, 'keep.txt'), 'must stay untouched\n');
  return {
    sandbox,
    destRoot,
    sentinel,
    packageDir: join(sandbox, `H-${label}`),
    ledgerFile: join(sandbox, 'state', 'ledger.jsonl'),
    cleanup: () => rm(sandbox, { recursive: true, force: true }),
  };
}

/**
 * Every path below `root` (not following links) with its type, mode and, for files, content hash;
 * `skip` names top-level entries to leave out.
 */
export async function snapshot(root: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string, rel: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      if (rel === '' && skip.includes(name)) continue;
      const path = join(dir, name);
      const key = rel ? `${rel}/${name}` : name;
      const st = await lstat(path);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) { out.set(key, `dir ${mode}`); await walk(path, key); }
      else if (st.isSymbolicLink()) out.set(key, `link -> ${await readlink(path)}`);
      else if (st.isFile()) out.set(key, `file ${mode} ${st.size} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
      else out.set(key, `other ${st.mode.toString(8)}`);
    }
  }
  await walk(root, '');
  return out;
}
