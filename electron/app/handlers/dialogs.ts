/**
 * dialog:* — the only way a path enters the renderer's world. Every path a dialog returns is granted
 * to the calling window; a chosen target also reports free space and filesystem (on FAT32 main
 * splits the payload below its 4 GiB file limit by itself).
 */
import { filesystemOf } from '../../engine/media/filesystem';
import { ok } from '../../../shared/result';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

/**
 * Free space, size and filesystem of the volume holding `dir`: the filesystem from the mount's type
 * or, for FUSE mounts that say only `fuse`, the volume's boot sector (engine/media/filesystem.ts),
 * so a FAT32 stick mounted through FUSE still shows its 4 GiB file limit.
 */
export async function describeTarget(dir: string): Promise<{ freeBytes: number; totalBytes: number; filesystem: string | null; maxFileBytes: number | null }> {
  const fs = await filesystemOf(dir);
  return { freeBytes: fs.free, totalBytes: fs.size, filesystem: fs.name === 'unknown' ? null : fs.name, maxFileBytes: fs.maxFileSize };
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
