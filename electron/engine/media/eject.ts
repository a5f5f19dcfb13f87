/**
 * Ejecting a medium: flush, unmount, power off. Linux uses udisks2 (`udisksctl unmount` and
 * `power-off`) where installed, else `umount` (the medium may then be pulled, but is not powered
 * off). When something holds the medium open, the holders are named from `fuser` where available.
 * macOS (`diskutil eject`) and Windows (the Shell's Eject verb) are designed in, not built yet.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { SluiceError } from '../errors';
import { mountOf } from './mountinfo';

const run = promisify(execFile);

/** What eject did. */
export interface EjectResult {
  mountPoint: string;
  device: string;
  /** True when the device was powered off (safe to pull, and it says so by going dark). */
  poweredOff: boolean;
  how: 'udisks' | 'umount';
}

async function has(tool: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${tool}`], { timeout: 5000 }).then(() => true, () => false);
}

function stderrOf(e: unknown): string {
  return String((e as { stderr?: string }).stderr ?? (e as Error).message ?? '').trim().split('\n')[0] ?? '';
}

/**
 * Processes holding files open under `mountPoint`, as "1234 (bash)", from `fuser -m`: its PIDs
 * come on stdout (each maybe followed by access letters, "kernel" for the mount itself) when stdout
 * is not a terminal; the names are read from /proc/<pid>/comm. Empty when fuser is missing.
 */
export async function holders(mountPoint: string): Promise<string[]> {
  const out = await run('fuser', ['-m', mountPoint], { timeout: 10_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const pids = [...new Set(out.stdout.split(/\s+/).map((w) => /^([0-9]+)[a-zA-Z]*$/.exec(w)?.[1]).filter((p): p is string => p !== undefined))];
  const named: string[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
    named.push(`${pid} (${comm})`);
  }
  return named;
}

async function busy(mountPoint: string, detail: string): Promise<SluiceError> {
  const who = await holders(mountPoint);
  const named = who.length ? `it is still in use by ${who.join(', ')}` : `it is still in use (${detail})`;
  return new SluiceError('medium-busy', `Cannot eject ${mountPoint}: ${named}. Close those programs (or leave the folder in every terminal) and eject again.`);
}

/**
 * udisks2's eject of the (flushed) medium `device` mounted at `mp`: `udisksctl unmount`, then
 * `power-off` of the drive. Unmount refused as busy names the holders; power-off failing (a drive
 * that cannot be powered off, a policy) leaves it unmounted, which is safe to pull: `poweredOff` false.
 */
export async function udisksEject(mp: string, device: string): Promise<EjectResult> {
  try {
    await run('udisksctl', ['unmount', '--no-user-interaction', '-b', device], { timeout: 120_000 });
  } catch (e) {
    const msg = stderrOf(e);
    if (/busy/i.test(msg)) throw await busy(mp, msg);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SluiceError('eject-failed', `Cannot unmount ${mp}: udisksctl is not installed (package udisks2). Eject the medium from the desktop.`);
    throw new SluiceError('eject-failed', `Cannot unmount ${mp} (${device}): ${msg || 'udisksctl failed'}. Eject it from the desktop, or close what uses it and try again.`);
  }
  const powered = await run('udisksctl', ['power-off', '--no-user-interaction', '-b', device], { timeout: 60_000 }).then(() => true, () => false);
  return { mountPoint: mp, device, poweredOff: powered, how: 'udisks' };
}

/** Flushes, unmounts and (with udisks2) powers off the medium mounted at `mountPoint`. */
export async function ejectMedium(mountPoint: string, platform: NodeJS.Platform = process.platform): Promise<EjectResult> {
  if (platform !== 'linux') {
    throw new SluiceError('media-unsupported', `Ejecting is not supported on this platform (${platform}) yet (it will use ${platform === 'darwin' ? '`diskutil eject`' : "the Shell's Eject verb"}). Eject the medium from the desktop.`);
  }
  const mount = await mountOf(mountPoint).catch(() => null);
  if (!mount || mount.mountPoint === '/') throw new SluiceError('not-mounted', `${mountPoint} is not a mounted medium.`);
  const mp = mount.mountPoint;
  // Flush this filesystem's dirty data first (syncfs), so unmount has nothing left to write.
  await run('sync', ['-f', mp], { timeout: 600_000 }).catch(() => undefined);
  const device = mount.source;
  if (device.startsWith('/dev/') && !device.startsWith('/dev/loop') && (await has('udisksctl'))) return udisksEject(mp, device);
  try {
    await run('umount', [mp], { timeout: 120_000 });
  } catch (e) {
    const msg = stderrOf(e);
    if (/busy/i.test(msg)) throw await busy(mp, msg);
    // A FUSE mount of an unprivileged user is unmounted with fusermount.
    if (mount.fsType.startsWith('fuse') && (await run('fusermount', ['-u', mp], { timeout: 60_000 }).then(() => true, () => false))) {
      return { mountPoint: mp, device, poweredOff: false, how: 'umount' };
    }
    throw new SluiceError('eject-failed', `Cannot unmount ${mp}: ${msg}.`);
  }
  return { mountPoint: mp, device, poweredOff: false, how: 'umount' };
}
