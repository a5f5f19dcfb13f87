/**
 * The assertion every hostile case must meet: the report is not ok, the case's check failed with
 * a reason matching the case's, and no check that only a broken generator could fail did fail —
 * so the refusal is due to the hostile property alone.
 */
import assert from 'node:assert/strict';
import type { CheckId, VerifyReport } from '../../../shared/format/report';
import type { HostileCase } from './types';

/** Checks the generator makes pass for every case (signed, fresh, addressed to the station). */
const ALWAYS_GOOD: readonly CheckId[] = ['package-files', 'signature', 'trusted-comment', 'sums-signature', 'freshness', 'destination', 'replay', 'rollback'];
/** Checks that also pass when only the tar stream lies (the sums describe the bytes actually there). */
const GOOD_UNDER_A_LYING_TAR: readonly CheckId[] = ['manifest', 'sums', 'volumes', 'payload'];

/**
 * Asserts `report` refused case `c` for the right reason. `stopsAtFirstFailure`: import stops the
 * single payload pass at the first refusal, so the volume and payload hashes are 'skipped' there
 * rather than 'pass'; they must still never 'fail'.
 */
export function assertRefused(report: VerifyReport, c: HostileCase, stopsAtFirstFailure = false): void {
  const summary = JSON.stringify(report.failures, null, 1);
  assert.equal(report.ok, false, `${c.id} was accepted`);
  const failure = report.failures.find((f) => f.check === c.check);
  assert.ok(failure, `${c.id}: no failure of check "${c.check}": ${summary}`);
  assert.match(failure.reason, c.reason, `${c.id}: ${summary}`);
  assert.equal(report.checks.find((k) => k.id === c.check)?.status, 'fail', `${c.id}: check "${c.check}" not marked failed`);
  for (const id of ALWAYS_GOOD) {
    assert.notEqual(report.checks.find((k) => k.id === id)?.status, 'fail', `${c.id}: check "${id}" failed: ${summary}`);
  }
  if (c.check === 'archive') {
    for (const id of GOOD_UNDER_A_LYING_TAR) {
      const status = report.checks.find((k) => k.id === id)?.status;
      if (stopsAtFirstFailure && id !== 'manifest' && id !== 'sums') assert.notEqual(status, 'fail', `${c.id}: check "${id}" failed: ${summary}`);
      else assert.equal(status, 'pass', `${c.id}: check "${id}" did not pass: ${summary}`);
    }
  }
}
