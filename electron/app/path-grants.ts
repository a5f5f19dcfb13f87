/**
 * Paths a window may name. The renderer never gets to pick an arbitrary file: main grants a path
 * to a window when a dialog returns it or the engine produces it (an inbox listing, a finished
 * package), and handlers refuse any path not granted. A granted folder covers what is inside it
 * (a chosen source folder, a target folder); a granted file covers only itself.
 *
 * Checked against the filesystem, not the spelling: a symlink inside a granted folder that points
 * outside it must not widen the grant. Every requested path is compared in its *canonical* form —
 * its parent folder through `realpath`, its last component as it is (`lstat`, never followed). A
 * last component that is a symlink is allowed only where that very link was granted (the person
 * chose it in a dialog); inside a granted folder it is refused, wherever it points. Grants are
 * canonicalised the same way when made (a chosen folder that is itself a symlink covers its target).
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SluiceError } from '../engine/errors';

/** A path's canonical parent + last component, whether that component is a symlink, and its full realpath. */
interface Canonical {
  /** realpath(parent) joined with the last component as named (the link itself when it is one). */
  named: string;
  /** The path with every symlink resolved (equal to `named` unless the last component is a symlink). */
  real: string;
  isLink: boolean;
}

/**
 * realpath of a folder that may not exist yet: the nearest existing ancestor resolved, the rest
 * appended. Null when a component exists but cannot be resolved (a dangling or looping symlink,
 * a file in the middle, no permission): such a path is never granted.
 */
function realFolder(dir: string): string | null {
  try {
    return realpathSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return null;
    try {
      lstatSync(dir);
      return null; // it exists as an entry but does not resolve: a dangling symlink
    } catch {
      /* truly absent: resolve what is above it */
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    const up = realFolder(parent);
    return up === null ? null : join(up, basename(dir));
  }
}

/** The canonical form of an absolute path, or null when it cannot be established safely. */
function canonical(path: string): Canonical | null {
  if (!isAbsolute(path) || path.includes('\u0000')) return null;
  const p = resolve(path);
  const parent = dirname(p);
  if (parent === p) return { named: p, real: p, isLink: false }; // the root
  const up = realFolder(parent);
  if (up === null) return null;
  const named = join(up, basename(p));
  let isLink = false;
  try {
    isLink = lstatSync(named).isSymbolicLink();
  } catch {
    return { named, real: named, isLink: false }; // does not exist (yet): nothing to follow
  }
  if (!isLink) return { named, real: named, isLink: false };
  try {
    return { named, real: realpathSync(named), isLink: true };
  } catch {
    return { named, real: named, isLink: true }; // dangling: only ever allowed as the exact link granted
  }
}

/** True when `p` is `dir` or lies inside it. */
function within(dir: string, p: string): boolean {
  if (p === dir) return true;
  const rel = relative(dir, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The grants of one window. */
export class PathGrants {
  /** Granted files: their canonical names (links kept as links) and real paths. */
  private readonly exactNamed = new Set<string>();
  private readonly exactReal = new Set<string>();
  /** Granted folders: their canonical names and real paths. */
  private readonly treeNamed = new Set<string>();
  private readonly treeReal = new Set<string>();

  /** Grants `path` alone. */
  grant(path: string): void {
    const c = canonical(path);
    if (!c) return;
    this.exactNamed.add(c.named);
    this.exactReal.add(c.real);
  }

  /** Grants a folder and everything under it (a chosen folder that is a symlink covers its target). */
  grantTree(dir: string): void {
    const c = canonical(dir);
    if (!c) return;
    this.treeNamed.add(c.named);
    this.treeReal.add(c.real);
  }

  /** The canonical path to use for `path` when it is allowed, else null. */
  private check(path: string): string | null {
    const c = canonical(path);
    if (!c) return null;
    if (c.isLink) {
      // A symlink is honoured only where that link itself was chosen — never because it lies in a granted folder.
      return this.exactNamed.has(c.named) || this.treeNamed.has(c.named) ? c.named : null;
    }
    if (this.exactReal.has(c.real)) return c.named;
    for (const dir of this.treeReal) if (within(dir, c.real)) return c.named;
    return null;
  }

  /** True when `path` was granted, or lies inside a granted folder — after resolving `..` and every symlink above it. */
  allows(path: string): boolean {
    return this.check(path) !== null;
  }

  /**
   * Throws 'path-not-granted' unless every path is allowed; returns them canonical (parent folders
   * through realpath, the last component as named), so the handler opens what was checked.
   */
  require(paths: readonly string[]): string[] {
    const checked = paths.map((p) => this.check(p));
    const refused = paths.filter((_, i) => checked[i] === null);
    if (refused.length) {
      throw new SluiceError(
        'path-not-granted',
        'Sluice only opens files chosen in a dialog or listed by Sluice itself (a link to somewhere else is not followed). Choose the file or folder again.',
        refused.map((path) => ({ path, reason: 'not chosen in this window' })),
      );
    }
    return checked as string[];
  }
}
