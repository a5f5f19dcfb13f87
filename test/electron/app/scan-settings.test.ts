// The scan policy as main reads it: which scanner a pack or import gets under off / optional /
// required, and the refusals when the policy cannot be met. The view escapes ClamAV's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDecision, scannerOptions, scanResultView, machineBy } from '../../../electron/app/scan-settings';
import { SluiceError } from '../../../electron/engine/errors';

const code = (f: () => unknown) => { try { f(); return null; } catch (e) { return e instanceof SluiceError ? e.code : String(e); } };

test('off: no scanner, and asking for a scan is refused', () => {
  assert.equal(scanDecision({}), null);
  assert.equal(scanDecision({ scan: { policy: 'off', clamavDb: '/db' } }), null);
  assert.equal(scannerOptions({ scan: { policy: 'off', clamavDb: '/db' } }), null);
  assert.equal(code(() => scanDecision({ scan: { policy: 'off', clamavDb: '/db' } }, true)), 'scan-off');
});

test('optional: the person decides; absent means scan when a scanner is chosen; clamd wins over the folder', () => {
  const s = { scan: { policy: 'optional' as const, clamavDb: '/db' } };
  assert.deepEqual(scanDecision(s), { databaseDir: '/db' });
  assert.deepEqual(scanDecision(s, true), { databaseDir: '/db' });
  assert.equal(scanDecision(s, false), null);
  assert.deepEqual(scanDecision({ scan: { policy: 'optional', clamavDb: '/db', clamdSocket: '/run/clamd.ctl' } }), { clamdSocket: '/run/clamd.ctl' });
  assert.equal(scanDecision({ scan: { policy: 'optional' } }), null);
  assert.equal(code(() => scanDecision({ scan: { policy: 'optional' } }, true)), 'scan-not-configured');
});

test('required: always a scanner, whatever the request says; none chosen is refused', () => {
  const s = { scan: { policy: 'required' as const, clamavDb: '/db' } };
  assert.deepEqual(scanDecision(s, false), { databaseDir: '/db' });
  assert.deepEqual(scanDecision(s), { databaseDir: '/db' });
  assert.equal(code(() => scanDecision({ scan: { policy: 'required' } }, true)), 'scan-not-configured');
  assert.equal(code(() => scanDecision({ scan: { policy: 'required' } })), 'scan-not-configured');
});

test('the view escapes what ClamAV and the package said; machineBy names the engine', () => {
  const v = scanResultView({
    engine: 'ClamAV', engineVersion: '1.4.6', database: { description: 'custom: x.ndb' }, filesScanned: 2, verdict: 'found',
    findings: [{ path: 'a/\u202Eexe.txt', signature: 'Evil\u0007.Sig' }],
  });
  assert.equal(v.findings.length, 1);
  assert.doesNotMatch(v.findings[0]!.path, /\u202E/);
  assert.doesNotMatch(v.findings[0]!.signature, /\u0007/);
  assert.equal(machineBy({ engine: 'ClamAV', engineVersion: '1.4.6' }), 'ClamAV 1.4.6 (machine)');
});
