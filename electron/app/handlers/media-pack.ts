/**
 * Where a pack job writes and with what volume size, decided in main. A folder target (a diode's
 * send folder, a share, a medium picked as a folder) gets the package directly; on FAT its volumes
 * stay under FAT's file limit without any setting (2000 MiB, docs/FORMAT.md §8.1). A medium chosen
 * with `media:choose` gets the package on this station's disk first (`<userData>/outbox`), with
 * volumes sized so each fills one medium like the chosen one; it is then written medium by medium
 * (./media). The chosen medium must be listed and writable now.
 */
import { mkdir } from 'node:fs/promises';
import { ok, type Result } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import { filesystemOf, volumeSizeForMedia } from '../../engine/media';
import { automaticVolumeSize } from '../../engine/pack/preflight';
import { scanSources } from '../../engine/pack/scan';
import type { HandlerEnv } from './deps';
import { listedMedium } from './media';
import { outboxDir } from '../outbox';

/** Where to pack and the volume size (undefined: one volume). */
export interface PackTarget {
  outDir: string;
  volumeSize: number | undefined;
  /** True when packed on the station's disk for media. */
  forMedia: boolean;
}

/** Bytes the payload tar takes beyond the files (headers, padding, end blocks), as export-rules estimates. */
const tarBytes = (bytes: number, entries: number) => bytes + entries * 1024 + 10240;
/** Room kept on every medium for the package files (manifest, sums, signatures, README, co-signatures). */
const packageFilesBytes = (entries: number) => 256 * 1024 + entries * 800;

export async function packTarget(env: HandlerEnv, _s: Settings, sources: string[], chosen: string, forMedia: boolean, stationVolumeSize: number | undefined): Promise<Result<PackTarget>> {
  if (!forMedia) {
    const auto = stationVolumeSize ? null : await automaticVolumeSize(chosen);
    return ok({ outDir: chosen, volumeSize: stationVolumeSize ?? auto?.volumeSize, forMedia: false });
  }
  const m = await listedMedium(env, chosen);
  if (!m.ok) return m;
  if (m.value.readOnly) {
    return { ok: false, error: { code: 'medium-read-only', message: `${m.value.mountPoint} (${m.value.device}) is read-only: Sluice cannot write the package to it. Check the medium's write-protect switch, or choose another medium.` } };
  }
  const fs = await filesystemOf(chosen);
  const scan = await scanSources(sources);
  const entries = scan.files + scan.directories;
  const forMedium = volumeSizeForMedia(fs, tarBytes(scan.bytes, entries), packageFilesBytes(entries));
  const sizes = [forMedium, stationVolumeSize].filter((v): v is number => typeof v === 'number');
  const outDir = outboxDir(env.userDataDir);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  return ok({ outDir, volumeSize: sizes.length ? Math.min(...sizes) : undefined, forMedia: true });
}
