// Per-entry `details` (FORMAT.md §3.10): optional, checked like every other manifest text when
// present (they come from the files packed, so they are hostile on the import side), and written
// with a fixed key order whoever produced them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, serializeManifest, type Manifest } from '../../../shared/format/manifest';
import { mergeDetails, type EntryDetails } from '../../../shared/format/entry-details';
import { makeManifest } from '../print/fixtures';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const image: EntryDetails = {
  image: { layout: 'docker-save', images: [{ references: ['gcr.io/cleanstart/python:3.11-prod'], config: D('a'), platform: 'linux/amd64', layers: [{ digest: D('b'), size: 10 }] }] },
};

function withDetails(details: unknown, index = 1): Manifest {
  const m = makeManifest(2);
  (m.entries[index] as Record<string, unknown>).details = details;
  return m;
}

test('a manifest with details on a file and on a folder parses and keeps them', () => {
  const m = withDetails(image);
  (m.entries[0] as Record<string, unknown>).details = { image: { ...image.image, layout: 'oci' } };
  const r = parseManifest(serializeManifest(m));
  assert.equal(r.ok, true, r.ok ? '' : r.problems.join('\n'));
  if (r.ok) assert.deepEqual(r.manifest.entries[1]!.details, image);
});

test('a manifest without details is unchanged by the new field', () => {
  const m = makeManifest(2);
  assert.ok(!serializeManifest(m).includes('details'));
  assert.equal(parseManifest(serializeManifest(m)).ok, true);
});

test('details that break their rules make the manifest invalid', () => {
  const bad: [string, unknown][] = [
    ['bidi override in a reference', { image: { ...image.image, images: [{ ...image.image!.images[0]!, references: ['evil\u202e:rat.exe'] }] } }],
    ['an uppercase digest', { image: { ...image.image, images: [{ ...image.image!.images[0]!, config: `sha256:${'A'.repeat(64)}` }] } }],
    ['a non-sha256 digest', { image: { ...image.image, images: [{ ...image.image!.images[0]!, config: `sha512:${'a'.repeat(128)}` }] } }],
    ['no images', { image: { layout: 'oci', images: [] } }],
    ['a chart without version', { chart: { name: 'app' } }],
    ['an overlong chart name', { chart: { name: 'x'.repeat(129), version: '1' } }],
    ['an empty details object', {}],
    ['a negative layer size', { image: { ...image.image, images: [{ ...image.image!.images[0]!, layers: [{ digest: D('b'), size: -1 }] }] } }],
    ['an escape in an SBOM name', { sbom: { format: 'SPDX', specVersion: 'SPDX-2.3', describes: [{ name: 'a\u001b[2Jb' }] } }],
  ];
  for (const [why, details] of bad) {
    const r = parseManifest(serializeManifest(withDetails(details)));
    assert.equal(r.ok, false, why);
    if (!r.ok) assert.match(r.problems.join('\n'), /entries\.1\.details/, why);
  }
});

test('unknown detail keys are ignored (the format grows this way)', () => {
  assert.equal(parseManifest(serializeManifest(withDetails({ futureThing: { x: 1 } }))).ok, true);
});

test('mergeDetails orders keys as the shape does, whatever order the parts come in', () => {
  const merged = mergeDetails({ unreadable: { kind: 'sbom', reason: 'r' } }, { futureKey: 1 } as never, { chart: { name: 'c', version: '1' } }, image);
  assert.deepEqual(Object.keys(merged!), ['image', 'chart', 'unreadable', 'futureKey']);
  assert.equal(mergeDetails(undefined, {}), undefined);
});

// The mutation run (issue 9 §8): each refusal pinned to its literal problem, so a dropped digest
// anchor, an emptied record shape or a blank message is seen.
test('details are refused with the problem written out', () => {
  const refused = (details: unknown) => { const r = parseManifest(serializeManifest(withDetails(details))); return r.ok ? [] : r.problems; };
  const withConfig = (config: string) => ({ image: { ...image.image, images: [{ ...image.image!.images[0]!, config }] } });
  for (const bad of [`x${D('a')}`, `${D('a')}x`, `${D('a')}a`, ` ${D('a')}`]) {
    assert.deepEqual(refused(withConfig(bad)), ['manifest field entries.1.details.image.images.0.config: Invalid string: must match pattern /^sha256:[0-9a-f]{64}$/'], bad);
  }
  assert.deepEqual(refused({ signatureFile: { kind: 7 } }), ['manifest field entries.1.details.signatureFile.kind: Invalid input: expected string, received number']);
  assert.deepEqual(refused({ signatureFile: { kind: 'signature', subject: 'sha256:x' } }), ['manifest field entries.1.details.signatureFile.subject: Invalid string: must match pattern /^sha256:[0-9a-f]{64}$/']);
  assert.deepEqual(refused({ unreadable: {} }), [
    'manifest field entries.1.details.unreadable.kind: Invalid input: expected string, received undefined',
    'manifest field entries.1.details.unreadable.reason: Invalid input: expected string, received undefined',
  ]);
  assert.deepEqual(refused({ unreadable: { kind: 'sbom', reason: 'too \u202e deep' } }), ['manifest field entries.1.details.unreadable.reason: contains a control or invisible character']);
  assert.deepEqual(refused({}), ['manifest field entries.1.details: details is empty: omit it instead']);
  assert.deepEqual(refused({ signatureFile: { kind: 'signature', subject: D('c'), for: 'docs/img.tar' } }), []);
});

test('mergeDetails leaves out keys whose value is undefined', () => {
  assert.equal(mergeDetails({ image: undefined }), undefined);
  assert.deepEqual(mergeDetails({ chart: { name: 'c', version: '1' }, image: undefined }), { chart: { name: 'c', version: '1' } });
  assert.deepEqual(Object.keys(mergeDetails({ chart: { name: 'c', version: '1' }, image: undefined })!), ['chart']);
});

test('mergeDetails keeps an unknown key even when Object.prototype has one of that name', () => {
  assert.deepEqual(mergeDetails({ constructor: 1, toString: 'x' } as never), { constructor: 1, toString: 'x' });
  assert.deepEqual(Object.keys(mergeDetails({ toString: 'x' } as never, { chart: { name: 'c', version: '1' } })!), ['chart', 'toString']);
});

test('mergeDetails keeps an own "__proto__" key as a key and never as the prototype', () => {
  const part = JSON.parse('{"__proto__": {"polluted": true}, "chart": {"name": "c", "version": "1"}}') as never;
  const merged = mergeDetails(part)! as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.equal(merged.polluted, undefined);
  assert.deepEqual(Object.keys(merged), ['chart', '__proto__']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value, { polluted: true });
});
