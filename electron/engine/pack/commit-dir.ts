/**
 * The last step of a pack: `<id>.partial/` becomes `<id>/`. One rename(2) everywhere it is
 * trustworthy, so a diode's send folder never sees half a package. Not on FAT mounted through FUSE
 * (Debian's fusefat): renaming a directory there keeps the name and loses the contents — the
 * directory's clusters are orphaned (measured: the renamed folder is empty at once, fsck.fat then
 * reclaims the file's cluster). There the files are moved one by one into a fresh `<id>/` (file
 * renames work), which is not atomic but a USB stick is not read while it is written. Whatever the
 * filesystem, the committed folder is listed afterwards and must hold every file at its size: a
 * filesystem that loses files on rename is reported, never left looking like a package.
 */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../errors';
import { filesystemOf, isFat } from '../media/filesystem';
import { syncDir } from '../util/atomic-write';

/** True when renaming a directory on the filesystem holding `dir` cannot be trusted (FAT through FUSE). */
export async function directoryRenameUnsafe(dir: string): Promise<boolean> {
  const fs = await filesystemOf(dir).catch(() => null);
  return fs !== null && fs.fsType.startsWith('fuse') && isFat(fs.kind);
}

async function sizes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of (await readdir(dir)).sort()) out.set(name, (await stat(join(dir, name))).size);
  return out;
}

/** Moves the finished `stagingDir` to `packageDir` (inside `outDir`) and checks that nothing was lost. */
export async function commitPackageDir(stagingDir: string, packageDir: string, outDir: string): Promise<void> {
  const before = await sizes(stagingDir);
  if (await directoryRenameUnsafe(outDir)) {
    await mkdir(packageDir);
    for (const name of before.keys()) await rename(join(stagingDir, name), join(packageDir, name));
    await syncDir(packageDir);
    await rmdir(stagingDir);
  } else {
    await rename(stagingDir, packageDir);
  }
  await syncDir(outDir);
  const after = await sizes(packageDir).catch(() => new Map<string, number>());
  const lost = [...before].filter(([name, size]) => after.get(name) !== size).map(([name]) => name);
  if (lost.length) {
    await rm(packageDir, { recursive: true, force: true }).catch(() => undefined);
    throw new SluiceError('commit-lost-files', `The filesystem at ${outDir} lost ${lost.length} of the package's files (${lost.slice(0, 3).join(', ')}${lost.length > 3 ? ', …' : ''}) when its folder was renamed; the incomplete folder was removed. Mount the medium with the system's own driver, or choose it from the media list (written without renaming).`);
  }
}
