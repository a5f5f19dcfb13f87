/**
 * The hostile corpus itself, checked with independent tools before any importer sees it: every
 * package is validly signed (stock minisign for the control, the same verifier code for all),
 * its SHA256SUMS hold (coreutils `sha256sum -c`), its manifest parses unless the manifest is the
 * hostile part, and python3's tarfile confirms the payload really carries the hostile property.
 * So when the importer refuses a case, the refusal is due to that property alone. The tools run
 * once over the whole corpus (built in `before`), so the suite stays fast.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePublicKey, verifySignature } from '../../../electron/engine/crypto/minisign';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { HOSTILE_CASES, testSigner, writeSignedPackage, type CaseBuild, type TarProbe } from '../../helpers/hostile/index';
import { createSandbox, type Sandbox } from '../../helpers/hostile/sandbox';
import { probeTars } from '../../helpers/hostile/probe';
import { benignPackageSpec } from '../../helpers/hostile/control';

const signer = testSigner();

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Built { box: Sandbox; build: CaseBuild; manifest: Manifest; sumsOk: boolean; probe: TarProbe | null }
const built = new Map<string, Built>();

before(async () => {
  const probed: { id: string; path: string }[] = [];
  for (const c of HOSTILE_CASES) {
    const box = await createSandbox(c.id);
    const build = c.build(box);
    const manifest = await writeSignedPackage(box.packageDir, { transferId: `H-${c.id}`, ...build }, signer);
    built.set(c.id, { box, build, manifest, sumsOk: false, probe: null });
    if (c.probe) {
      const path = join(box.sandbox, 'payload-joined.tar');
      await writeFile(path, Buffer.concat(build.volumes.map((v) => Buffer.from(v))));
      probed.push({ id: c.id, path });
    }
  }
  // One shell runs `sha256sum -c` in every package directory and prints the ones that pass.
  const dirs = [...built.values()].map((b) => b.box.packageDir);
  const sums = spawnSync('sh', ['-c', 'for d in "$@"; do (cd "$d" && sha256sum -c --strict --quiet SHA256SUMS >/dev/null 2>&1) && echo "$d"; done', 'sh', ...dirs], { encoding: 'utf8', timeout: 60_000 });
  const passed = new Set(sums.stdout.split('\n'));
  for (const b of built.values()) b.sumsOk = passed.has(b.box.packageDir);
  probeTars(probed.map((p) => p.path)).forEach((seen, i) => { built.get(probed[i]!.id)!.probe = seen; });
});

after(async () => {
  for (const b of built.values()) await b.box.cleanup();
});

test('case ids are unique and usable as transfer ids', () => {
  const ids = HOSTILE_CASES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9-]{1,50}$/);
  assert.ok(HOSTILE_CASES.length > 100, `only ${HOSTILE_CASES.length} cases`);
});

test('the control package passes stock minisign, sha256sum and GNU tar', { timeout: 20_000 }, async () => {
  const box = await createSandbox('control-tools');
  try {
    await writeSignedPackage(box.packageDir, benignPackageSpec('control-tools'), signer);
    const pub = join(box.sandbox, 'test.pub');
    await writeFile(pub, encodePublicKey(signer.public));
    for (const file of [FILE_NAMES.manifest, FILE_NAMES.sums]) {
      const r = run('minisign', ['-V', '-p', pub, '-m', file], box.packageDir);
      assert.equal(r.status, 0, r.out);
    }
    assert.equal(run('sha256sum', ['-c', '--strict', FILE_NAMES.sums], box.packageDir).status, 0);
    const listing = run('tar', ['-tvf', FILE_NAMES.payload], box.packageDir);
    assert.equal(listing.status, 0, listing.out);
    assert.match(listing.out, /docs\/hello\.txt/);
    const x = run('tar', ['-xf', join(box.packageDir, FILE_NAMES.payload), '-C', box.destRoot], box.sandbox);
    assert.equal(x.status, 0, x.out);
    assert.equal(run('sha256sum', ['-c', '--strict', join(box.packageDir, FILE_NAMES.filesSums)], box.destRoot).status, 0);
  } finally {
    await box.cleanup();
  }
});

for (const c of HOSTILE_CASES) {
  test(`corpus ${c.id}: signed, sums hold, hostile property present`, { timeout: 20_000 }, async () => {
    const b = built.get(c.id);
    assert.ok(b, 'case was built');
    const manifestBytes = await readFile(join(b.box.packageDir, FILE_NAMES.manifest));
    const sig = verifySignature(manifestBytes, await readFile(join(b.box.packageDir, FILE_NAMES.manifestSig), 'utf8'), [signer.public]);
    assert.ok(sig.ok, 'manifest signature verifies');
    assert.ok(b.sumsOk, 'sha256sum -c SHA256SUMS passes');
    const parsed = parseManifest(manifestBytes.toString('utf8'));
    if (c.check === 'manifest') {
      assert.ok(!parsed.ok && parsed.problems.some((p) => c.reason.test(p)), `manifest problems: ${!parsed.ok && parsed.problems.join('; ')}`);
    } else {
      assert.ok(parsed.ok, `the manifest is benign: ${!parsed.ok && parsed.problems.join('; ')}`);
      assert.equal(b.manifest.entries.length, b.build.entries.length);
    }
    if (c.probe) {
      assert.ok(b.probe, 'python3 tarfile read the payload');
      c.probe(b.probe, b.box);
    }
  });
}
