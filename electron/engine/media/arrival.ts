/**
 * Whether a package folder in an inbox (a diode's receive folder, a copy off a medium) has finished
 * arriving, judged cheaply from names and sizes — no hash, no signature: a package still being
 * copied is shown as arriving and not offered for verification (verifying half a package would
 * only report it damaged). Everything read here is hostile: the manifest is parsed with the strict
 * parser, and only its volume names and sizes are used; what is "ready" is then verified in full.
 *
 * Arriving: a `<name>.partial` folder or `*.partial` / `.*.tmp` files in it (a writer's staging);
 * manifest, signature or sums not there yet, or a manifest that does not parse yet (being copied);
 * a volume missing or shorter than the manifest says; sizes that changed since the last look
 * (`previousBytes`). Gathering: a `<id>.gathering` folder of `sluice gather --incremental`.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest } from '../../../shared/format/manifest';
import { formatBytes } from '../../../shared/units';
import { GATHER_STATE } from './gather-one';

/** A folder's arrival state, with the reasons in words. */
export interface Arrival {
  state: 'ready' | 'arriving' | 'gathering';
  reasons: string[];
  /** Bytes of regular files in the folder now (for the next look's `previousBytes`). */
  bytes: number;
}

/** How far along the package folder `dir` is; `previousBytes`: its size at the last look, if any. */
export async function arrivalOf(dir: string, previousBytes?: number): Promise<Arrival> {
  const name = basename(dir);
  const sizes = new Map<string, number>();
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    const st = await lstat(join(dir, f)).catch(() => null);
    if (st?.isFile()) sizes.set(f, st.size);
  }
  const bytes = [...sizes.values()].reduce((n, s) => n + s, 0);
  if (name.endsWith('.gathering')) {
    const state = await readFile(join(dir, GATHER_STATE), 'utf8').then((t) => JSON.parse(t) as { media?: unknown; of?: unknown }, () => null);
    const of = typeof state?.of === 'number' ? state.of : null;
    const got = Array.isArray(state?.media) ? state.media.length : 0;
    return { state: 'gathering', reasons: [of === null ? 'a media set being gathered' : `a media set being gathered: ${got} of ${of} media in; insert the next medium`], bytes };
  }
  const reasons: string[] = [];
  if (name.endsWith('.partial')) reasons.push('still being written (a .partial folder)');
  const staging = [...sizes.keys()].filter((f) => f.endsWith('.partial') || (f.startsWith('.') && f.endsWith('.tmp')));
  if (staging.length) reasons.push(`files still being copied: ${staging.slice(0, 3).join(', ')}${staging.length > 3 ? ', …' : ''}`);
  for (const f of [FILE_NAMES.manifest, FILE_NAMES.manifestSig]) if (!sizes.has(f)) reasons.push(`${f} is not there yet`);
  if (sizes.has(FILE_NAMES.manifest)) {
    const text = await readFile(join(dir, FILE_NAMES.manifest), 'utf8').catch(() => '');
    const parsed = parseManifest(text);
    if (!parsed.ok) reasons.push(`${FILE_NAMES.manifest} does not parse yet (still being copied?)`);
    else {
      for (const v of parsed.manifest.payload.volumes) {
        const have = sizes.get(v.name);
        if (have === undefined) reasons.push(`${v.name} is not there yet`);
        else if (have < v.size) reasons.push(`${v.name} is still growing: ${formatBytes(have)} of ${formatBytes(v.size)}`);
      }
    }
  }
  if (previousBytes !== undefined && previousBytes !== bytes) reasons.push(`its size changed since the last look (${formatBytes(previousBytes)} → ${formatBytes(bytes)})`);
  return { state: reasons.length ? 'arriving' : 'ready', reasons, bytes };
}
