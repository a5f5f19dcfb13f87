/**
 * `gatherMediaSet`: reassembles a package from the media of its set (docs/FORMAT.md, "Media
 * sets") into `<into>/<transferId>/`, without the set labels. Every source must carry the same
 * transfer id and manifest digest; a medium of another set, a missing medium or a volume that
 * copies with the wrong SHA-256 is named (a GatherRefusal: exit 1). The gathered package is then
 * an ordinary package: `sluice verify` / import check its signatures as for any other.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import { displayText } from '../../../shared/format/display-text';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { environmentError, SluiceError } from '../errors';
import { syncDir } from '../util/atomic-write';
import { labelFileName, parseMediumLabel, type MediumLabel } from './media-set';
import { copyHashing } from './copy-hashing';

/** The set is incomplete or mixed, or a volume copied wrong: the package is not gathered (exit 1). */
export class GatherRefusal extends Error {
  constructor(message: string, readonly problems: { source: string; reason: string }[]) {
    super(message);
    this.name = 'GatherRefusal';
  }
}

/** One medium found at a source. */
export interface Found {
  source: string;
  packageDir: string;
  label: MediumLabel;
  manifestBytes: Buffer;
  manifestSha256: string;
}

const LABEL_SUFFIX = '.medium.json';

/** Finds the label and package directory at `source`: a mount holding one set label, the package directory, or the label file. */
export async function findMedium(source: string): Promise<Found> {
  const abs = resolve(source);
  const st = await stat(abs).catch((e: unknown) => {
    throw environmentError(e, 'read the medium', abs);
  });
  let labelFile: string;
  if (st.isFile()) labelFile = abs;
  else if (await stat(join(dirname(abs), labelFileName(basename(abs)))).then((s) => s.isFile(), () => false)) labelFile = join(dirname(abs), labelFileName(basename(abs)));
  else {
    const labels = (await readdir(abs)).filter((n) => n.endsWith(LABEL_SUFFIX));
    if (labels.length !== 1) {
      throw new GatherRefusal(`${displayText(source)} is not a medium of a set`, [{ source, reason: labels.length ? `holds ${labels.length} set labels; give the package folder of the transfer you mean` : `no *${LABEL_SUFFIX} set label here (is it the right medium, and mounted?)` }]);
    }
    labelFile = join(abs, labels[0]!);
  }
  const parsed = parseMediumLabel(await readFile(labelFile, 'utf8').catch(() => ''));
  if (!parsed.ok) throw new GatherRefusal(`${displayText(source)} has no usable set label`, [{ source, reason: parsed.problem }]);
  const packageDir = join(dirname(labelFile), parsed.label.transferId);
  const manifestBytes = await readFile(join(packageDir, FILE_NAMES.manifest)).catch(() => null);
  if (!manifestBytes) throw new GatherRefusal(`${displayText(source)} holds no package`, [{ source, reason: `${parsed.label.transferId}/${FILE_NAMES.manifest} is missing` }]);
  return { source, packageDir, label: parsed.label, manifestBytes, manifestSha256: createHash('sha256').update(manifestBytes).digest('hex') };
}

export interface GatherResult {
  packageDir: string;
  manifest: Manifest;
  manifestSha256: string;
  media: number;
}

/** Reassembles the package from `sources` into `<into>/<transferId>/`. */
export async function gatherMediaSet(sources: string[], into: string, signal?: AbortSignal): Promise<GatherResult> {
  const found: Found[] = [];
  for (const s of sources) found.push(await findMedium(s));
  const first = found[0]!;
  const { transferId, manifestSha256, of } = { ...first.label, manifestSha256: first.manifestSha256 };
  const problems: { source: string; reason: string }[] = [];
  const byIndex = new Map<number, Found>();
  for (const f of found) {
    if (f.label.transferId !== transferId || f.label.manifestSha256 !== manifestSha256 || f.manifestSha256 !== f.label.manifestSha256) {
      problems.push({ source: f.source, reason: `medium of another set (transfer ${f.label.transferId}, manifest ${f.manifestSha256.slice(0, 16)}…), not of ${transferId} (manifest ${manifestSha256.slice(0, 16)}…)` });
      continue;
    }
    if (f.label.of !== of) problems.push({ source: f.source, reason: `says medium ${f.label.medium} of ${f.label.of}; the set has ${of}` });
    else if (!byIndex.has(f.label.medium)) byIndex.set(f.label.medium, f);
  }
  for (let i = 1; i <= of; i++) {
    if (!byIndex.has(i)) problems.push({ source: `medium ${i} of ${of}`, reason: `missing: give the medium labelled "${transferId} ${i} of ${of}"` });
  }
  if (problems.length) throw new GatherRefusal(`The media of ${transferId} cannot be gathered; nothing was written:`, problems);

  const parsed = parseManifest(first.manifestBytes.toString('utf8'));
  if (!parsed.ok) throw new GatherRefusal(`The manifest of ${transferId} is unreadable`, [{ source: first.source, reason: parsed.problems[0] ?? 'bad manifest.json' }]);
  const manifest = parsed.manifest;
  const carrier = new Map<string, Found>();
  for (const f of byIndex.values()) for (const v of f.label.volumes) if (!carrier.has(v)) carrier.set(v, f);
  const missing = manifest.payload.volumes.filter((v) => !carrier.has(v.name));
  if (missing.length) throw new GatherRefusal(`The media of ${transferId} do not carry every volume`, missing.map((v) => ({ source: v.name, reason: 'on none of the media given' })));

  const target = join(resolve(into), transferId);
  const staging = `${target}.partial`;
  for (const p of [target, staging]) {
    if (await stat(p).then(() => true, () => false)) throw new SluiceError('package-exists', `${p} already exists; remove it or gather into another folder.`);
  }
  const volumeNames = new Set(manifest.payload.volumes.map((v) => v.name));
  try {
    await mkdir(staging, { recursive: false });
    // The package files from the first medium (the sums and signatures are checked by verify).
    for (const name of (await readdir(first.packageDir)).filter((n) => !volumeNames.has(n)).sort()) {
      if (!(await stat(join(first.packageDir, name))).isFile()) continue;
      await copyHashing(join(first.packageDir, name), join(staging, name), signal);
    }
    for (const v of manifest.payload.volumes) {
      const f = carrier.get(v.name)!;
      const sha = await copyHashing(join(f.packageDir, v.name), join(staging, v.name), signal).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new GatherRefusal(`A volume is missing from its medium`, [{ source: f.source, reason: `${v.name} is listed on its label but not on the medium` }]);
        throw e;
      });
      if (sha !== v.sha256) throw new GatherRefusal(`A volume read from its medium does not match the signed manifest; nothing was gathered:`, [{ source: f.source, reason: `${v.name} has SHA-256 ${sha}, the manifest says ${v.sha256}` }]);
    }
    await syncDir(staging);
    await rename(staging, target);
    await syncDir(resolve(into));
  } catch (e) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw environmentError(e, 'gather the package', staging);
  }
  return { packageDir: target, manifest, manifestSha256, media: of };
}
