// What is inside (issue 10 §3): the recogniser is fed each file's bytes the way the pack reads
// them — here in odd-sized chunks, so every header and JSON body straddles a chunk boundary — and
// must list images, charts, SBOMs and signature files, refuse an image whose digests lie, and turn
// every malformed input into a report, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { run } from '../pack/fixtures';
import { cycloneDx, dockerSave, helmChart, ociLayout, recognise, spdx, tarFolder } from './artifacts';

test('a docker save tarball: references, config digest, platform, layers with sizes (a repeated layer via its symlink)', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'release');
  await mkdir(src);
  const img = await dockerSave(work, src, 'app-image.tar');
  for (const chunk of [1000, 512, 1 << 20]) {
    const d = (await recognise([src], chunk)).get('release/app-image.tar');
    assert.deepEqual(d, {
      image: {
        layout: 'docker-save',
        images: [{
          references: ['gcr.io/cleanstart/python:3.11-prod'], config: img.config, platform: 'linux/arm64/v8',
          layers: img.diffIds.map((digest, i) => ({ digest, size: img.layerSizes[i]! })),
        }],
      },
    }, `chunk ${chunk}`);
  }
});

test('a docker save tarball whose layer, config name or layer list lies refuses, naming the file and the layer', async (t) => {
  const work = await makeTempDir(t);
  const cases: [string, Parameters<typeof dockerSave>[3], RegExp][] = [
    ['lying-layer.tar', { lyingLayer: true }, /layer "2{64}\/layer\.tar" hashes to sha256:[0-9a-f]{64}, but the image's config says sha256:/],
    ['lying-config.tar', { lyingConfig: true }, /config "[0-9a-f]{64}\.json" hashes to sha256:[0-9a-f]{64}, not the digest its name says/],
    ['missing-layer.tar', { missingLayer: true }, /layer 2 of image 1, "2{64}\/layer\.tar", is not in the archive/],
  ];
  for (const [name, o, why] of cases) {
    const src = join(work, name.replace('.tar', ''));
    await mkdir(src);
    await dockerSave(work, src, name, o);
    await assert.rejects(recognise([src]), (e: unknown) => {
      assert.ok(e instanceof SluiceError, String(e));
      assert.equal(e.code, 'image-mismatch');
      assert.ok(e.message.startsWith(join(src, name)), e.message);
      assert.match(e.message, why);
      return true;
    }, name);
  }
});

test('an OCI layout, as a folder among the sources and as a tar: manifest and config digests, platform, reference', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'src');
  await mkdir(src);
  const oci = await ociLayout(work, src, 'agent-oci');
  tarFolder(oci.dir, join(src, 'agent-oci.tar'));
  const found = await recognise([src]);
  const want = { image: { layout: 'oci', images: [{ references: ['registry.example/trstctl/agent:2.4.1'], config: oci.config, manifest: oci.manifest, platform: 'linux/amd64', layers: oci.layers }] } };
  assert.deepEqual(found.get('src/agent-oci'), want);
  assert.deepEqual(found.get('src/agent-oci.tar'), want);
  assert.equal(found.get('src/agent-oci/index.json'), undefined, 'the layout\'s index.json is part of the image, not an SBOM');
});

test('an OCI layout whose blob does not hash to its name refuses, as a folder and as a tar', async (t) => {
  const work = await makeTempDir(t);
  for (const asTar of [false, true]) {
    const src = join(work, `src-${asTar}`);
    await mkdir(src);
    const oci = await ociLayout(work, asTar ? work : src, `bad-${asTar}`, { lyingBlob: true });
    if (asTar) tarFolder(oci.dir, join(src, 'bad.tar'));
    await assert.rejects(recognise([src]), (e: unknown) => {
      assert.ok(e instanceof SluiceError && e.code === 'image-mismatch', String(e));
      assert.match(e.message, new RegExp(`blob blobs/sha256/${oci.layers[1]!.digest.slice(7)} hashes to sha256:[0-9a-f]{64}, not the digest its name says`));
      return true;
    });
  }
});

test('a Helm chart .tgz, SPDX and CycloneDX SBOMs, cosign signatures beside an image', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'bundle');
  await mkdir(join(src, 'charts'), { recursive: true });
  await helmChart(work, join(src, 'charts'), 'coder', 'apiVersion: v2\nname: coder\ndescription: "Coder: remote dev"\nversion: 2.9.0 # chart\nappVersion: "v2.9.0"\ndependencies:\n  - name: postgresql\n    version: 12.1.0\n');
  await writeFile(join(src, 'python.spdx.json'), spdx());
  await writeFile(join(src, 'coder.cdx.json'), cycloneDx());
  await writeFile(join(src, 'package.json'), '{"name": "not an sbom"}');
  await dockerSave(work, src, 'app-image.tar');
  await writeFile(join(src, 'app-image.tar.sig'), 'MEUCIQ...');
  await writeFile(join(src, 'app-image.bundle'), '{"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.1"}');
  await writeFile(join(src, `sha256-${'ab'.repeat(32)}.sig`), 'sig');
  await writeFile(join(src, `sha256-${'cd'.repeat(32)}.att`), 'att');
  await writeFile(join(src, 'notes.txt.sig'), 'a signature of something that is not an image');
  const found = await recognise([src]);
  assert.deepEqual(found.get('bundle/charts/coder.tgz'), { chart: { name: 'coder', version: '2.9.0', appVersion: 'v2.9.0' } });
  assert.deepEqual(found.get('bundle/python.spdx.json'), {
    sbom: { format: 'SPDX', specVersion: 'SPDX-2.3', name: 'python-3.11-prod', documentNamespace: 'https://cleanstart.example/spdx/python-3.11-prod-0001', describes: [{ name: 'gcr.io/cleanstart/python', version: '3.11-prod' }] },
  });
  assert.deepEqual(found.get('bundle/coder.cdx.json'), { sbom: { format: 'CycloneDX', specVersion: '1.5', describes: [{ name: 'coder', version: '2.9.0' }] } });
  assert.equal(found.get('bundle/package.json'), undefined);
  assert.deepEqual(found.get('bundle/app-image.tar.sig'), { signatureFile: { kind: 'signature', for: 'bundle/app-image.tar' } });
  assert.deepEqual(found.get('bundle/app-image.bundle'), { signatureFile: { kind: 'sigstore-bundle', for: 'bundle/app-image.tar' } });
  assert.deepEqual(found.get(`bundle/sha256-${'ab'.repeat(32)}.sig`), { signatureFile: { kind: 'cosign-signature', subject: `sha256:${'ab'.repeat(32)}` } });
  assert.deepEqual(found.get(`bundle/sha256-${'cd'.repeat(32)}.att`), { signatureFile: { kind: 'cosign-attestation', subject: `sha256:${'cd'.repeat(32)}` } });
  assert.equal(found.get('bundle/notes.txt.sig'), undefined);
});

test('a Chart.yaml Sluice cannot read plainly is reported unreadable, not guessed', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'c');
  await mkdir(src);
  await helmChart(work, src, 'anchors', 'name: &n app\nversion: 1.0.0\n');
  await helmChart(work, src, 'twice', 'name: a\nname: b\nversion: 1\n');
  await helmChart(work, src, 'bidi', 'name: "app\u202egpj.exe"\nversion: 1\n');
  const found = await recognise([src]);
  assert.match(found.get('c/anchors.tgz')?.unreadable?.reason ?? '', /name is not a plain one-line value/);
  assert.match(found.get('c/twice.tgz')?.unreadable?.reason ?? '', /sets name twice/);
  assert.match(found.get('c/bidi.tgz')?.unreadable?.reason ?? '', /control or invisible character/);
  for (const d of found.values()) assert.equal(d.unreadable?.kind, 'chart');
});

test('ordinary files and tarballs cost nothing and are not recorded', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'plain');
  await mkdir(join(src, 'tree'), { recursive: true });
  await writeFile(join(src, 'tree', 'a.txt'), 'a'.repeat(5000));
  tarFolder(join(src, 'tree'), join(work, 'tree.tar'));
  await writeFile(join(src, 'tree.tar'), await readFile(join(work, 'tree.tar')));
  await writeFile(join(src, 'random.bin'), Buffer.alloc(4096, 7));
  // An npm package .tgz: its first entry (`package/`) is neither a chart's folder named like the
  // file nor an image's name, so only its first few KiB are decompressed — a Chart.yaml further in
  // is never reached (a mirror of 100,000 such files must not be decompressed whole).
  const npm = join(work, 'npm');
  await mkdir(join(npm, 'package'), { recursive: true });
  await writeFile(join(npm, 'package', 'package.json'), '{"name": "left-pad"}');
  await writeFile(join(npm, 'package', 'Chart.yaml'), 'name: hidden\nversion: 1\n');
  assert.equal(run('tar', ['-czf', join(src, 'left-pad-1.3.0.tgz'), '-C', npm, 'package/package.json', 'package/Chart.yaml']).code, 0);
  assert.equal((await recognise([src])).size, 0);
  // The same bytes named like their folder are a chart candidate and are read whole.
  await writeFile(join(src, 'package-1.0.0.tgz'), await readFile(join(src, 'left-pad-1.3.0.tgz')));
  assert.deepEqual([...(await recognise([src])).keys()], ['plain/package-1.0.0.tgz']);
});
