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
