/**
 * The seed scenarios' artifacts, made by the tests with real tools (GNU tar, gzip): a `docker save`
 * tarball in Docker's classic layout (layers as `<id>/layer.tar`, the config named by its digest,
 * manifest.json and repositories, a repeated layer as a symlink, as docker writes it), an OCI image
 * layout folder with gzip layers (and the same as a tar), a Helm chart `.tgz`, an SPDX and a
 * CycloneDX SBOM. Digests are computed here from the bytes, so a test can make one of them lie.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { run } from '../pack/fixtures';
import { ContentRecognizer } from '../../../electron/engine/content/recognizer';
import { scanSources } from '../../../electron/engine/pack/scan';
import type { EntryDetails } from '../../../shared/format/entry-details';

export const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A layer tar made by GNU tar from a small root filesystem. */
async function layerTar(work: string, name: string, files: Record<string, string>): Promise<Buffer> {
  const root = join(work, `rootfs-${name}`);
  for (const [p, c] of Object.entries(files)) {
    await mkdir(join(root, p, '..'), { recursive: true });
    await writeFile(join(root, p), c);
  }
  const out = join(work, `${name}.tar`);
  const r = run('tar', ['-cf', out, '--mtime=@1700000000', '--owner=0', '--group=0', '-C', root, '.']);
  assert.equal(r.code, 0, r.stderr);
  return readFile(out);
}

export interface DockerSaveOptions {
  /** Change the second layer's bytes after its diff_id was computed. */
  lyingLayer?: boolean;
  /** Name the config by a digest that is not its own. */
  lyingConfig?: boolean;
  /** Leave the second layer out of the tarball. */
  missingLayer?: boolean;
  tags?: string[];
}

/** What a docker-save tarball holds, for assertions. */
export interface SavedImage {
  file: string;
  config: string;
  diffIds: string[];
  layerSizes: number[];
}

/** Writes `<dir>/<name>` as `docker save` (classic layout) would, with GNU tar. */
export async function dockerSave(work: string, dir: string, name: string, o: DockerSaveOptions = {}): Promise<SavedImage> {
  const stage = join(work, `save-${name}`);
  await mkdir(stage, { recursive: true });
  const layers = [
    await layerTar(work, `${name}-base`, { 'etc/os-release': 'ID=cleanstart\n', 'usr/bin/python3': 'binary\n' }),
    await layerTar(work, `${name}-app`, { 'app/main.py': 'print("hello")\n' }),
  ];
  const diffIds = layers.map((l) => `sha256:${sha(l)}`);
  diffIds.push(diffIds[0]!); // the third layer repeats the first: docker writes it as a symlink
  const config = Buffer.from(JSON.stringify({ architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: { type: 'layers', diff_ids: diffIds }, config: { Cmd: ['python3'] } }));
  const configHex = o.lyingConfig ? sha('something else') : sha(config);
  await writeFile(join(stage, `${configHex}.json`), config);
  const ids = ['1', '2', '3'].map((c) => c.repeat(64));
  const names: string[] = [];
  for (const [i, id] of ids.entries()) {
    await mkdir(join(stage, id));
    await writeFile(join(stage, id, 'VERSION'), '1.0');
    await writeFile(join(stage, id, 'json'), JSON.stringify({ id }));
    if (i === 2) await symlink(`../${ids[0]}/layer.tar`, join(stage, id, 'layer.tar'));
    else if (!(i === 1 && o.missingLayer)) await writeFile(join(stage, id, 'layer.tar'), i === 1 && o.lyingLayer ? Buffer.concat([layers[i]!.subarray(0, -1), Buffer.from('X')]) : layers[i]!);
    names.push(id, `${id}/VERSION`, `${id}/json`, ...(i === 1 && o.missingLayer ? [] : [`${id}/layer.tar`]));
  }
  const tags = o.tags ?? ['gcr.io/cleanstart/python:3.11-prod'];
  await writeFile(join(stage, 'manifest.json'), JSON.stringify([{ Config: `${configHex}.json`, RepoTags: tags, Layers: ids.map((id) => `${id}/layer.tar`) }]));
  await writeFile(join(stage, 'repositories'), JSON.stringify({ 'gcr.io/cleanstart/python': { '3.11-prod': ids[2] } }));
  const file = join(dir, name);
  const r = run('tar', ['-cf', file, '--no-recursion', '--mtime=@1700000000', '-C', stage, ...names, `${configHex}.json`, 'manifest.json', 'repositories']);
  assert.equal(r.code, 0, r.stderr);
  return { file, config: `sha256:${sha(config)}`, diffIds, layerSizes: [layers[0]!.length, layers[1]!.length, layers[0]!.length] };
}

export interface OciLayout {
  dir: string;
  manifest: string;
  config: string;
  layers: { digest: string; size: number }[];
}

/** Writes an OCI image layout folder `<parent>/<name>` with two gzip layers. */
export async function ociLayout(work: string, parent: string, name: string, o: { lyingBlob?: boolean } = {}): Promise<OciLayout> {
  const dir = join(parent, name);
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blob = async (bytes: Buffer) => {
    const hex = sha(bytes);
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const plain = [await layerTar(work, `${name}-l1`, { 'bin/tool': 'tool\n' }), await layerTar(work, `${name}-l2`, { 'etc/tool.conf': 'x=1\n' })];
  const layers = [];
  for (const l of plain) layers.push(await blob(gzipSync(l)));
  const config = await blob(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: plain.map((l) => `sha256:${sha(l)}`) } })));
  const manifest = await blob(Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l })),
  })));
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'io.containerd.image.name': 'registry.example/trstctl/agent:2.4.1', 'org.opencontainers.image.ref.name': '2.4.1' } }],
  }));
  if (o.lyingBlob) {
    const victim = join(dir, 'blobs', 'sha256', layers[1]!.digest.slice(7));
    const bytes = await readFile(victim);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(victim, bytes);
  }
  return { dir, manifest: manifest.digest, config: config.digest, layers };
}

/** Tars a folder's contents (names relative to it, as `tar -C dir .` writes them: `./oci-layout`). */
export function tarFolder(folder: string, file: string, format: 'gnu' | 'pax' = 'pax'): void {
  const r = run('tar', ['-cf', file, `--format=${format}`, '--mtime=@1700000000', '-C', folder, '.']);
  assert.equal(r.code, 0, r.stderr);
}

/** A Helm chart archive `<dir>/<name>-<version>.tgz` made with tar and gzip. */
export async function helmChart(work: string, dir: string, name: string, chartYaml: string): Promise<string> {
  const stage = join(work, `chart-${name}`);
  await mkdir(join(stage, name, 'templates'), { recursive: true });
  await writeFile(join(stage, name, 'Chart.yaml'), chartYaml);
  await writeFile(join(stage, name, 'values.yaml'), 'replicas: 1\n');
  await writeFile(join(stage, name, 'templates', 'deployment.yaml'), 'kind: Deployment\n');
  const file = join(dir, `${name}.tgz`);
  const r = run('tar', ['-czf', file, '-C', stage, name]);
  assert.equal(r.code, 0, r.stderr);
  return file;
}

/** An SPDX 2.3 JSON document describing one package. */
export function spdx(): string {
  return JSON.stringify({
    spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'python-3.11-prod',
    documentNamespace: 'https://cleanstart.example/spdx/python-3.11-prod-0001',
    packages: [
      { SPDXID: 'SPDXRef-image', name: 'gcr.io/cleanstart/python', versionInfo: '3.11-prod' },
      { SPDXID: 'SPDXRef-openssl', name: 'openssl', versionInfo: '3.0.13' },
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-image' },
      { spdxElementId: 'SPDXRef-image', relationshipType: 'CONTAINS', relatedSpdxElement: 'SPDXRef-openssl' },
    ],
  }, null, 2);
}

/** A CycloneDX 1.5 JSON document. */
export function cycloneDx(): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, metadata: { component: { type: 'application', name: 'coder', version: '2.9.0' } }, components: [] });
}

/** Runs the recogniser over sources as the pack would, feeding `chunk`-byte pieces. */
export async function recognise(sources: string[], chunk = 1000): Promise<Map<string, EntryDetails>> {
  const plan = await scanSources(sources);
  const r = new ContentRecognizer(plan.entries);
  for (const e of plan.entries) {
    if (e.type !== 'file') continue;
    const look = r.open(e);
    const bytes = await readFile(e.source);
    for (let at = 0; at < bytes.length; at += chunk) look?.update(bytes.subarray(at, at + chunk));
    look?.close(sha(bytes));
  }
  return r.finish();
}

