// The CLI face of "what is inside" (issue 10 §3, CLI contract: "`sluice inspect PACKAGE` lists
// recognised images (references and digests) and charts (name and version); `sluice manifest …
// --pdf` prints them"). A release folder made by the test — a `docker save` tarball, an OCI layout
// folder, a Helm chart, an SPDX SBOM, a signature beside the image — is packed for real; a tarball
// whose layer does not match its manifest is refused with exit 2 naming the file and the layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { dockerSave, helmChart, ociLayout, spdx } from '../engine/content/artifacts';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await makeTrustStore(join(dir, 'trust'), [key]);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  const rel = join(dir, 'release');
  await mkdir(join(rel, 'charts'), { recursive: true });
  await mkdir(join(dir, 'out'));
  const pack = (...sources: string[]) => runCli(['pack', ...sources, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json')]);
  return { dir, rel, pack };
}

test('pack records images, charts and SBOMs; inspect, verify and the printed PDF show them', async (t) => {
  const { dir, rel, pack } = await setup(t);
  const img = await dockerSave(dir, rel, 'app-image.tar');
  const oci = await ociLayout(dir, rel, 'agent-oci');
  await helmChart(dir, join(rel, 'charts'), 'coder', 'apiVersion: v2\nname: coder\nversion: 2.9.0\nappVersion: "v2.9.0"\n');
  await writeFile(join(rel, 'python.spdx.json'), spdx());
  await writeFile(join(rel, 'app-image.tar.sig'), 'MEUCIQ...');
  const r = await pack(rel);
  assert.equal(r.code, 0, r.stderr);
  const pkg = r.stdout.trim();

  const inspect = await runCli(['inspect', pkg]);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.match(inspect.stdout, /Inside \(as the packer recorded it\):\n/);
  assert.ok(inspect.stdout.includes(`Image      release/app-image.tar: gcr.io/cleanstart/python:3.11-prod ${img.config} linux/arm64/v8 (3 layers,`), inspect.stdout);
  assert.ok(inspect.stdout.includes(`Image      release/agent-oci: registry.example/trstctl/agent:2.4.1 ${oci.config} linux/amd64 (2 layers,`), inspect.stdout);
  assert.ok(inspect.stdout.includes(`manifest ${oci.manifest}; OCI layout; digests checked while packing)`));
  assert.ok(inspect.stdout.includes('Chart      release/charts/coder.tgz: coder 2.9.0 (app v2.9.0)'));
  assert.ok(inspect.stdout.includes('SBOM       release/python.spdx.json: SPDX SPDX-2.3 "python-3.11-prod" describes gcr.io/cleanstart/python 3.11-prod'));
  assert.ok(inspect.stdout.includes('Signature  release/app-image.tar.sig: signature for release/app-image.tar: present, not checked by Sluice'));

  const verify = await runCli(['verify', pkg, '--trust', join(dir, 'trust'), '--json']);
  assert.equal(verify.code, 0, verify.stderr);
  const report = JSON.parse(verify.stdout) as { manifest: { entries: { path: string; details?: { image?: { images: { layers: unknown[] }[] } } }[] } };
  const image = report.manifest.entries.find((e) => e.path === 'release/app-image.tar')?.details?.image;
  assert.deepEqual(image?.images[0]?.layers, img.diffIds.map((digest, i) => ({ digest, size: img.layerSizes[i] })));
  const human = await runCli(['verify', pkg, '--trust', join(dir, 'trust')]);
  assert.match(human.stdout, /Inside \(signed by the packer\):\n {2}Image +release\/agent-oci: /);

  const pdf = join(dir, 'manifest.pdf');
  const m = await runCli(['manifest', pkg, '--trust', join(dir, 'trust'), '--pdf', pdf], { timeoutMs: 120_000 });
  assert.equal(m.code, 0, m.stderr);
  const printed = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const want of ['Whatisinside', 'gcr.io/cleanstart/python:3.11-prod', img.config, 'registry.example/trstctl/agent:2.4.1', oci.manifest, 'coder2.9.0(appv2.9.0)', 'present,notcheckedbySluice']) {
    assert.ok(printed.includes(want), `the PDF prints ${want}`);
  }
});

test('a docker save tarball whose layer does not match its manifest: exit 2 naming the file and the layer, nothing written', async (t) => {
  const { dir, rel, pack } = await setup(t);
  await dockerSave(dir, rel, 'app-image.tar', { lyingLayer: true });
  const r = await pack(rel);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.ok(r.stderr.includes(join(rel, 'app-image.tar')), r.stderr);
  assert.match(r.stderr, /layer "2{64}\/layer\.tar" hashes to sha256:[0-9a-f]{64}, but the image's config says sha256:[0-9a-f]{64}\. Nothing was packed\./);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
});
