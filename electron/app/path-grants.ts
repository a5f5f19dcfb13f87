/**
 * Paths a window may name. The renderer never gets to pick an arbitrary file: main grants a path
 * to a window when a dialog returns it or the engine produces it (an inbox listing, a finished
 * package), and handlers refuse any path not granted. A granted folder covers what is inside it
 * (a chosen source folder, a target folder); a granted file covers only itself.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SluiceError } from '../engine/errors';

/** The grants of one window. */
export class PathGrants {
  private readonly exact = new Set<string>();
  private readonly trees = new Set<string>();

  /** Grants `path` alone. */
  grant(path: string): void {
    this.exact.add(resolve(path));
  }

  /** Grants a folder and everything under it. */
  grantTree(dir: string): void {
    this.trees.add(resolve(dir));
  }

  /** True when `path` was granted, or lies inside a granted folder (no `..` escapes: paths are resolved first). */
  allows(path: string): boolean {
    if (!isAbsolute(path) || path.includes('\u0000')) return false;
    const p = resolve(path);
    if (this.exact.has(p) || this.trees.has(p)) return true;
    for (const dir of this.trees) {
      const rel = relative(dir, p);
      if (rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)) return true;
    }
    return false;
  }

  /** Throws 'path-not-granted' unless every path is allowed; returns them resolved. */
  require(paths: readonly string[]): string[] {
    const refused = paths.filter((p) => !this.allows(p));
    if (refused.length) {
      throw new SluiceError(
        'path-not-granted',
        'Sluice only opens files chosen in a dialog or listed by Sluice itself. Choose the file or folder again.',
        refused.map((path) => ({ path, reason: 'not chosen in this window' })),
      );
    }
    return paths.map((p) => resolve(p));
  }
}
