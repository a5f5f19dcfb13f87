/**
 * The inbox's view of the removable media mounted now (main lists them: never a system disk): a
 * package folder at a medium's root is offered like one in the inbox (or shown as arriving); a
 * medium of a media set (a `<id>.medium.json` label beside its folder) is offered for gathering
 * into the inbox, medium by medium. Labels and names read from a medium are hostile: parsed
 * strictly, shown escaped by the renderer.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import type { InboxPackageView } from '../../../shared/ipc/contract';
import { STATION_FOLDERS, folderPath, type Settings } from '../../../shared/settings';
import { arrivalOf, parseMediumLabel } from '../../engine/media';
import type { HandlerContext } from '../context';
import type { HandlerEnv } from './deps';
import { platformMedia } from './media';

/** At most this many entries at a medium's root are looked at (a hostile medium may hold millions). */
const MAX_ROOT_ENTRIES = 200;

/** Packages and set media on every listed medium; a medium that cannot be listed is skipped. */
export async function mediaArrivals(env: HandlerEnv, s: Settings, ctx: HandlerContext): Promise<InboxPackageView[]> {
  const media = await (env.media ?? platformMedia).list({ protectedPaths: [env.userDataDir, ...STATION_FOLDERS.map((w) => folderPath(s, w))] }).catch(() => []);
  const out: InboxPackageView[] = [];
  for (const m of media) {
    const names = (await readdir(m.mountPoint).catch(() => [] as string[])).sort().slice(0, MAX_ROOT_ENTRIES);
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const dir = join(m.mountPoint, name);
      const st = await lstat(dir).catch(() => null);
      if (!st?.isDirectory()) continue;
      const files = await readdir(dir).catch(() => [] as string[]);
      const labelText = names.includes(`${name}.medium.json`) ? await readFile(join(m.mountPoint, `${name}.medium.json`), 'utf8').catch(() => '') : null;
      const label = labelText === null ? null : parseMediumLabel(labelText);
      if (labelText === null && !files.includes(FILE_NAMES.manifest) && !name.endsWith('.partial')) continue;
      const arrival = await arrivalOf(dir);
      const view: InboxPackageView = {
        dir, name, looksLikePackage: files.includes(FILE_NAMES.manifest) && files.includes(FILE_NAMES.manifestSig), bytes: arrival.bytes,
        modified: st.mtime.toISOString(), medium: m.mountPoint, arrival: arrival.state, arrivalReasons: arrival.reasons,
      };
      if (label?.ok && label.label.of > 1) {
        view.arrival = 'set-medium';
        view.arrivalReasons = [`medium ${label.label.medium} of ${label.label.of} of a media set: gather it into the inbox, then the next one`];
      } else if (label && !label.ok) {
        view.arrival = 'arriving';
        view.arrivalReasons = [`its set label is unusable: ${label.problem}`];
      }
      out.push(view);
      if (view.arrival === 'ready') ctx.grants.grant(dir);
    }
  }
  return out;
}
