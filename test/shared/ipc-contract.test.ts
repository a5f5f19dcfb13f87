// The IPC contract: channel naming, the derived preload API names, and that request schemas refuse
// malformed arguments. Type-level checks run under `tsc` (the @ts-expect-error lines fail the
// typecheck if the derived Api ever loses its shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_CHANNELS, INVOKE_CHANNELS, apiEventName, apiMethodName, requestSchemas, type Api,
} from '../../shared/ipc/contract';

test('every invoke channel is domain:verb and maps to a unique API function name', () => {
  const names = new Set<string>();
  for (const c of INVOKE_CHANNELS) {
    assert.match(c, /^[a-z]+:[a-zA-Z]+$/, c);
    names.add(apiMethodName(c));
  }
  assert.equal(names.size, INVOKE_CHANNELS.length);
  assert.equal(apiMethodName('settings:get'), 'settingsGet');
  assert.equal(apiMethodName('package:checkSignature'), 'packageCheckSignature');
  assert.deepEqual(EVENT_CHANNELS.map(apiEventName), ['onJobProgress', 'onJobDone', 'onJobFailed']);
});

test('the contract holds every channel the app needs', () => {
  for (const c of ['settings:get', 'settings:save', 'checklist:templates', 'dialog:openFiles', 'dialog:openFolder', 'dialog:chooseTarget',
    'sources:scan', 'keys:list', 'keys:generate', 'keys:exportPublic', 'trust:list', 'trust:add', 'trust:revoke', 'inbox:list',
    'package:checkSignature', 'job:start', 'job:cancel', 'import:commit', 'import:discard', 'ledger:list', 'ledger:verify', 'records:search']) {
    assert.ok((INVOKE_CHANNELS as string[]).includes(c), c);
  }
});

test('request schemas refuse malformed arguments with a path to the bad field', () => {
  const bad = requestSchemas['job:start'].safeParse({ kind: 'verify', params: { dir: 'a\u0000b' } });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error!.issues[0]!.path, ['params', 'dir']);
  assert.equal(requestSchemas['job:start'].safeParse({ kind: 'format-disk', params: {} }).success, false);
  assert.equal(requestSchemas['settings:get'].safeParse({ extra: 1 }).success, false, 'strict: unknown keys refused');
  assert.equal(requestSchemas['trust:add'].safeParse({ file: '/k.pub', label: '../evil', typedFingerprint: 'x' }).success, false);
  assert.equal(requestSchemas['import:commit'].safeParse({ stagingId: 's1', decision: 'maybe', reason: 'r', officer: 'o', answers: {} }).success, false);
  // The decision carries the officer's answers for main to evaluate, never records the renderer built.
  assert.equal(requestSchemas['import:commit'].safeParse({ stagingId: 's1', decision: 'approve', reason: 'r', officer: 'o', checklist: [] }).success, false);
  assert.equal(requestSchemas['import:commit'].safeParse({ stagingId: 's1', decision: 'approve', reason: 'r', officer: 'o', answers: { 'av-scan': 'Done, clean', witness: 'W' } }).success, true);
  assert.equal(requestSchemas['import:evaluate'].safeParse({ stagingId: 's1', officer: 'o', answers: { 'seal-number': 'SEAL-1' } }).success, true);
  assert.equal(requestSchemas['job:start'].safeParse({ kind: 'verify', params: { dir: '/media/pkg' } }).success, true);
});

// Compile-time: the Api follows the contract.
export function typeChecks(a: Api): void {
  void a.settingsGet();
  void a.jobStart({ kind: 'verify', params: { dir: '/x' } });
  const off: () => void = a.onJobProgress((p) => p.bytesDone + (p.eta ?? 0));
  off();
  // @ts-expect-error sources:scan needs its paths
  void a.sourcesScan();
  // @ts-expect-error no such channel
  void a.diskFormat;
}
