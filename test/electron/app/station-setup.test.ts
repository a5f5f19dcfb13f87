// A station that works from its first run, through the handler table: station:setup creates every
// folder (0700) and refuses quarantine and import destination on different volumes; a folder
// missing later is named (is the volume mounted?) and never re-created; settings:save cannot move a
// folder; settings:chooseFolder runs main's dialog and checks the answer; imports are staged in
// quarantine and released into the import destination; every ledger event names the person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import type { StatFn } from '../../../electron/app/station-folders';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { readLedger } from '../../../electron/engine/ledger';
import { STATION_FOLDERS, folderPath, type Settings } from '../../../shared/settings';
import type { EventChannel, InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture } from '../../engine/verify/fixture';
import { IMPORT_ANSWERS, TEST_SEAL, sampleSettings } from './station-fixture';

async function station(t: { after: (fn: () => void | Promise<void>) => void }, statFolder?: StatFn) {
  const root = await makeTempDir(t);
  const dialogs = scriptedDialogs();
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  t.after(() => jobs.shutdown());
  const handlers = createHandlers({
    settings: createSettingsStore(join(root, 'userdata')), dialogs, jobs, clock: () => new Date(FIXED_NOW),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
    ...(statFolder ? { statFolder } : {}),
  });
  const waiters: ((e: { event: EventChannel; payload: unknown }) => void)[] = [];
  const ctx = createContext(5, (event, payload) => { if (event !== 'job:progress') waiters.shift()?.({ event, payload }); });
  const call = <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}) => guardedInvoke(channel, handlers[channel] as never, request, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  const nextEnd = () => new Promise<{ event: EventChannel; payload: unknown }>((r) => waiters.push(r));
  return { root, dialogs, call, must, nextEnd };
}

const errorOf = (r: { ok: boolean; error?: { code: string; message: string } }) => (r.ok ? null : r.error!);

test('set-up creates every station folder with mode 0700, saves, and runs only once', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'));
  const r = await s.must('station:setup', { settings });
  assert.deepEqual([...r.created].sort(), [...STATION_FOLDERS].sort());
  for (const which of STATION_FOLDERS) {
    const st = await stat(folderPath(settings, which));
    assert.ok(st.isDirectory(), which);
    assert.equal((st.mode & 0o777).toString(8), '700', `${which} is private`);
  }
  assert.deepEqual(await s.must('settings:get'), settings);
  assert.equal(errorOf(await s.call('station:setup', { settings }))?.code, 'already-set-up');
  const folders = await s.must('settings:folders');
  assert.deepEqual(folders.map((f) => [f.which, f.exists]), STATION_FOLDERS.map((w) => [w, true]));
});

test('set-up keeps folders an administrator prepared, and refuses two folders that are the same', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'));
  await mkdir(settings.paths.inboxDir, { recursive: true, mode: 0o755 });
  const same = { ...settings, paths: { ...settings.paths, importDir: settings.paths.recordsDir } };
  const refused = errorOf(await s.call('station:setup', { settings: same }));
  assert.equal(refused?.code, 'bad-folders');
  assert.match(refused!.message, /records folder and the import destination folder are the same folder/);
  assert.equal(await s.must('settings:get'), null, 'nothing saved');
  const r = await s.must('station:setup', { settings });
  assert.ok(!r.created.includes('inboxDir'));
  assert.equal(((await stat(settings.paths.inboxDir)).mode & 0o777).toString(8), '755', 'an existing folder is left as it is');
});

const otherFs = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(process.env.TMPDIR ?? '/tmp').dev;

test('quarantine and import destination on different filesystems (/dev/shm) are refused; nothing is created', { skip: otherFs ? false : 'needs /dev/shm on another filesystem' }, async (t) => {
  const s = await station(t);
  const shm = await mkdtemp('/dev/shm/sluice-setup-');
  t.after(() => rm(shm, { recursive: true, force: true }));
  const settings = sampleSettings(join(s.root, 'data'));
  settings.paths.importDir = join(shm, 'imported');
  const e = errorOf(await s.call('station:setup', { settings }));
  assert.equal(e?.code, 'not-same-volume');
  assert.match(e!.message, /quarantine folder .* and the import destination .* are on different volumes/);
  assert.equal(existsSync(join(s.root, 'data')), false, 'no folder created');
  assert.equal(existsSync(settings.paths.importDir), false);
});

test('the same-volume rule with an injected stat (any disk layout)', async (t) => {
  const fake: StatFn = async (p) => {
    const st = await stat(p);
    return { dev: p.includes('imported') ? 999_999 : st.dev, isDirectory: () => st.isDirectory() };
  };
  const s = await station(t, fake);
  const e = errorOf(await s.call('station:setup', { settings: sampleSettings(join(s.root, 'data')) }));
  assert.equal(e?.code, 'not-same-volume');
});

test('a folder missing later is named with the mounted hint and never re-created', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'));
  await s.must('station:setup', { settings });
  await rm(settings.paths.inboxDir, { recursive: true });
  const inbox = errorOf(await s.call('inbox:list'));
  assert.equal(inbox?.code, 'folder-missing');
  assert.match(inbox!.message, new RegExp(`The inbox folder ${settings.paths.inboxDir} is missing — is the data volume mounted\\? Sluice does not re-create it`));
  assert.equal(existsSync(settings.paths.inboxDir), false);

  await rm(settings.paths.keysDir, { recursive: true });
  const key = errorOf(await s.call('keys:generate', { name: 'k', passphrase: 'correct horse', actor: 'Op One' }));
  assert.match(key!.message, /The keys folder .* is missing/);
  assert.equal(existsSync(settings.paths.keysDir), false, 'the engine did not create it either');

  await rm(folderPath(settings, 'ledgerDir'), { recursive: true });
  s.dialogs.push({ canceled: false, paths: [settings.paths.recordsDir] });
  await s.must('dialog:openFolder', {});
  const stage = errorOf(await s.call('job:start', { kind: 'stage-import', params: { dir: settings.paths.recordsDir, officer: 'Off Icer' } }));
  assert.equal(stage?.code, 'folder-missing');
  assert.match(stage!.message, /The ledger folder .* is missing — is the data volume mounted\?/);
  assert.equal(existsSync(folderPath(settings, 'ledgerDir')), false);
  const folders = await s.must('settings:folders');
  assert.deepEqual(folders.filter((f) => !f.exists).map((f) => f.which), ['keysDir', 'inboxDir', 'ledgerDir']);
});

test('settings:save refuses any change of a folder or the ledger file; other settings save', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'));
  await s.must('station:setup', { settings });
  for (const paths of [{ ...settings.paths, ledgerFile: join(s.root, 'elsewhere.jsonl') }, { ...settings.paths, trustDir: '/tmp' }, { ...settings.paths, importDir: settings.paths.recordsDir }]) {
    const e = errorOf(await s.call('settings:save', { settings: { ...settings, paths } }));
    assert.equal(e?.code, 'folders-locked');
    assert.match(e!.message, /Settings → Folders/);
  }
  assert.deepEqual(await s.must('settings:get'), settings, 'nothing changed');
  assert.equal((await s.must('settings:save', { settings: { ...settings, stationName: 'Renamed' } })).stationName, 'Renamed');
});

test('settings:chooseFolder: main\'s dialog, realpath, checks, saved; cancel and bad answers change nothing', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'));
  await s.must('station:setup', { settings });
  assert.equal((await s.must('settings:chooseFolder', { which: 'recordsDir' })).canceled, true, 'empty script: cancelled');

  const real = join(s.root, 'new-records');
  await mkdir(real);
  await symlink(real, join(s.root, 'link-to-records'));
  s.dialogs.push({ canceled: false, paths: [join(s.root, 'link-to-records')] });
  const chosen = await s.must('settings:chooseFolder', { which: 'recordsDir' });
  assert.equal(chosen.settings.paths.recordsDir, real, 'the symlink is resolved');
  assert.equal((await s.must('settings:get'))!.paths.recordsDir, real);

  s.dialogs.push({ canceled: false, paths: [join(s.root, 'ledger-two')] });
  assert.equal(errorOf(await s.call('settings:chooseFolder', { which: 'ledgerDir' }))?.code, 'folder-missing');
  await mkdir(join(s.root, 'ledger-two'));
  s.dialogs.push({ canceled: false, paths: [join(s.root, 'ledger-two')] });
  assert.equal((await s.must('settings:chooseFolder', { which: 'ledgerDir' })).settings.paths.ledgerFile, join(s.root, 'ledger-two', 'ledger.jsonl'));

  await writeFile(join(s.root, 'plain-file'), 'x');
  s.dialogs.push({ canceled: false, paths: [join(s.root, 'plain-file')] });
  assert.equal(errorOf(await s.call('settings:chooseFolder', { which: 'inboxDir' }))?.code, 'bad-folders');
  s.dialogs.push({ canceled: false, paths: [settings.paths.quarantineDir] });
  assert.match(errorOf(await s.call('settings:chooseFolder', { which: 'importDir' }))!.message, /same folder/);
  if (otherFs) {
    const shm = await mkdtemp('/dev/shm/sluice-choose-');
    t.after(() => rm(shm, { recursive: true, force: true }));
    s.dialogs.push({ canceled: false, paths: [shm] });
    assert.equal(errorOf(await s.call('settings:chooseFolder', { which: 'importDir' }))?.code, 'not-same-volume');
  }
  assert.equal((await s.must('settings:get'))!.paths.importDir, settings.paths.importDir);
});

test('actors: keys and trust name the person acting, who must be one of the station\'s people; roles are shown', async (t) => {
  const s = await station(t);
  const settings = sampleSettings(join(s.root, 'data'), { allowBothSides: true });
  await s.must('station:setup', { settings });
  assert.equal(errorOf(await s.call('keys:generate', { name: 'k1', passphrase: 'correct horse', actor: 'Mallory' }))?.code, 'unknown-person');
  const key = await s.must('keys:generate', { name: 'w1', passphrase: 'correct horse', actor: 'Wit Ness' });
  const pub = join(settings.paths.keysDir, 'w1.pub');
  s.dialogs.push({ canceled: false, paths: [pub] });
  await s.must('dialog:openFiles', {});
  assert.equal(errorOf(await s.call('trust:add', { file: pub, label: 'w1', typedFingerprint: key.fingerprint, role: 'witness', actor: 'Wit Ness' }))?.code, 'unknown-person', 'a witness does not trust keys');
  const trusted = await s.must('trust:add', { file: pub, label: 'w1', typedFingerprint: key.fingerprint, role: 'witness', actor: 'Off Icer' });
  assert.equal(trusted.role, 'witness');
  assert.deepEqual((await s.must('trust:list')).map((k) => [k.label, k.role, k.revoked]), [['w1', 'witness', false]]);
  await s.must('trust:revoke', { label: 'w1', reason: 'left the team', actor: 'Off Icer' });
  const ledger = await readLedger(settings.paths.ledgerFile);
  assert.deepEqual(ledger.map((e) => [e.event, e.actor]), [['key.created', 'Wit Ness'], ['key.trusted', 'Off Icer'], ['key.revoked', 'Off Icer']]);
  assert.equal(ledger[2]!.data.reason, 'left the team');
  assert.ok(!ledger.some((e) => e.actor === 'system'));
});

test('stage-import: staged in quarantine, nothing in the import destination or records; verified and rejected name the officer', async (t) => {
  const s = await station(t);
  const settings: Settings = sampleSettings(join(s.root, 'data'), { networkId: 'HIGH' });
  await s.must('station:setup', { settings });
  const fx = await makeFixture(join(s.root, 'fx'));
  await cp(fx.store.keys[0]!.file, join(settings.paths.trustDir, 'alice.pub'));
  // The job verifies at the real time: a package valid now.
  const fresh = { created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) };
  const good = await fx.makePackage({ ...fresh, seal: TEST_SEAL });
  s.dialogs.push({ canceled: false, paths: [good.packageDir] });
  await s.must('dialog:openFolder', {});
  assert.equal(errorOf(await s.call('job:start', { kind: 'stage-import', params: { dir: good.packageDir, officer: 'Op One' } }))?.code, 'unknown-person', 'an operator does not import');
  const done = s.nextEnd();
  await s.must('job:start', { kind: 'stage-import', params: { dir: good.packageDir, officer: 'Off Icer' } });
  const end = await done;
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 400));
  const q = await readdir(settings.paths.quarantineDir);
  assert.equal(q.length, 1);
  assert.match(q[0]!, /^\.sluice-staging-/);
  assert.deepEqual(await readdir(settings.paths.importDir), []);
  assert.deepEqual(await readdir(settings.paths.recordsDir), []);
  const result = end.payload as { result: { kind: string; stagingId: string } };
  const stagingId = result.result.stagingId;

  // The destination volume went away before the decision: named, not re-created, still staged.
  await rm(settings.paths.importDir, { recursive: true });
  const commit = { stagingId, decision: 'approve' as const, reason: 'seal intact', officer: 'Off Icer', answers: IMPORT_ANSWERS };
  const missing = errorOf(await s.call('import:commit', commit));
  assert.equal(missing?.code, 'folder-missing');
  assert.match(missing!.message, /The import destination folder .* is missing — is the data volume mounted\?/);
  assert.equal(existsSync(settings.paths.importDir), false);
  await mkdir(settings.paths.importDir, { mode: 0o700 });
  const decided = await s.must('import:commit', commit);
  assert.equal(decided.path, join(settings.paths.importDir, 'T-1'), 'released into the import destination');
  assert.deepEqual(await readdir(settings.paths.quarantineDir), []);
  assert.deepEqual(await readdir(settings.paths.recordsDir), [], 'records hold only records');

  const wrong = await fx.makePackage({ ...fresh, destination: 'ELSEWHERE' });
  s.dialogs.push({ canceled: false, paths: [wrong.packageDir] });
  await s.must('dialog:openFolder', {});
  const failed = s.nextEnd();
  await s.must('job:start', { kind: 'stage-import', params: { dir: wrong.packageDir, officer: 'Off Icer' } });
  assert.equal((await failed).event, 'job:failed');
  const ledger = await readLedger(settings.paths.ledgerFile);
  assert.deepEqual(ledger.map((e) => [e.event, e.actor]), [
    ['transfer.verified', 'Off Icer'], ['checklist.completed', 'Off Icer'], ['transfer.approved', 'Off Icer'], ['transfer.importing', 'Off Icer'], ['transfer.imported', 'Off Icer'], ['transfer.rejected', 'Off Icer'],
  ]);
});
