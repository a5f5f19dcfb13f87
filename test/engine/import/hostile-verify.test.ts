/**
 * Every hostile package in the corpus is refused by `verifyPackage` with the expected failing
 * check and a reason that names the problem — and the control package, built by the same
 * generator, passes. Each test has a timeout: a hang (tar-stream's directory-with-a-body) fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPackage } from '../../../electron/engine/verify/index';
import type { VerifyReport } from '../../../shared/format/report';
import { HOSTILE_CASES, testSigner, trustStoreFor, writeSignedPackage, type HostileCase } from '../../helpers/hostile/index';
import { benignPackageSpec } from '../../helpers/hostile/control';
import { createSandbox } from '../../helpers/hostile/sandbox';

const signer = testSigner();
const store = trustStoreFor(signer);

/** Asserts `report` failed on exactly the case's check, with a matching reason, and on no check before it. */
export function assertRefused(report: VerifyReport, c: HostileCase): void {
  const summary = JSON.stringify(report.failures, null, 1);
  assert.equal(report.ok, false, `${c.id} was accepted`);
  const failure = report.failures.find((f) => f.check === c.check);
  assert.ok(failure, `${c.id}: no failure of check "${c.check}": ${summary}`);
  assert.match(failure.reason, c.reason, `${c.id}: ${summary}`);
  const check = report.checks.find((k) => k.id === c.check);
  assert.equal(check?.status, 'fail', `${c.id}: check "${c.check}" is ${check?.status}`);
  // The package is validly signed with correct sums: nothing before the hostile property may fail.
  for (const id of ['package-files', 'signature', 'trusted-comment', 'sums-signature', 'freshness'] as const) {
    assert.notEqual(report.checks.find((k) => k.id === id)?.status, 'fail', `${c.id}: check "${id}" failed: ${summary}`);
  }
  if (c.check === 'archive') {
    for (const id of ['manifest', 'sums', 'volumes', 'payload'] as const) {
      assert.equal(report.checks.find((k) => k.id === id)?.status, 'pass', `${c.id}: check "${id}" did not pass: ${summary}`);
    }
  }
}

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
