// The handler table end to end, without Electron: set-up, keys and trust (fingerprint confirmation),
// path grants, then a real pack → verify → stage-import → officer decision through the job runner
// and worker threads, and the ledger and records views afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { sampleSettings, IMPORT_ANSWERS } from './station-fixture';

async function station(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  const dialogs = scriptedDialogs();
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  const handlers = createHandlers({
    settings: createSettingsStore(join(root, 'userdata')), dialogs, jobs, clock: () => new Date(),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const events: { event: EventChannel; payload: unknown }[] = [];
  const waiters: ((e: { event: EventChannel; payload: unknown }) => void)[] = [];
  const ctx = createContext(7, (event, payload) => {
    events.push({ event, payload });
    if (event !== 'job:progress') waiters.shift()?.({ event, payload });
  });
  const call = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}) =>
    guardedInvoke(channel, handlers[channel] as never, request, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  const nextEnd = () => new Promise<{ event: EventChannel; payload: unknown }>((r) => waiters.push(r));
  return { root, dialogs, handlers, ctx, call, must, events, nextEnd };
}

test('before set-up the station reports no settings; saving them is validated', async (t) => {
  const s = await station(t);
  assert.equal(await s.must('settings:get'), null);
  const keys = await s.call('keys:list');
  assert.equal(!keys.ok && keys.error.code, 'no-settings');
  const bad = await s.call('station:setup', { settings: { ...sampleSettings(s.root), role: 'BOTH' } } as never);
  assert.equal(!bad.ok && bad.error.code, 'bad-request');
  const early = await s.call('settings:save', { settings: sampleSettings(s.root) });
  assert.equal(!early.ok && early.error.code, 'no-settings', 'first run goes through station:setup');
  await s.must('station:setup', { settings: sampleSettings(s.root) });
  assert.equal((await s.must('settings:get'))!.networkId, 'HIGH-1');
  const templates = await s.must('checklist:templates');
  assert.equal(templates.import.stage, 'import');
});

test('paths the window was not given are refused; dialog answers are granted', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: sampleSettings(s.root) });
  const r = await s.call('sources:scan', { paths: ['/etc'] });
  assert.equal(!r.ok && r.error.code, 'path-not-granted');
  const job = await s.call('job:start', { kind: 'verify', params: { dir: '/tmp' } });
  assert.equal(!job.ok && job.error.code, 'path-not-granted');

  const src = join(s.root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'ok.txt'), 'fine');
  await writeFile(join(src, 'bad\\name.txt'), 'refused');
  s.dialogs.push({ canceled: false, paths: [src] });
  assert.deepEqual((await s.must('dialog:openFolder', {})).paths, [src]);
  const scan = await s.must('sources:scan', { paths: [src] });
  assert.equal(scan.refusals.length, 1);
  assert.match(scan.refusals[0]!.path, /bad\\name\.txt$/);
  assert.deepEqual(scan.entries, []);
  assert.equal((await s.must('dialog:openFolder', {})).canceled, true, 'an empty script is a cancel');
});

test('a crafted request through a symlink in a granted folder is refused by every path-taking channel', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: sampleSettings(s.root) });
  const chosen = join(s.root, 'chosen');
  const outside = join(s.root, 'outside');
  await mkdir(chosen);
  await mkdir(outside);
  await writeFile(join(outside, 'key.pub'), 'untrusted comment: not a key\n');
  await symlink(outside, join(chosen, 'escape'));
  s.dialogs.push({ canceled: false, paths: [chosen] });
  await s.must('dialog:openFolder', {});
  const via = join(chosen, 'escape');
  const refused = async (channel: InvokeChannel, request: unknown) => {
    const r = await s.call(channel, request as never);
    assert.equal(!r.ok && r.error.code, 'path-not-granted', `${channel} ${JSON.stringify(request)}`);
  };
  await refused('sources:scan', { paths: [via] });
  await refused('sources:scan', { paths: [join(via, 'key.pub')] });
  await refused('trust:inspect', { file: join(via, 'key.pub') });
  await refused('package:checkSignature', { dir: via });
  await refused('job:start', { kind: 'verify', params: { dir: via } });
  await refused('keys:exportPublic', { name: 'k', targetDir: via });
});

test('trusting a key needs the officer to type its fingerprint; a mismatch trusts nothing', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: sampleSettings(s.root, { allowBothSides: true }) });
  const key = await s.must('keys:generate', { name: 'signer', passphrase: 'correct horse', actor: 'Op One' });
  assert.equal(key.hasSecret, true);
  const pub = join(s.root, 'keys', 'signer.pub');
  const refused = await s.call('trust:add', { file: pub, label: 'signer', typedFingerprint: key.fingerprint, actor: 'Off Icer' });
  assert.equal(!refused.ok && refused.error.code, 'path-not-granted', 'the key file must come from a dialog');
  s.dialogs.push({ canceled: false, paths: [pub] });
  await s.must('dialog:openFiles', {});
  assert.equal((await s.must('trust:inspect', { file: pub })).fingerprint, key.fingerprint);
  const typo = key.fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const mismatch = await s.call('trust:add', { file: pub, label: 'signer', typedFingerprint: typo, actor: 'Off Icer' });
  assert.equal(!mismatch.ok && mismatch.error.code, 'fingerprint-mismatch');
  assert.deepEqual(await s.must('trust:list'), []);
  const typed = key.fingerprint.toLowerCase().replace(/ /g, ':');
  assert.equal((await s.must('trust:add', { file: pub, label: 'signer', typedFingerprint: typed, actor: 'Off Icer' })).keyId, key.keyId);
  assert.deepEqual((await s.must('trust:list')).map((k) => [k.label, k.revoked]), [['signer', false]]);
  await s.must('trust:revoke', { label: 'signer', reason: 'rotated', actor: 'Off Icer' });
  assert.deepEqual((await s.must('trust:list')).map((k) => [k.label, k.revoked]), [['signer', true]]);
  const ledger = await s.must('ledger:list', {});
  assert.deepEqual(ledger.entries.map((e) => e.event), ['key.revoked', 'key.trusted', 'key.created']);
});

test('pack → verify → stage-import → approve, through the job runner, with the ledger to show for it', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(s.root, { allowBothSides: true, networkId: 'NET-A' });
  await s.must('station:setup', { settings });
  const key = await s.must('keys:generate', { name: 'signer', passphrase: 'correct horse', actor: 'Op One' });
  const pub = join(s.root, 'keys', 'signer.pub');
  s.dialogs.push({ canceled: false, paths: [pub] });
  await s.must('dialog:openFiles', {});
  await s.must('trust:add', { file: pub, label: 'signer', typedFingerprint: key.fingerprint, actor: 'Off Icer' });

  const src = join(s.root, 'src');
  await mkdir(join(src, 'sub'), { recursive: true });
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  await writeFile(join(src, 'sub', 'b.bin'), Buffer.alloc(300_000, 7));
  s.dialogs.push({ canceled: false, paths: [src] });
  await s.must('dialog:openFolder', {});
  s.dialogs.push({ canceled: false, paths: [settings.paths.inboxDir] });
  const target = await s.must('dialog:chooseTarget', {});
  assert.equal(target.canceled, false);
  assert.ok(!target.canceled && target.freeBytes > 0);

  // The before-packing ANSWERS (main makes the records) and the seal number of the bag.
  const checklist = { by: 'Op One', answers: { 'sources-approved': true, 'vendor-checksums': 'Checked, all match', 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true } };
  const packDone = s.nextEnd();
  await s.must('job:start', { kind: 'pack', params: {
    sources: [src], targetDir: settings.paths.inboxDir, destination: 'NET-A', operator: 'Op One', classification: 'OFFICIAL',
    purpose: 'test', ticket: 'T-1', expiresInSeconds: 86400, seal: 'SEAL-4711', checklist, keyName: 'signer', passphrase: 'correct horse',
  } });
  const packed = await packDone;
  assert.equal(packed.event, 'job:done', JSON.stringify(packed.payload));
  const pr = (packed.payload as EventPayloads['job:done']).result;
  assert.equal(pr.kind, 'pack');
  if (pr.kind !== 'pack') return;
  assert.equal(pr.files, 2);
  assert.equal(pr.sequence, 1);
  assert.deepEqual(pr.checklist.map((c) => [c.itemId, c.value, c.by]), Object.entries(checklist.answers).map(([k, v]) => [k, v, 'Op One']), 'the export checklist, made by main from the answers, is in the signed manifest');

  const inbox = await s.must('inbox:list');
  assert.deepEqual(inbox.map((p) => [p.dir, p.looksLikePackage]), [[pr.packageDir, true]]);
  const sig = await s.must('package:checkSignature', { dir: pr.packageDir });
  assert.equal(sig.ok, true);
  assert.equal(sig.signer!.label, 'signer');

  const verifyDone = s.nextEnd();
  await s.must('job:start', { kind: 'verify', params: { dir: pr.packageDir } });
  const verified = await verifyDone;
  assert.equal(verified.event, 'job:done');
  const vr = (verified.payload as EventPayloads['job:done']).result;
  assert.ok(vr.kind === 'verify' && vr.report.ok);

  const stageDone = s.nextEnd();
  await s.must('job:start', { kind: 'stage-import', params: { dir: pr.packageDir, officer: 'Off Icer' } });
  const staged = await stageDone;
  assert.equal(staged.event, 'job:done', JSON.stringify(staged.payload).slice(0, 500));
  const sr = (staged.payload as EventPayloads['job:done']).result;
  assert.ok(sr.kind === 'stage-import');
  if (sr.kind !== 'stage-import') return;
  assert.equal((await readdir(settings.paths.importDir)).length, 0, 'nothing lands before the decision');
  assert.equal((await readdir(settings.paths.quarantineDir)).length, 1, 'staged in quarantine');

  const other = createContext(8, () => {});
  const stolen = await guardedInvoke('import:commit', s.handlers['import:commit'], { stagingId: sr.stagingId, decision: 'approve', reason: 'r', officer: 'x', answers: IMPORT_ANSWERS }, other);
  assert.equal(!stolen.ok && stolen.error.code, 'unknown-staging', 'another window cannot decide this import');

  const decision = await s.must('import:commit', { stagingId: sr.stagingId, decision: 'approve', reason: 'seal intact, digest read aloud', officer: 'Off Icer', answers: IMPORT_ANSWERS });
  assert.equal(decision.path, join(settings.paths.importDir, pr.transferId), 'released into the import destination');
  assert.deepEqual(await readdir(settings.paths.recordsDir), [], 'records hold only records');
  assert.deepEqual(await readdir(settings.paths.quarantineDir), [], 'quarantine emptied by the release');
  assert.equal(await readFile(join(decision.path!, 'src', 'a.txt'), 'utf8'), 'alpha\n');
  const again = await s.call('import:commit', { stagingId: sr.stagingId, decision: 'approve', reason: 'r', officer: 'x', answers: IMPORT_ANSWERS });
  assert.equal(!again.ok && again.error.code, 'unknown-staging');

  const hits = await s.must('records:search', { query: pr.transferId.toLowerCase() });
  assert.deepEqual(hits.hits.map((h) => [h.transferId, h.sequence, h.signer]), [[pr.transferId, 1, 'signer']]);
  const check = await s.must('ledger:verify');
  assert.equal(check.ok, true, check.problems.join());
  const progress = s.events.filter((e) => e.event === 'job:progress').length;
  assert.ok(progress >= 1, 'progress was reported');
});
