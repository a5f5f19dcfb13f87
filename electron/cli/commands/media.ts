/** `sluice media list|eject`: removable media a package can be written to, and ejecting one. */
import { homedir } from 'node:os';
import { formatBytes } from '../../../shared/units';
import { displaySafe } from '../../../shared/format/display-text';
import { ejectMedium, listMedia, type Medium } from '../../engine/media/index';
import { parseCommandArgs, subcommandRunner } from '../args';
import { EXIT_OK, jsonOutput, type CliCommand, type CliIo } from '../output';

const usage = `Usage: sluice media list [--json] [--include-loop]
       sluice media eject MOUNT

list   Lists the removable media mounted on this machine (USB sticks, memory cards): mount point,
       filesystem (FAT32, exFAT, NTFS, ext4, … — recognised from the mount's type or, for FUSE
       mounts, from the volume's own boot sector), size, free space, read-only or not, device
       and label. A system disk — the disk holding /, the operating system, swap, or this
       station's folders ($SLUICE_HOME, the home folder) — is never listed, whatever its flags.
       Linux only for now (lsblk and the kernel's mount table); macOS and Windows say so.
  --json          print { "media": [ { mountPoint, filesystem, size, free, readOnly, device,
                  disk, label, model, transport, fsKind } ] } (sizes in bytes)
  --include-loop  also list loop devices and FUSE mounts of image files (disk images, tests);
                  also on with SLUICE_MEDIA_INCLUDE_LOOP=1

eject  Flushes the medium mounted at MOUNT, unmounts it and powers it off (udisks2's udisksctl;
       without udisks2 it is unmounted with umount, and may then be pulled). When a program
       still holds it open, those programs are named (from fuser) and nothing is unmounted.

Exit codes: 0 listed or ejected; 2 usage or environment error (no lsblk, an unsupported
platform, a busy medium).
`;

/** The folders whose disks are never offered: the station's home and the user's home. */
export function protectedPaths(io: CliIo): string[] {
  return [io.env.SLUICE_HOME, io.env.HOME || homedir()].filter((p): p is string => typeof p === 'string' && p.length > 0);
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'include-loop': { type: 'boolean' } });
  const includeLoop = values['include-loop'] === true || io.env.SLUICE_MEDIA_INCLUDE_LOOP === '1';
  const media = await listMedia({ includeLoop, protectedPaths: protectedPaths(io) });
  if (values.json) {
    io.stdout(jsonOutput({ media }));
    return EXIT_OK;
  }
  if (media.length === 0) {
    io.stdout('No removable medium is mounted. Insert one (and mount it), or give a folder to write to.\n');
    return EXIT_OK;
  }
  io.stdout(`${media.map(line).join('\n')}\n`);
  return EXIT_OK;
}

function line(m: Medium): string {
  const name = [m.label, m.model].filter(Boolean).join(' ');
  return `${displaySafe(m.mountPoint, { max: 300 })}\n  ${m.filesystem}, ${formatBytes(m.free)} free of ${formatBytes(m.size)}${m.readOnly ? ', READ-ONLY' : ''}` +
    `\n  ${displaySafe(m.device, { max: 200 })}${m.transport ? ` (${m.transport})` : ''}${name ? `  ${displaySafe(name, { max: 100 })}` : ''}`;
}

async function eject(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1, what: 'MOUNT (the mount point of the medium)' });
  const r = await ejectMedium(positionals[0]!);
  io.stdout(r.poweredOff
    ? `${displaySafe(r.mountPoint, { max: 300 })} was flushed, unmounted and powered off: remove the medium.\n`
    : `${displaySafe(r.mountPoint, { max: 300 })} was flushed and unmounted: the medium can be removed.\n`);
  return EXIT_OK;
}

export const mediaCommand: CliCommand = { name: 'media', summary: 'list removable media (never a system disk) and eject one', usage, run: subcommandRunner({ list, eject }) };
