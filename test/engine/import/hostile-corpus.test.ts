/**
 * The hostile corpus itself, checked with independent tools before any importer sees it: every
 * package is validly signed (stock minisign), its sums hold (coreutils sha256sum -c), its manifest
 * parses unless the manifest is the hostile part, and python3's tarfile confirms the payload
 * really carries the hostile property. So when the importer refuses a case, the refusal is due to
 * that property alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePublicKey, verifySignature } from '../../../electron/engine/crypto/minisign';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest } from '../../../shared/format/manifest';
import { HOSTILE_CASES, testSigner, writeSignedPackage } from '../../helpers/hostile/index';
import { createSandbox } from '../../helpers/hostile/sandbox';
import { probeTar } from '../../helpers/hostile/probe';
import { benignPackageSpec } from '../../helpers/hostile/control';

const signer = testSigner();

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('case ids are unique and usable as transfer ids', () => {
  const ids = HOSTILE_CASES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9-]{1,50}$/);
  assert.ok(HOSTILE_CASES.length > 90, `only ${HOSTILE_CASES.length} cases`);
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
    const box = await createSandbox(c.id);
    try {
      const built = c.build(box);
      const manifest = await writeSignedPackage(box.packageDir, { transferId: `H-${c.id}`, ...built }, signer);
      const manifestBytes = await readFile(join(box.packageDir, FILE_NAMES.manifest));
      const sig = verifySignature(manifestBytes, await readFile(join(box.packageDir, FILE_NAMES.manifestSig), 'utf8'), [signer.public]);
      assert.ok(sig.ok, 'manifest signature verifies');
      const sums = run('sha256sum', ['-c', '--strict', '--quiet', FILE_NAMES.sums], box.packageDir);
      assert.equal(sums.status, 0, sums.out);
      const parsed = parseManifest(manifestBytes.toString('utf8'));
      if (c.check === 'manifest') {
        assert.equal(parsed.ok, false, 'the hostile manifest is refused by the shared rules');
        assert.ok(!parsed.ok && parsed.problems.some((p) => c.reason.test(p)), `manifest problems: ${!parsed.ok && parsed.problems.join('; ')}`);
      } else {
        assert.ok(parsed.ok, `the manifest is benign: ${!parsed.ok && parsed.problems.join('; ')}`);
        assert.equal(manifest.entries.length, built.entries.length);
      }
      if (c.probe) {
        const payload = join(box.sandbox, 'payload-joined.tar');
        await writeFile(payload, Buffer.concat(built.volumes.map((v) => Buffer.from(v))));
        c.probe(probeTar(payload), box);
      }
    } finally {
      await box.cleanup();
    }
  });
}
