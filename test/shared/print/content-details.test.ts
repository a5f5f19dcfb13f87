// What is inside, on paper and in the shared lines every surface uses: images with references,
// config digest, platform and layers; charts; SBOMs; signature files said to be NOT checked;
// unreadable files said to be packed unchecked. Hostile strings are escaped, never printed raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTransferManifest } from '../../../shared/print/index';
import { escapeHtml } from '../../../shared/print/escape';
import { contentLines, contentSummaryText } from '../../../shared/format/content-details';
import { parseManifest, serializeManifest, type Manifest } from '../../../shared/format/manifest';
import { makeManifest, sha } from './fixtures';

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp-abcd' };
const D = (s: string) => `sha256:${sha(s)}`;

function withContent(): Manifest {
  const m = makeManifest(5);
  const files = m.entries.filter((e) => e.type === 'file');
  const set = (i: number, details: Record<string, unknown>) => Object.assign(files[i]!, { details });
  set(0, { image: { layout: 'docker-save', images: [{ references: ['gcr.io/cleanstart/python:3.11-prod', 'registry.example/<b>x</b>:1'], config: D('config'), platform: 'linux/amd64', layers: [{ digest: D('l1'), size: 2 * 1024 * 1024 }, { digest: D('l2'), size: 1024 * 1024 }] }] } });
  set(1, { chart: { name: 'coder', version: '2.9.0', appVersion: 'v2.9.0' } });
  set(2, { sbom: { format: 'SPDX', specVersion: 'SPDX-2.3', name: 'python', documentNamespace: 'https://x.example/1', describes: [{ name: 'gcr.io/cleanstart/python', version: '3.11-prod' }] } });
  set(3, { signatureFile: { kind: 'cosign-signature', subject: D('manifest') } });
  set(4, { unreadable: { kind: 'image', reason: 'not a tar Sluice can read: a header checksum does not match' } });
  const parsed = parseManifest(serializeManifest(m));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  return m;
}

test('the printed manifest lists images with references and digests, charts, SBOMs, and says what is not checked', () => {
  const m = withContent();
  const html = renderTransferManifest({ manifest: m, manifestSha256: sha('m'), signer }).replace(/<br>/g, ' ');
  assert.ok(html.includes('What is inside (recognised while packing)'));
  assert.ok(html.includes('1 image, 1 chart, 1 SBOM, 1 signature file (not checked), 1 file that looks like an image, chart or SBOM but could not be read'));
  assert.ok(html.includes(`gcr.io/cleanstart/python:3.11-prod, ${escapeHtml('registry.example/<b>x</b>:1')} ${D('config')} linux/amd64 (2 layers, 3.00 MiB; docker save; digests checked while packing)`), html.slice(html.indexOf('What is inside'), html.indexOf('What is inside') + 3000));
  assert.ok(!html.includes('<b>x</b>'), 'a tag from the tarball is escaped');
  assert.ok(html.includes('coder 2.9.0 (app v2.9.0)'));
  assert.ok(html.includes('SPDX SPDX-2.3 &quot;python&quot; describes gcr.io/cleanstart/python 3.11-prod'));
  assert.ok(html.includes(`cosign signature for ${D('manifest')}: present, not checked by Sluice`));
  assert.ok(html.includes('looks like an image but could not be read'));
  assert.ok(html.includes('whether a signature beside it is valid, is not checked by Sluice'));
});

test('nothing recognised: no table on paper, no lines in inspect', () => {
  const m = makeManifest(3);
  assert.ok(!renderTransferManifest({ manifest: m, manifestSha256: sha('m'), signer }).includes('What is inside'));
  assert.deepEqual(contentLines(m), []);
  assert.equal(contentSummaryText(m), 'nothing recognised');
});

test('terminal lines escape control characters that reach them (defence in depth beyond the schema)', () => {
  const m = withContent();
  const image = m.entries.find((e) => e.details?.image)!.details!.image!;
  image.images[0]!.references = ['evil\u001b[2J\u202e:1'];
  const line = contentLines(m).find((l) => l.startsWith('Image'))!;
  assert.doesNotMatch(line, /[\u001b\u202e]/);
  assert.match(line, /evil\\u001b\[2J\\u202e:1/);
});

/** Hand-written digests, so expected lines are literal. */
const H = (c: string) => `sha256:${c.repeat(64)}`;

/** Every wording branch: OCI layout, untagged image, one layer, no platform, image manifest, chart
 * without app version, SBOM without name or subjects, each signature kind, "a"/"an", plurals. */
function everyBranch(): Manifest {
  const m = makeManifest(11);
  const files = m.entries.filter((e) => e.type === 'file');
  const set = (i: number, details: Record<string, unknown>) => Object.assign(files[i]!, { details });
  set(0, {
    image: {
      layout: 'oci',
      images: [
        { references: [], config: H('1'), manifest: H('2'), layers: [{ digest: H('3'), size: 1024 * 1024 }] },
        { references: ['reg.example/a:1', 'reg.example/b:2'], config: H('4'), platform: 'linux/arm64', layers: [{ digest: H('5'), size: 512 * 1024 }, { digest: H('6'), size: 3 * 1024 * 1024 }] },
      ],
    },
  });
  set(1, { chart: { name: 'web', version: '1.0.0' } });
  set(2, { chart: { name: 'db', version: '2.0.0', appVersion: '16' } });
  set(3, { sbom: { format: 'CycloneDX', specVersion: '1.5', describes: [] } });
  set(4, { sbom: { format: 'SPDX', specVersion: 'SPDX-2.3', name: 'app', describes: [{ name: 'app', version: '1.2' }, { name: 'libz' }] } });
  set(5, { signatureFile: { kind: 'cosign-attestation', for: 'images/a.tar' } });
  set(6, { signatureFile: { kind: 'cosign-sbom' } });
  set(7, { signatureFile: { kind: 'signature', subject: H('7') } });
  set(8, { signatureFile: { kind: 'sigstore-bundle', for: 'images/b.tar' } });
  set(9, { unreadable: { kind: 'chart', reason: 'bad gzip' } });
  set(10, { unreadable: { kind: 'image', reason: 'r'.repeat(300) } });
  const parsed = parseManifest(serializeManifest(m));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  return m;
}

test('every wording branch of the content lines, written out in full', () => {
  assert.deepEqual(contentLines(everyBranch()), [
    `Image      docs/file-00000.txt: (untagged) ${H('1')} (1 layer, 1.00 MiB; manifest ${H('2')}; OCI layout; digests checked while packing)`,
    `Image      docs/file-00000.txt: reg.example/a:1, reg.example/b:2 ${H('4')} linux/arm64 (2 layers, 3.50 MiB; OCI layout; digests checked while packing)`,
    'Chart      docs/file-00001.txt: web 1.0.0',
    'Chart      docs/file-00002.txt: db 2.0.0 (app 16)',
    'SBOM       docs/file-00003-long-segment-long-segment-long-segment-long-segment-.txt: CycloneDX 1.5',
    'SBOM       docs/file-00004.txt: SPDX SPDX-2.3 "app" describes app 1.2, libz',
    'Signature  docs/file-00005.txt: cosign attestation for images/a.tar: present, not checked by Sluice',
    'Signature  docs/file-00006.txt: cosign SBOM attachment: present, not checked by Sluice',
    `Signature  docs/file-00007.txt: signature for ${H('7')}: present, not checked by Sluice`,
    'Signature  docs/file-00008.txt: Sigstore bundle for images/b.tar: present, not checked by Sluice',
    'Unreadable docs/file-00009.txt: looks like a chart but could not be read: bad gzip (packed as it is, not checked)',
    // The text is over 300 characters: a terminal line keeps up to 2000, not the default cap of 300.
    `Unreadable docs/file-00010-long-segment-.txt: looks like an image but could not be read: ${'r'.repeat(300)} (packed as it is, not checked)`,
  ]);
});

test('the summary says every count in the plural', () => {
  assert.equal(
    contentSummaryText(everyBranch()),
    '2 images, 2 charts, 2 SBOMs, 4 signature files (not checked), 2 files that look like images, charts or SBOMs but could not be read',
  );
});
