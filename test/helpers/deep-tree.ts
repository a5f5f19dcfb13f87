// A tree too deep to open by absolute path, for tests of what the engine does when a file under a
// tree cannot be opened: as root, permissions cannot refuse an open, but PATH_MAX (4096) can.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Under `root`, folders of 255-character names nested until the file at the bottom has a path
 * longer than 4096 bytes, built with relative paths: the deepest folder can still be listed, its
 * file cannot be opened or lstat'ed (ENAMETOOLONG). Returns the number of folders made.
 */
export function makeTooDeepTree(root: string): number {
  const back = process.cwd();
  let levels = 0;
  try {
    process.chdir(root);
    let depth = root.length;
    while (depth + 256 < 4096) {
      mkdirSync('d'.repeat(255));
      process.chdir('d'.repeat(255));
      depth += 256;
      levels++;
    }
    writeFileSync('f'.repeat(255), 'x');
  } finally {
    process.chdir(back);
  }
  return levels;
}

/** Removes such a tree: GNU rm walks relative to each folder (Node's rm uses full paths). */
export function removeTooDeepTree(root: string): void {
  execFileSync('rm', ['-rf', '--', root]);
}

/**
 * Makes a folder under `root` whose absolute path is exactly `length` characters (at most 4095),
 * nesting folders of up to 255-character names built with relative paths. Returns its path.
 */
export function makeFolderOfPathLength(root: string, length: number): string {
  const back = process.cwd();
  const names: string[] = [];
  try {
    process.chdir(root);
    let cur = root.length;
    while (length - cur - 1 > 255) {
      names.push('d'.repeat(255));
      cur += 256;
      mkdirSync(names.at(-1)!);
      process.chdir(names.at(-1)!);
    }
    names.push('e'.repeat(length - cur - 1));
    mkdirSync(names.at(-1)!);
  } finally {
    process.chdir(back);
  }
  return [root, ...names].join('/');
}
