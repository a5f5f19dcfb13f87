/**
 * dialog:* — the only way a path enters the renderer's world. Every path a dialog returns is granted
 * to the calling window; a chosen target also reports free space and filesystem (FAT32's 4 GiB
 * file limit decides the volume size).
 */
import { statfs } from 'node:fs/promises';
import { ok } from '../../../shared/result';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

/** statfs `type` magic numbers of the filesystems removable media carry (Linux). */
const FS_TYPES: Record<number, string> = {
  0x4d44: 'vfat', 0x2011bab0: 'exfat', 0x5346544e: 'ntfs', 0x65735546: 'fuse', 0xef53: 'ext4', 0x9123683e: 'btrfs',
  0x58465342: 'xfs', 0x01021994: 'tmpfs', 0x6969: 'nfs', 0x9660: 'iso9660', 0x15013346: 'udf', 0x794c7630: 'overlayfs',
};
const FAT32_MAX_FILE = 4 * 1024 ** 3 - 1;

/** Free space, size and filesystem of the volume holding `dir`. */
export async function describeTarget(dir: string): Promise<{ freeBytes: number; totalBytes: number; filesystem: string | null; maxFileBytes: number | null }> {
  const s = await statfs(dir);
  const filesystem = FS_TYPES[Number(s.type)] ?? null;
  return { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize), filesystem, maxFileBytes: filesystem === 'vfat' ? FAT32_MAX_FILE : null };
}

export function dialogHandlers(env: HandlerEnv): Pick<HandlerTable, 'dialog:openFiles' | 'dialog:openFolder' | 'dialog:chooseTarget' | 'dialog:dropped'> {
  return {
    'dialog:openFiles': async (req, ctx) => {
      const answer = await env.dialogs.openFiles(ctx.windowId, req);
      for (const p of answer.paths) ctx.grants.grant(p);
      return ok(answer);
    },
    'dialog:openFolder': async (req, ctx) => {
      const answer = await env.dialogs.openFolder(ctx.windowId, req);
      for (const p of answer.paths) ctx.grants.grantTree(p);
      return ok(answer);
    },
    'dialog:chooseTarget': async (req, ctx) => {
      const answer = await env.dialogs.chooseTarget(ctx.windowId, req);
      const path = answer.paths[0];
      if (answer.canceled || !path) return ok({ canceled: true as const });
      ctx.grants.grantTree(path);
      return ok({ canceled: false as const, path, ...(await describeTarget(path)) });
    },
    'dialog:dropped': async (_req, ctx) => {
      const paths = ctx.takeDropped();
      for (const p of paths) ctx.grants.grantTree(p);
      return ok({ canceled: paths.length === 0, paths });
    },
  };
}
