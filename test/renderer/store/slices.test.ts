import 'global-jsdom/register';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppStore } from '../../../renderer/store/store';
import { fakeApi, settingsFixture } from '../fake-api';

test('settings slice: first run has no settings; saving adopts them and pre-fills export defaults', async () => {
  const f = fakeApi({ 'settings:get': () => ({ ok: true, value: null }) });
  f.handlers['settings:save'] = (r) => ({ ok: true, value: r.settings });
  const store = createAppStore(f.api);
  await store.getState().loadSettings();
  assert.equal(store.getState().settingsStatus, 'ready');
  assert.equal(store.getState().settings, null);
  assert.equal(await store.getState().saveSettings(settingsFixture()), null);
  assert.equal(store.getState().settings?.networkId, 'LOW');
  assert.equal(store.getState().exportDetails.destination, 'HIGH');
  assert.equal(store.getState().exportDetails.operator, 'Olga Operator');
});

test('settings slice: a failed read is an error state with the message', async () => {
  const f = fakeApi({ 'settings:get': () => ({ ok: false, error: { code: 'bad-settings', message: 'settings.json is invalid' } }) });
  const store = createAppStore(f.api);
  await store.getState().loadSettings();
  assert.equal(store.getState().settingsStatus, 'error');
  assert.equal(store.getState().settingsError?.code, 'bad-settings');
});

test('jobs slice: events update the job, early events are kept, late progress cannot revive a finished job', async () => {
  const f = fakeApi({ 'job:start': () => ({ ok: true, value: { jobId: 'j1' } }) });
  const store = createAppStore(f.api);
  const off = store.getState().attachJobEvents();
  f.emit('job:progress', { jobId: 'j0', phase: 'pack', bytesDone: 1, bytesTotal: 2, rate: 1, eta: 1 });
  assert.equal(store.getState().jobs.j0?.progress?.bytesDone, 1);
  const r = await store.getState().startJob({ kind: 'verify', params: { dir: '/x' } });
  assert.deepEqual(r, { jobId: 'j1' });
  f.emit('job:progress', { jobId: 'j1', phase: 'verify', bytesDone: 5, bytesTotal: 10, rate: 100, eta: 3 });
  assert.equal(store.getState().jobs.j1?.progress?.bytesDone, 5);
  f.emit('job:failed', { jobId: 'j1', error: { code: 'cancelled', message: 'cancelled' } });
  f.emit('job:progress', { jobId: 'j1', phase: 'verify', bytesDone: 9, bytesTotal: 10, rate: 100, eta: 1 });
  assert.equal(store.getState().jobs.j1?.status, 'failed');
  assert.equal(store.getState().jobs.j1?.progress?.bytesDone, 5);
  off();
  f.emit('job:done', { jobId: 'j1', result: { kind: 'test', bytes: 1 } });
  assert.equal(store.getState().jobs.j1?.status, 'failed', 'no events after unsubscribing');
});

test('export slice: sources are merged and rescanned; Next refuses while refusals remain', async () => {
  const f = fakeApi({
    'sources:scan': (r) => ({
      ok: true,
      value: {
        entries: r.paths.map((p) => ({ path: p.slice(1), type: 'file' as const, size: 10 })),
        refusals: r.paths.includes('/bad') ? [{ path: 'bad', reason: 'is a symbolic link' }] : [],
        totals: { files: r.paths.length, directories: 0, bytes: 10 * r.paths.length },
      },
    }),
  });
  const store = createAppStore(f.api);
  await store.getState().loadSettings();
  store.getState().setExportDetails({ purpose: 'Quarterly figures', seal: 'TE-0001' });
  store.getState().exportNext();
  assert.equal(store.getState().exportStep, 1);
  store.getState().exportNext();
  assert.equal(store.getState().exportStep, 1, 'no sources yet');
  await store.getState().addSources(['/a', '/bad']);
  await store.getState().addSources(['/a']);
  assert.deepEqual(store.getState().sources, ['/a', '/bad']);
  assert.deepEqual(f.callsOf('sources:scan').at(-1), { paths: ['/a', '/bad'] });
  store.getState().exportNext();
  assert.equal(store.getState().exportStep, 1, 'refusals block');
  await store.getState().removeSource('/bad');
  store.getState().exportNext();
  assert.equal(store.getState().exportStep, 2);
});

test('export slice: the pack request carries details, the seal, the checklist ANSWERS with who answered, and the passphrase, and no passphrase is kept', async () => {
  const f = fakeApi({ 'job:start': () => ({ ok: true, value: { jobId: 'p1' } }) });
  const store = createAppStore(f.api);
  await store.getState().loadSettings();
  store.setState({
    sources: ['/src'], target: { canceled: false, path: '/media/usb', freeBytes: 1e9, totalBytes: 2e9, filesystem: 'vfat', maxFileBytes: 2 ** 32 - 1 },
    keyName: 'low-2026',
  });
  store.getState().setExportDetails({ purpose: 'p', ticket: 'T-1', seal: 'TE-004711', requireWitnesses: '2' });
  store.getState().setChecklistPerson('pre', 'Otto Operator');
  store.getState().answerPre('scanned', true, 'Otto Operator');
  store.getState().answerPre('seal', '123456', 'Otto Operator');
  await store.getState().startPack('correct horse');
  const req = f.callsOf('job:start')[0] as { kind: string; params: Record<string, unknown> };
  assert.equal(req.kind, 'pack');
  assert.equal(req.params.destination, 'HIGH');
  assert.equal(req.params.targetDir, '/media/usb');
  assert.equal(req.params.expiresInSeconds, 30 * 86400);
  assert.equal(req.params.passphrase, 'correct horse');
  assert.equal(req.params.seal, 'TE-004711');
  assert.equal(req.params.requireWitnesses, 2);
  assert.deepEqual(req.params.checklist, { by: 'Otto Operator', answers: { scanned: true, seal: '123456' } }, 'answers only: main makes the records');
  assert.equal(store.getState().packJobId, 'p1');
  assert.ok(!JSON.stringify(store.getState(), (k, v) => (typeof v === 'function' ? undefined : v)).includes('correct horse'));
});

test('import slice: signature first, then stage, then commit with the officer and reason', async () => {
  const report = { report: 'sluice-verify-report/1', packageDir: '/in/p', ok: true, checkedAt: '2026-11-22T03:00:00Z', transferId: 'T1', signer: null, trustedComment: null, manifestSha256: null, manifest: null, checks: [], files: [], failures: [] } as const;
  const f = fakeApi({
    'package:checkSignature': (r) => ({ ok: true, value: { ok: true, packageDir: r.dir, signer: { keyId: '0123456789ABCDEF', label: 'low', fingerprint: 'ff' }, trustedComment: 'tc', manifestSha256: 'a'.repeat(64), manifest: null, checks: [], failures: [] } }),
    'job:start': () => ({ ok: true, value: { jobId: 's1' } }),
    'import:evaluate': () => ({ ok: true, value: { problems: [], blocks: [], matches: [], approvalAllowed: true, rejectionReason: null, witnessKeys: [] } }),
    'import:commit': (r) => ({ ok: true, value: { decision: r.decision, path: '/records/T1', report: null, ledgerSeq: 4 } }),
  });
  const store = createAppStore(f.api);
  await store.getState().loadSettings();
  await store.getState().selectPackage('/in/p');
  assert.equal(store.getState().importStep, 1);
  store.getState().importNext();
  store.getState().importNext();
  assert.equal(store.getState().importStep, 2, 'no officer chosen yet');
  store.getState().setOfficer('Oscar Officer');
  store.getState().importNext();
  assert.equal(store.getState().importStep, 3);
  await store.getState().startStage();
  assert.deepEqual(f.callsOf('job:start'), [{ kind: 'stage-import', params: { dir: '/in/p', officer: 'Oscar Officer' } }]);
  store.getState().importNext();
  assert.equal(store.getState().importStep, 3, 'not staged yet');
  store.getState().stageFinished({ stagingId: 'st1', report: { ...report, checks: [], files: [], failures: [] } });
  store.getState().importNext();
  store.getState().setOfficer('Oscar Officer');
  store.getState().importNext();
  assert.equal(store.getState().importStep, 4, 'checklist unanswered');
  store.getState().answerImport('paper', true, 'Oscar Officer');
  await store.getState().evaluateImport();
  assert.equal(store.getState().importStep, 5);
  store.getState().setDecision('approve');
  store.getState().setDecisionReason('Matches ticket');
  await store.getState().commitDecision();
  const commit = f.callsOf('import:commit')[0] as Record<string, unknown>;
  assert.equal(commit.stagingId, 'st1');
  assert.equal(commit.officer, 'Oscar Officer');
  assert.equal(commit.reason, 'Matches ticket');
  assert.deepEqual(commit.answers, { paper: true }, 'the answers go to main, which evaluates them');
  assert.equal(store.getState().importStep, 6);
  assert.equal(store.getState().decisionResult?.path, '/records/T1');
});

test('import slice: starting over after staging discards the staged files', async () => {
  const f = fakeApi({ 'import:discard': () => ({ ok: true, value: { discarded: true } }) });
  const store = createAppStore(f.api);
  store.setState({ staged: { stagingId: 'st9', report: {} as never }, importStep: 4 });
  await store.getState().resetImport();
  assert.deepEqual(f.callsOf('import:discard'), [{ stagingId: 'st9' }]);
  assert.equal(store.getState().importStep, 0);
  assert.equal(store.getState().staged, null);
});

test('keys slice: trusting sends the officer-typed fingerprint and reloads the list', async () => {
  const f = fakeApi({
    'dialog:openFiles': () => ({ ok: true, value: { canceled: false, paths: ['/media/low.pub'] } }),
    'trust:inspect': () => ({ ok: true, value: { keyId: '0123456789ABCDEF', fingerprint: 'aa bb', comment: 'c' } }),
    'trust:add': (r) => ({ ok: true, value: { label: r.label, keyId: '0123456789ABCDEF', fingerprint: 'aa bb', revoked: false, role: 'signer' } }),
  });
  const store = createAppStore(f.api);
  await store.getState().pickKeyToTrust();
  assert.equal(store.getState().candidate?.file, '/media/low.pub');
  assert.equal(await store.getState().trustCandidate('low', 'AABB'), false, 'nobody chosen under Acting as');
  assert.equal(store.getState().keysError?.code, 'no-actor');
  assert.equal(f.callsOf('trust:add').length, 0);
  store.getState().setKeysActor('Oscar Officer');
  assert.equal(await store.getState().trustCandidate('low', 'AABB'), true);
  assert.deepEqual(f.callsOf('trust:add'), [{ file: '/media/low.pub', label: 'low', typedFingerprint: 'AABB', role: 'signer', actor: 'Oscar Officer' }]);
  assert.equal(f.callsOf('trust:list').length, 1);
  assert.equal(store.getState().candidate, null);
});
