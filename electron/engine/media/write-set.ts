/**
 * `writeMediaSet`: copies a finished package onto one or more mounted media in order, each filled
 * up to its free space (media-set.ts plans it), and optionally reads every file back past the page
 * cache (read-back.ts). Everything that can be refused is refused before the first byte: a
 * read-only, full or too-small medium, a folder given twice, a package already on a medium.
 * Each medium gets `<id>/` and then, last and atomically, its set label: a medium without one is unfinished.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { FILE_NAMES } from '../../../shared/format/constants';
import { environmentError, SluiceError } from '../errors';
import { replaceFileAtomically, syncDir } from '../util/atomic-write';
import { listingProblems, listPackage } from '../verify/package-files';
import { filesystemOf, type FilesystemInfo } from './filesystem';
import { labelFileName, MEDIA_SET_FORMAT, planMediaSet, type MediumLabel, type SizedFile } from './media-set';
import { evictFuseSource, readBack, type ReadBackMethod } from './read-back';
import { copyHashing } from './copy-hashing';

/** A finished package as the writer needs it. */
export interface PackageForMedia {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
  /** Every file except the volumes: on every medium. */
  packageFiles: SizedFile[];
  volumes: SizedFile[];
}

/** What happened on one medium. */
export interface MediumResult {
  target: string;
  medium: number;
  of: number;
  volumes: string[];
  bytes: number;
  filesystem: string;
  /** True only when every file was read back past the page cache and matched. */
  verified: boolean;
  readBack: ReadBackMethod | null;
  /** Files that read back wrong (empty when verified or not read back). */
  mismatches: { file: string; reason: string }[];
}

export interface WriteOptions {
  packageDir: string;
  targets: string[];
  readBack?: boolean;
  signal?: AbortSignal;
  /** Told before each medium is written and after each is read back. */
  onMedium?: (event: { phase: 'writing' | 'verifying' | 'done'; medium: number; of: number; target: string; result?: MediumResult }) => void;
  now?: Date;
}

/** Reads a package directory for writing: its manifest, digest, and which files are volumes. */
export async function loadPackageForMedia(dir: string): Promise<PackageForMedia> {
  const bytes = await readFile(join(dir, FILE_NAMES.manifest)).catch((e: unknown) => {
    throw environmentError(e, 'read the package', dir);
  });
  const parsed = parseManifest(bytes.toString('utf8'));
  if (!parsed.ok) throw new SluiceError('not-a-package', `${dir} is not a Sluice package: ${parsed.problems[0] ?? 'bad manifest.json'}.`);
  const manifest = parsed.manifest;
  const listing = await listPackage(dir);
  const problems = listingProblems(listing, manifest);
  if (problems.length) throw new SluiceError('package-incomplete', `${dir} is not a complete package; nothing was written:`, problems.map((p) => ({ path: p.where, reason: p.reason })));
  const volumeNames = new Set(manifest.payload.volumes.map((v) => v.name));
  const packageFiles: SizedFile[] = [];
  for (const name of listing.files.filter((f) => !volumeNames.has(f))) packageFiles.push({ name, size: (await stat(join(dir, name))).size });
  for (const v of manifest.payload.volumes) {
    const size = (await stat(join(dir, v.name))).size;
    if (size !== v.size) throw new SluiceError('package-incomplete', `${join(dir, v.name)} is ${size} bytes; the manifest says ${v.size}. The package is damaged: pack it again.`);
  }
  return {
    dir, manifest, manifestSha256: createHash('sha256').update(bytes).digest('hex'), packageFiles,
    volumes: manifest.payload.volumes.map((v) => ({ name: v.name, size: v.size })),
  };
}

/** Checks every target before anything is written; all refusals together (exit 2). */
export async function checkTargets(targets: string[], transferId: string): Promise<FilesystemInfo[]> {
  const problems: { path: string; reason: string }[] = [];
  const infos: FilesystemInfo[] = [];
  const devs = new Map<number, string>();
  for (const t of targets) {
    const st = await stat(t).catch(() => null);
    if (!st?.isDirectory()) {
      problems.push({ path: t, reason: st ? 'not a folder' : 'does not exist (is the medium mounted?)' });
      continue;
    }
    if (devs.has(st.dev)) problems.push({ path: t, reason: `same filesystem as ${devs.get(st.dev)}: each medium is given once` });
    devs.set(st.dev, t);
    const fs = await filesystemOf(t);
    infos.push(fs);
    if (fs.readOnly) problems.push({ path: t, reason: 'the medium is read-only (check its write-protect switch)' });
    for (const name of [transferId, `${transferId}.partial`, labelFileName(transferId)]) {
      if (await stat(join(t, name)).then(() => true, () => false)) problems.push({ path: join(t, name), reason: 'already exists: this transfer was written here before (remove it or use another medium)' });
    }
  }
  if (problems.length) throw new SluiceError('target-refused', `Cannot write to ${problems.length === 1 ? 'this medium' : 'these media'}; nothing was written:`, problems);
  return infos;
}

/** Writes the package across `targets`; returns one result per medium used. */
export async function writeMediaSet(o: WriteOptions): Promise<{ package: PackageForMedia; media: MediumResult[]; unused: string[] }> {
  const pkg = await loadPackageForMedia(resolve(o.packageDir));
  const targets = o.targets.map((t) => resolve(t));
  const infos = await checkTargets(targets, pkg.manifest.transferId);
  const plan = planMediaSet(pkg.packageFiles, pkg.volumes, targets.map((dir, i) => ({
    dir, free: infos[i]!.free, blockSize: infos[i]!.blockSize, maxFileSize: infos[i]!.maxFileSize, filesystem: infos[i]!.name,
  })));
  const of = plan.media.length;
  const results: MediumResult[] = [];
  for (const [i, m] of plan.media.entries()) {
    o.signal?.throwIfAborted();
    const base = { medium: i + 1, of, target: m.target.dir };
    o.onMedium?.({ phase: 'writing', ...base });
    const label: MediumLabel = {
      format: MEDIA_SET_FORMAT, transferId: pkg.manifest.transferId, manifestSha256: pkg.manifestSha256,
      medium: i + 1, of, volumes: m.volumes, written: (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const written = await writeOneMedium(pkg, m.target.dir, m.volumes, label, o.signal);
    let result: MediumResult = {
      target: m.target.dir, medium: i + 1, of, volumes: m.volumes, bytes: m.bytes, filesystem: infos[targets.indexOf(m.target.dir)]!.name,
      verified: false, readBack: null, mismatches: [],
    };
    if (o.readBack) {
      o.onMedium?.({ phase: 'verifying', ...base });
      result = { ...result, ...(await verifyMedium(m.target.dir, written, infos[targets.indexOf(m.target.dir)]!, o.signal)) };
    }
    results.push(result);
    o.onMedium?.({ phase: 'done', ...base, result });
  }
  return { package: pkg, media: results, unused: plan.unused.map((t) => t.dir) };
}

/** Expected SHA-256 of every file written to a medium (label included). */
export type Written = Map<string, string>;

/** Writes the package files and `volumes` into `<dir>/<id>/`, then the label; removes the copy on failure. */
export async function writeOneMedium(pkg: PackageForMedia, dir: string, volumes: string[], label: MediumLabel, signal?: AbortSignal, onBytes?: (n: number) => void, beside: readonly string[] = []): Promise<Written> {
  const id = pkg.manifest.transferId;
  // Written in place, not as <id>.partial renamed: fusefat loses a renamed directory's contents
  // (measured), and the label, written last and atomically, is what marks a medium complete.
  const target = join(dir, id);
  const expected: Written = new Map();
  const copiedBeside: string[] = [];
  const volumeSums = new Map(pkg.manifest.payload.volumes.map((v) => [v.name, v.sha256]));
  try {
    await mkdir(target);
    for (const name of [...pkg.packageFiles.map((f) => f.name), ...volumes]) {
      const sha = await copyHashing(join(pkg.dir, name), join(target, name), signal, onBytes);
      const want = volumeSums.get(name);
      if (want !== undefined && sha !== want) {
        throw new SluiceError('source-damaged', `${join(pkg.dir, name)} does not match the signed manifest (its SHA-256 is ${sha}); the package on this disk is damaged. Pack it again; the partial copy on ${dir} was removed.`);
      }
      expected.set(`${id}/${name}`, sha);
    }
    await syncDir(target);
    // Documents kept beside the package (the manifest PDF), beside it on the medium too.
    for (const file of beside) {
      const name = basename(file);
      const sha = await copyHashing(file, join(dir, name), signal, onBytes);
      copiedBeside.push(join(dir, name));
      expected.set(name, sha);
    }
    await syncDir(dir);
    const text = `${JSON.stringify(label, null, 2)}\n`;
    await replaceFileAtomically(join(dir, labelFileName(id)), text, 0o644);
    expected.set(labelFileName(id), createHash('sha256').update(text).digest('hex'));
    return expected;
  } catch (e) {
    await rm(target, { recursive: true, force: true }).catch(() => undefined);
    for (const f of copiedBeside) await rm(f, { force: true }).catch(() => undefined);
    throw environmentError(e, 'write the package to the medium', dir);
  }
}

/**
 * Reads back every file on the medium past the page cache and compares it with what was written:
 * volumes with the signed manifest, package files with the package they came from (whose sums
 * and manifest are signed), and the label.
 */
export async function verifyMedium(dir: string, expected: Written, fs: FilesystemInfo, signal?: AbortSignal): Promise<Pick<MediumResult, 'verified' | 'readBack' | 'mismatches'>> {
  await evictFuseSource(fs.fsType, fs.source);
  const mismatches: MediumResult['mismatches'] = [];
  let method: ReadBackMethod = 'o_direct';
  for (const [rel, want] of expected) {
    try {
      const r = await readBack(join(dir, rel), signal);
      if (r.method === 'evicted') method = 'evicted';
      if (r.sha256 !== want) mismatches.push({ file: rel, reason: `reads back with SHA-256 ${r.sha256}, not ${want}` });
    } catch (e) {
      mismatches.push({ file: rel, reason: `cannot be read back: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }
  return { verified: mismatches.length === 0, readBack: method, mismatches };
}
