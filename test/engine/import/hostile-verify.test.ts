/**
 * Every hostile package in the corpus is refused by `verifyPackage` with the expected failing
 * check and a reason that names the problem — and the control package, built by the same
 * generator, passes. Each test has a timeout: a hang (tar-stream's directory-with-a-body) fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { HOSTILE_CASES, testSigner, trustStoreFor, writeSignedPackage } from '../../helpers/hostile/index';
import { assertRefused } from '../../helpers/hostile/assert-refused';
import { benignPackageSpec } from '../../helpers/hostile/control';
import { createSandbox } from '../../helpers/hostile/sandbox';

const signer = testSigner();
const store = trustStoreFor(signer);

test('control: the benign package from the same generator verifies', { timeout: 20_000 }, async () => {
  const box = await createSandbox('verify-control');
  try {
    await writeSignedPackage(box.packageDir, benignPackageSpec('verify-control'), signer);
    const report = await verifyPackage(box.packageDir, { store });
    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.filter((k) => k.status !== 'pass').map((k) => k.id), []);
  } finally {
    await box.cleanup();
  }
});

for (const c of HOSTILE_CASES) {
  test(`verify refuses ${c.id}: ${c.title}`, { timeout: 20_000 }, async () => {
    const box = await createSandbox(c.id);
    try {
      await writeSignedPackage(box.packageDir, { transferId: `H-${c.id}`, ...c.build(box) }, signer);
      assertRefused(await verifyPackage(box.packageDir, { store }), c);
    } finally {
      await box.cleanup();
    }
  });
}
