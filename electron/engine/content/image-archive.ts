/**
 * What images a `docker save` tarball or an OCI image layout holds, and whether its own content
 * addressing holds: every digest the archive names is compared with the SHA-256 the pack computed
 * from the bytes. The input is the archive's files by name (from ./nested-tar.ts for a tar, or the
 * pack's own per-file digests for a folder); small metadata files come with their bytes.
 *
 * Two outcomes besides success (docs/FORMAT.md §3.10):
 * - ImageMismatch — the archive is a well-formed image whose digests lie (a layer that is not its
 *   diff_id, a blob that is not its name, a file the manifest lists but the archive lacks): the
 *   pack is refused, because an officer would otherwise approve an image that cannot be what it says.
 * - Unreadable — it looks like an image but its metadata cannot be read (not JSON, wrong shape,
 *   limits, text Sluice refuses): reported as `unreadable`, packed as it is.
 */
import { quoted } from '../../../shared/format/display-text';
import { DETAIL_LIMITS, DIGEST_PATTERN, type ImageDetails, type ImageRecord } from '../../../shared/format/entry-details';
import { NO_FORBIDDEN_CHARS } from '../../../shared/format/text-rules';
import { asObject, asString, parseJsonCapped } from './json';
import { CONTENT_LIMITS } from './limits';

/** One file of the archive, as much as the checks need. */
export interface ArchiveFile {
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  size: number;
  /** `sha256:<hex>` of the bytes (absent when not hashed). */
  digest?: string;
  /** The bytes, for small metadata files. */
  bytes?: Buffer;
  link?: string;
  /** First bytes, to tell a compressed layer. */
  magic?: Buffer;
}

/** The archive is an image whose content addressing does not hold. Message is display-safe. */
export class ImageMismatch extends Error {}
/** The archive looks like an image but cannot be read. Message is display-safe. */
export class Unreadable extends Error {}

/** True when a name belongs to the vocabulary of image archives (so hashing it is worth it). */
export function isImageArchiveName(name: string): boolean {
  return /^(manifest\.json|repositories|oci-layout|index\.json|\.|blobs|blobs\/sha256|blobs\/sha256\/[0-9a-f]{64}|[0-9a-f]{64}\.json|[0-9a-f]{64}|[0-9a-f]{64}\/(VERSION|json|layer\.tar))$/.test(name);
}

/** Reads the images of an archive, or null when it is not an image archive at all. */
export function readImageArchive(files: ReadonlyMap<string, ArchiveFile>): ImageDetails | null {
  checkBlobNames(files);
  if (files.has('manifest.json')) return { layout: 'docker-save', images: dockerSave(files) };
  if (files.has('oci-layout') && files.has('index.json')) return { layout: 'oci', images: ociLayout(files) };
  if (files.has('repositories')) throw new Unreadable('a docker save tarball without manifest.json (Docker before 1.10) is not read');
  return null;
}

/** Every `blobs/sha256/<hex>` whose bytes were hashed must hash to its name. */
function checkBlobNames(files: ReadonlyMap<string, ArchiveFile>): void {
  for (const [name, f] of files) {
    const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
    if (m && f.type === 'file' && f.digest !== undefined && f.digest !== `sha256:${m[1]}`) {
      throw new ImageMismatch(`blob ${name} hashes to ${f.digest}, not the digest its name says`);
    }
  }
}

function dockerSave(files: ReadonlyMap<string, ArchiveFile>): ImageRecord[] {
  const list = json(files, 'manifest.json');
  if (!Array.isArray(list) || list.length === 0) throw new Unreadable('manifest.json is not a list of images');
  if (list.length > DETAIL_LIMITS.maxImages) throw new Unreadable(`manifest.json lists more than ${DETAIL_LIMITS.maxImages} images`);
  return list.map((item, i) => {
    const o = asObject(item);
    const configName = asString(o?.Config);
    const layers = o?.Layers;
    const tags = o?.RepoTags ?? [];
    if (!o || configName === undefined || !Array.isArray(layers) || !Array.isArray(tags) || !layers.every((l) => typeof l === 'string')) {
      throw new Unreadable(`manifest.json image ${i + 1} lacks Config, Layers or RepoTags`);
    }
    const config = present(files, configName, `the config of image ${i + 1}`);
    const named = /([0-9a-f]{64})(\.json)?$/.exec(configName);
    if (named && config.digest !== `sha256:${named[1]}`) throw new ImageMismatch(`config ${quoted(configName, { max: 90 })} hashes to ${config.digest}, not the digest its name says`);
    const cfg = asObject(json(files, resolveLink(files, configName)));
    const rootfs = asObject(cfg?.rootfs);
    const diffIds = rootfs?.diff_ids;
    if (!cfg || !Array.isArray(diffIds) || !diffIds.every((d) => typeof d === 'string')) throw new Unreadable(`the config of image ${i + 1} has no rootfs.diff_ids`);
    if (diffIds.length !== layers.length) throw new ImageMismatch(`image ${i + 1} lists ${layers.length} layers but its config has ${diffIds.length} diff_ids`);
    if (layers.length > DETAIL_LIMITS.maxLayers) throw new Unreadable(`image ${i + 1} has more than ${DETAIL_LIMITS.maxLayers} layers`);
    const recorded = (layers as string[]).map((layerName, j) => {
      const want = sha256Digest(diffIds[j], `diff_id ${j + 1} of image ${i + 1}`);
      const layer = present(files, layerName, `layer ${j + 1} of image ${i + 1}`);
      if (layer.digest === want) return { digest: want, size: layer.size };
      // A compressed layer stored under its blob digest (Docker with the containerd store): the
      // blob name was checked against its bytes; the diff_id is of the uncompressed tar.
      const blob = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(resolveLink(files, layerName));
      if (blob && compressed(layer.magic)) return { digest: `sha256:${blob[1]}`, size: layer.size };
      throw new ImageMismatch(`layer ${quoted(layerName, { max: 90 })} hashes to ${layer.digest}, but the image's config says ${want}`);
    });
    return {
      references: (tags as unknown[]).slice(0, DETAIL_LIMITS.maxReferences).map((t) => text(t, DETAIL_LIMITS.maxReference, 'a RepoTags entry')),
      config: config.digest!,
      ...platformOf(cfg),
      layers: recorded,
    };
  });
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

function ociLayout(files: ReadonlyMap<string, ArchiveFile>): ImageRecord[] {
  const layout = asObject(json(files, 'oci-layout'));
  if (typeof layout?.imageLayoutVersion !== 'string') throw new Unreadable('oci-layout has no imageLayoutVersion');
  const images: ImageRecord[] = [];
  const walk = (index: unknown, where: string, depth: number, inherited: string[]) => {
    const manifests = asObject(index)?.manifests;
    if (!Array.isArray(manifests)) throw new Unreadable(`${where} has no manifests list`);
    for (const d of manifests) {
      const desc = descriptor(d, where);
      const refs = [...inherited, ...referencesOf(asObject(d)?.annotations)];
      const file = files.get(blobName(desc.digest));
      if (!file) {
        // index.json names what the layout holds; an image index may name other platforms' manifests the layout does not carry.
        if (depth === 0) throw new ImageMismatch(`index.json lists ${desc.digest}, which the layout does not hold`);
        continue;
      }
      if (file.size !== desc.size) throw new ImageMismatch(`blob ${desc.digest} is ${file.size} bytes, ${where} says ${desc.size}`);
      const body = json(files, blobName(desc.digest));
      const mediaType = asString(asObject(body)?.mediaType) ?? desc.mediaType;
      if (INDEX_TYPES.has(mediaType ?? '') || Array.isArray(asObject(body)?.manifests)) {
        if (depth >= 2) throw new Unreadable('image indexes nest more than two deep');
        walk(body, `image index ${desc.digest}`, depth + 1, refs);
        continue;
      }
      if (images.length >= CONTENT_LIMITS.maxImages) throw new Unreadable(`the layout holds more than ${CONTENT_LIMITS.maxImages} images`);
      images.push(ociImage(files, body, desc.digest, refs));
    }
  };
  walk(json(files, 'index.json'), 'index.json', 0, []);
  if (images.length === 0) throw new Unreadable('the layout holds no image manifest');
  return images;
}

function ociImage(files: ReadonlyMap<string, ArchiveFile>, body: unknown, digest: string, references: string[]): ImageRecord {
  const m = asObject(body);
  const where = `image manifest ${digest}`;
  if (!m || !Array.isArray(m.layers)) throw new Unreadable(`${where} has no layers list`);
  const config = descriptor(m.config, where);
  const configFile = files.get(blobName(config.digest));
  if (!configFile) throw new ImageMismatch(`${where} names config ${config.digest}, which the layout does not hold`);
  if (configFile.size !== config.size) throw new ImageMismatch(`config ${config.digest} is ${configFile.size} bytes, ${where} says ${config.size}`);
  if (m.layers.length > DETAIL_LIMITS.maxLayers) throw new Unreadable(`${where} has more than ${DETAIL_LIMITS.maxLayers} layers`);
  const layers = m.layers.map((l) => {
    const d = descriptor(l, where);
    const f = files.get(blobName(d.digest));
    if (!f) throw new ImageMismatch(`${where} names layer ${d.digest}, which the layout does not hold`);
    if (f.size !== d.size) throw new ImageMismatch(`layer ${d.digest} is ${f.size} bytes, ${where} says ${d.size}`);
    return { digest: d.digest, size: d.size };
  });
  return {
    references: [...new Set(references)].slice(0, DETAIL_LIMITS.maxReferences),
    config: config.digest,
    manifest: digest,
    ...platformOf(asObject(json(files, blobName(config.digest)))),
    layers,
  };
}

/** A content descriptor: a sha256 digest and a size (mediaType when given). */
function descriptor(value: unknown, where: string): { digest: string; size: number; mediaType?: string } {
  const d = asObject(value);
  const size = d?.size;
  if (!d || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new Unreadable(`${where} holds a descriptor without a valid size`);
  return { digest: sha256Digest(d.digest, `a descriptor in ${where}`), size, ...(typeof d.mediaType === 'string' ? { mediaType: d.mediaType } : {}) };
}

/** The names an index descriptor gives its image: containerd's full name, else the OCI ref name. */
function referencesOf(annotations: unknown): string[] {
  const a = asObject(annotations);
  const name = a?.['io.containerd.image.name'] ?? a?.['org.opencontainers.image.ref.name'];
  return name === undefined ? [] : [text(name, DETAIL_LIMITS.maxReference, 'an image reference annotation')];
}

/** `{ platform: "os/arch[/variant]" }` from an image config, or nothing when it names none. */
function platformOf(cfg: Record<string, unknown> | null): { platform?: string } {
  const os = asString(cfg?.os);
  const arch = asString(cfg?.architecture);
  if (!os || !arch) return {};
  const variant = asString(cfg?.variant);
  return { platform: text([os, arch, ...(variant ? [variant] : [])].join('/'), 64, 'the platform') };
}

function sha256Digest(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DIGEST_PATTERN.test(value)) throw new Unreadable(`${what} is not a sha256 digest (only sha256 is checked)`);
  return value;
}

function blobName(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** A file the archive must hold (after one symlink or hard link inside it), hashed. */
function present(files: ReadonlyMap<string, ArchiveFile>, name: string, what: string): ArchiveFile & { digest: string } {
  const f = files.get(resolveLink(files, name));
  if (!f || f.type !== 'file') throw new ImageMismatch(`${what}, ${quoted(name, { max: 90 })}, is not in the archive`);
  if (f.digest === undefined) throw new Unreadable(`${what} was not read`);
  return f as ArchiveFile & { digest: string };
}

/** Follows one link inside the archive (`docker save` links repeated layers to the first copy). */
function resolveLink(files: ReadonlyMap<string, ArchiveFile>, name: string): string {
  const f = files.get(name);
  if (!f?.link) return name;
  if (f.type === 'hardlink') return f.link.replace(/^\.\//, '');
  const parts = name.split('/').slice(0, -1);
  for (const seg of f.link.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function json(files: ReadonlyMap<string, ArchiveFile>, name: string): unknown {
  const f = files.get(name);
  if (!f?.bytes) throw new Unreadable(`${quoted(name, { max: 90 })} is missing or too large to read`);
  const value = parseJsonCapped(f.bytes);
  if (value === null) throw new Unreadable(`${quoted(name, { max: 90 })} is not JSON Sluice can read`);
  return value;
}

/** A string from the archive that will be signed into the manifest: bounded, no refused character. */
function text(value: unknown, max: number, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new Unreadable(`${what} is not a string of 1–${max} characters`);
  if (!NO_FORBIDDEN_CHARS.test(value)) throw new Unreadable(`${what} holds a control or invisible character`);
  return value;
}

function compressed(magic: Buffer | undefined): boolean {
  if (!magic || magic.length < 4) return false;
  return (magic[0] === 0x1f && magic[1] === 0x8b) || magic.readUInt32LE(0) === 0xfd2fb528;
}
