// Hostile files among the sources (issue 10 §3, docs/SECURITY.md "What is inside"): tars that claim
// to be images but are malformed — a huge size field, names that climb out, a bad checksum, a pax
// bomb, a sparse entry, data after the end, nested tars — a gzip bomb, JSON nested too deep, text
// with control characters. Each is reported (`unreadable`) or not recognised; none crashes the
// recogniser, none is refused (only an image whose digests lie is), and nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RawTarWriter } from '../../helpers/raw-tar';
import { makeTempDir } from '../../helpers/tmp';
import { run } from '../pack/fixtures';
import { recognise, sha } from './artifacts';

const manifestJson = JSON.stringify([{ Config: `${'a'.repeat(64)}.json`, RepoTags: ['x:1'], Layers: [] }]);
/** A tar that starts like a docker save tarball, followed by `rest`. */
const imageLike = (rest: (w: RawTarWriter) => RawTarWriter) => rest(new RawTarWriter().file('manifest.json', manifestJson)).bytes();

const emptyConfig = JSON.stringify({ rootfs: { diff_ids: [] } });
const cases: [string, Buffer, RegExp][] = [
  ['huge-size.tar', imageLike((w) => w.entry({ name: 'repositories', size: { base256: 8n * 2n ** 30n } }, Buffer.from('{}')).end()), /cut off inside "repositories"/],
  ['climbs-out.tar', imageLike((w) => w.file('../../etc/passwd', 'root::0:0').end()), /climbs out of the archive: "\.\.\/\.\.\/etc\/passwd"/],
  ['absolute.tar', imageLike((w) => w.file('/etc/cron.d/x', '* * * * * root sh').end()), /empty, absolute or climbs out/],
  ['bad-checksum.tar', imageLike((w) => w.entry({ name: 'repositories', checksum: 'wrong' }, Buffer.from('{}')).end()), /checksum does not match/],
  ['pax-bomb.tar', imageLike((w) => w.entry({ name: 'PaxHeader', typeflag: 'x', size: 2 ** 30 }).end()), /pax header of 1073741824 bytes/],
  ['sparse.tar', imageLike((w) => w.entry({ name: 'repositories', typeflag: 'S' }, Buffer.from('{}')).end()), /sparse file/],
  ['device.tar', imageLike((w) => w.entry({ name: 'repositories', typeflag: '3' }).end()), /not a file, folder or link/],
  ['trailing.tar', imageLike((w) => w.end().raw('MZ this is not padding')), /data after the end of the archive/],
  ['no-end.tar', imageLike((w) => w), /no end-of-archive blocks/],
  ['not-json.tar', new RawTarWriter().file('manifest.json', '[{"Config": ').file(`${'a'.repeat(64)}.json`, '{}').end().bytes(), /manifest\.json" is not JSON Sluice can read/],
  ['bidi-tag.tar', new RawTarWriter().file('manifest.json', JSON.stringify([{ Config: `${sha(emptyConfig)}.json`, RepoTags: ['evil\u202e:rat.exe'], Layers: [] }]))
    .file(`${sha(emptyConfig)}.json`, emptyConfig).end().bytes(), /RepoTags entry holds a control or invisible character/],
];

test('malformed image tarballs are reported unreadable, with a display-safe reason', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'hostile');
  await mkdir(src);
  for (const [name, bytes] of cases) await writeFile(join(src, name), bytes);
  const before = await readdir(work, { recursive: true });
  for (const chunk of [1000, 512, 7]) {
    const found = await recognise([src], chunk);
    for (const [name, , why] of cases) {
      const d = found.get(`hostile/${name}`);
      assert.equal(d?.unreadable?.kind, 'image', `${name} (chunk ${chunk}): ${JSON.stringify(d)}`);
      assert.match(d.unreadable.reason, why, name);
      assert.doesNotMatch(d.unreadable.reason, /[\u0000-\u001f\u202e]/, name);
    }
  }
  // Nothing was extracted: the work folder holds exactly what the test wrote.
  assert.deepEqual((await readdir(work, { recursive: true })).sort(), before.sort());
});

test('nesting stops at one level: tars inside an image or a plain tar are hashed, never parsed', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'nested');
  await mkdir(src);
  // tar in tar in tar, the innermost claiming to be an image whose layer lies.
  const inner = new RawTarWriter().file('manifest.json', manifestJson).file('../escape', 'x').end().bytes();
  let doll = inner;
  for (let depth = 0; depth < 3; depth++) doll = new RawTarWriter().file(`level-${depth}.tar`, doll).end().bytes();
  await writeFile(join(src, 'dolls.tar'), doll);
  // A valid image whose layer is that hostile tar: the layer is hashed and listed, not opened.
  const config = JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [`sha256:${sha(doll)}`] } });
  await writeFile(join(src, 'image.tar'), new RawTarWriter().file(`${'c'.repeat(64)}/layer.tar`, doll).file(`${sha(config)}.json`, config)
    .file('manifest.json', JSON.stringify([{ Config: `${sha(config)}.json`, RepoTags: ['registry.example/dolls:1'], Layers: [`${'c'.repeat(64)}/layer.tar`] }])).end().bytes());
  const found = await recognise([src]);
  assert.deepEqual([...found.keys()], ['nested/image.tar']);
  assert.deepEqual(found.get('nested/image.tar'), { image: { layout: 'docker-save', images: [{
    references: ['registry.example/dolls:1'], config: `sha256:${sha(config)}`, platform: 'linux/amd64', layers: [{ digest: `sha256:${sha(doll)}`, size: doll.length }],
  }] } });
});

test('a gzip bomb named .tgz stops at the decompression cap and is reported', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'bomb');
  await mkdir(src);
  const r = run('sh', ['-c', `head -c 200M /dev/zero | gzip -1 > '${join(src, 'chart-1.0.0.tgz')}'`]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((await readFile(join(src, 'chart-1.0.0.tgz'))).length < 1024 * 1024);
  const found = await recognise([src], 1 << 20);
  assert.deepEqual(found.get('bomb/chart-1.0.0.tgz'), { unreadable: { kind: 'archive', reason: 'decompresses to more than 128 MiB' } });
});

test('SBOM JSON nested too deep, not JSON, or with control characters: not recognised or reported, never thrown', async (t) => {
  const work = await makeTempDir(t);
  const src = join(work, 'sboms');
  await mkdir(src);
  await writeFile(join(src, 'deep.spdx.json'), `{"spdxVersion":"SPDX-2.3","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
  await writeFile(join(src, 'broken.cdx.json'), '{"bomFormat": "CycloneDX", ');
  await writeFile(join(src, 'escape.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { name: 'app\u001b[2J', version: '1' } } }));
  const found = await recognise([src]);
  assert.equal(found.get('sboms/deep.spdx.json'), undefined);
  assert.equal(found.get('sboms/broken.cdx.json'), undefined);
  assert.deepEqual(found.get('sboms/escape.cdx.json'), { unreadable: { kind: 'sbom', reason: "the SBOM's metadata.component.name holds a control or invisible character" } });
});

test('the content readers never touch the filesystem: no fs import, so nothing can be extracted', async () => {
  const dir = join(import.meta.dirname, '../../../electron/engine/content');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 6, files.join());
  for (const f of files) {
    const source = await readFile(join(dir, f), 'utf8');
    assert.doesNotMatch(source, /from 'node:(fs|fs\/promises|child_process)'|require\(/, `${f} imports a filesystem or process module`);
  }
});
