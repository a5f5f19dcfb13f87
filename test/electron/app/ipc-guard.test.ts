// The Electron-free half of IPC handling: sender checks, runtime validation, and Result wrapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedInvoke, isAppSenderUrl, senderProblem, validateRequest } from '../../../electron/app/ipc-guard';
import { createContext } from '../../../electron/app/context';
import { SluiceError } from '../../../electron/engine/errors';

const ctx = createContext(1, () => {});

test('only app://sluice/ pages count as our sender', () => {
  assert.equal(isAppSenderUrl('app://sluice/index.html'), true);
  assert.equal(isAppSenderUrl('app://sluice/'), true);
  for (const bad of ['app://sluice', 'app://evil/index.html', 'app://sluice.evil/', 'file:///app/index.html', 'https://sluice/', 'app://x@sluice/', 'devtools://devtools/', '', 'not a url']) {
    assert.equal(isAppSenderUrl(bad), false, bad);
  }
  assert.match(senderProblem({ url: 'app://sluice/', isMainFrame: false, isOurWindow: true })!, /sub-frame/);
  assert.match(senderProblem({ url: 'app://sluice/', isMainFrame: true, isOurWindow: false })!, /not come from a Sluice window/);
  assert.match(senderProblem({ url: 'https://example.com/', isMainFrame: true, isOurWindow: true })!, /came from https:\/\/example.com/);
  assert.equal(senderProblem({ url: 'app://sluice/index.html', isMainFrame: true, isOurWindow: true }), null);
});

test('bad arguments are refused with a Result error before the handler runs', async () => {
  let ran = false;
  const r = await guardedInvoke('job:cancel', async () => { ran = true; return { ok: true, value: { cancelled: true } }; }, { jobId: '../../etc' }, ctx);
  assert.equal(ran, false);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'bad-request');
  assert.match(!r.ok ? r.error.message : '', /^job:cancel: jobId:/);
  const v = validateRequest('sources:scan', { paths: [] });
  assert.equal(!v.ok && v.error.code, 'bad-request');
  assert.equal(validateRequest('settings:get', undefined).ok, true, 'no argument is an empty request');
});

test('a thrown error becomes a Result: internal for plain errors, its own code for SluiceError', async () => {
  const plain = await guardedInvoke('settings:get', async () => { throw new TypeError('boom'); }, {}, ctx);
  assert.deepEqual(plain, { ok: false, error: { code: 'internal', message: 'boom' } });
  const sluice = await guardedInvoke('settings:get', async () => { throw new SluiceError('no-settings', 'Run set-up.', [{ path: '/a', reason: 'x' }]); }, {}, ctx);
  assert.deepEqual(sluice, { ok: false, error: { code: 'no-settings', message: 'Run set-up.\n/a: x' } });
  const notResult = await guardedInvoke('settings:get', (async () => 42) as never, {}, ctx);
  assert.equal(!notResult.ok && notResult.error.code, 'internal');
});
