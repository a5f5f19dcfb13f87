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
