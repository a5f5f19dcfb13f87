/**
 * The station's outbox (`<userData>/outbox`): where a package larger than one medium is packed once
 * before it is written medium by medium (handlers/media-pack.ts). A signed package stays valid
 * until it expires, so its station copy must not outlive the export: main removes it once the
 * after-packing checklist of a fully written, read-back and ejected set is recorded, when the
 * operator abandons the export, and — for a session that crashed, was killed or quit mid-export — at
 * the next start.
 *
 * Kept for the current session only: after a restart the set's plan and media live nowhere (main's
 * memory, media-sets.ts) and the wizard does not resume, so a package left in the outbox could only
 * be carried out by hand, outside the custody record. The next start removes it (docs/SECURITY.md).
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FILE_NAMES, TRANSFER_ID_PATTERN } from '../../shared/format/constants';
import { describeLeftover, sweepPackLeftovers } from '../engine/util/leftovers';
import { documentFileName } from '../engine/print/save';

/** The outbox folder under the app's user data. */
export function outboxDir(userDataDir: string): string {
  return join(userDataDir, 'outbox');
}

/**
 * Removes a transfer's station copy: its package folder and the manifest PDF saved beside it. Only
 * a package directly inside the outbox is touched (a folder target's package is the operator's).
 * Resolves to the paths removed.
 */
export async function removeStationCopy(userDataDir: string, transferId: string, packageDir: string): Promise<string[]> {
  const outbox = outboxDir(userDataDir);
  if (dirname(packageDir) !== outbox || basename(packageDir) !== transferId) return [];
  const paths = [packageDir, join(outbox, documentFileName(transferId, 'manifest'))];
  for (const p of paths) await rm(p, { recursive: true, force: true, maxRetries: 3 });
  return paths;
}

/** A manifest PDF the manifest step saved beside a package: `<transfer id>.manifest[-N].pdf`. */
function manifestPdf(name: string): boolean {
  const m = /^(.+)\.manifest(?:-[1-9][0-9]*)?\.pdf$/.exec(name);
  return !!m && TRANSFER_ID_PATTERN.test(m[1]!);
}

/** A finished package folder: named by a transfer id, with a manifest. */
async function packageFolder(outbox: string, name: string): Promise<boolean> {
  if (name.endsWith('.partial') || !TRANSFER_ID_PATTERN.test(name)) return false; // .partial: the owner-aware sweep decides
  return lstat(join(outbox, name, FILE_NAMES.manifest)).then((st) => st.isFile(), () => false);
}

/**
 * At app start: removes what a crashed or killed session left in the outbox — `<id>.partial`
 * folders of an interrupted pack whose owner is gone (the pack sweep's own rule), and finished
 * packages and their manifest PDFs (this session wrote none yet; see the file comment). Anything
 * else is left alone. Resolves to one line per leftover for the log.
 */
export async function sweepOutbox(userDataDir: string): Promise<string[]> {
  const outbox = outboxDir(userDataDir);
  const lines = (await sweepPackLeftovers(outbox)).map(describeLeftover);
  let entries: Dirent[];
  try {
    entries = await readdir(outbox, { withFileTypes: true });
  } catch {
    return lines; // no outbox yet (or unreadable: the next pack for media names it)
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const ours = e.isDirectory() ? await packageFolder(outbox, e.name) : e.isFile() && manifestPdf(e.name);
    if (!ours) continue;
    const path = join(outbox, e.name);
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
    lines.push(`removed a signed package's station copy left in the outbox by an earlier session: ${path}`);
  }
  return lines;
}
