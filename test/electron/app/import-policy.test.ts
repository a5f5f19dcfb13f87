// The import checklist as policy in main: import:evaluate and import:commit judge the officer's
// answers against the station's template and the STAGED package's signed manifest. A blocking
// answer or a seal mismatch refuses 'approve' (the import stays staged, Reject still works), the
// witness cannot be the officer, the seal never reaches the renderer before it was typed, and the
// station's co-signature policy rejects a package without enough witnesses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { pack } from '../../../electron/engine/pack/pack';
import { readLedger } from '../../../electron/engine/ledger';
import { trustKey } from '../../../electron/engine/keys/trust-store';
import { readFile } from 'node:fs/promises';
import { SETTINGS_VERSION, type Settings } from '../../../shared/settings';
import type { ChecklistAnswers } from '../../../shared/checklist';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { makeTestKey } from '../../helpers/keys';
import { sampleSettings } from './station-fixture';

const SEAL = 'SEAL-4711';
const OFFICER = 'Off Icer';
const GOOD: ChecklistAnswers = {
  'seal-intact': 'Intact', 'seal-number': SEAL, 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'Wit Ness',
};

/** An import station (HIGH-1) with every folder, a trusted signer, and a sealed package in its inbox. */
async function importStation(t: { after: (fn: () => void | Promise<void>) => void }, policy?: Settings['policy']) {
  const root = await makeTempDir(t);
  const base = sampleSettings(root);
  const settings = {
    ...base, version: SETTINGS_VERSION, paths: { ...base.paths, importDir: join(root, 'imported') },
    ...(policy ? { policy } : {}),
  } as Settings;
  for (const d of ['trust', 'keys', 'inbox', 'quarantine', 'imported', 'records']) await mkdir(join(root, d));
  const key = await makeTestKey(join(root, 'keys'), 'signer');
  await trustKey(settings.paths.trustDir, await readFile(key.pubFile, 'utf8'), 'signer');
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  const packed = await pack({
    sources: [src], outDir: settings.paths.inboxDir, signingKey: key.signingKey, source: 'LOW-1', destination: 'HIGH-1',
    sequence: 1, expires: new Date(Date.now() + 86_400_000), operator: 'Op One', seal: SEAL,
  });

  const jobs = new JobRunner({ transport: workerThreadTransport() });
  const handlers = createHandlers({
    settings: createSettingsStore(join(root, 'userdata')), dialogs: scriptedDialogs(), jobs, clock: () => new Date(),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const waiters: ((e: { event: EventChannel; payload: unknown }) => void)[] = [];
  const ctx = createContext(7, (event, payload) => { if (event !== 'job:progress') waiters.shift()?.({ event, payload }); });
  const call = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) => guardedInvoke(channel, handlers[channel] as never, request, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  await must('station:setup', { settings });
  // Set-up does not take the witness rule: an officer sets it afterwards (ledgered), as in Settings → Import policy.
  if (policy) await must('policy:setWitnesses', { requireWitnesses: policy.requireWitnesses, actor: OFFICER });
  await must('inbox:list', {}); // grants the package folder, as the import wizard's first screen does
  /** Starts stage-import and resolves with its end event. */
  const stage = async () => {
    const end = new Promise<{ event: EventChannel; payload: unknown }>((r) => waiters.push(r));
    await must('job:start', { kind: 'stage-import', params: { dir: packed.packageDir, officer: OFFICER } });
    return end;
  };
  /** Stages and returns the staging id (the package verified). */
  const staged = async () => {
    const end = await stage();
    assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 600));
    const r = (end.payload as EventPayloads['job:done']).result;
    assert.ok(r.kind === 'stage-import');
    return r;
  };
  const events = async () => (await readLedger(settings.paths.ledgerFile)).map((e) => e.event);
  const imported = async () => (await readdir(settings.paths.importDir)).filter((n) => !n.startsWith('.'));
  const quarantined = async () => readdir(settings.paths.quarantineDir).catch(() => [] as string[]);
  return { root, settings, packed, call, must, stage, staged, events, imported, quarantined };
}

test('a blocking antivirus answer: approve is refused and nothing is imported; reject records checklist and reason', async (t) => {
  const st = await importStation(t);
  const { stagingId } = await st.staged();
  const answers = { ...GOOD, 'av-scan': 'Done, findings (reject)' };
  const ev = await st.must('import:evaluate', { stagingId, officer: OFFICER, answers });
  assert.deepEqual(ev.problems, []);
  assert.equal(ev.approvalAllowed, false);
  assert.deepEqual(ev.blocks.map((b) => b.itemId), ['av-scan']);
  assert.match(ev.rejectionReason ?? '', /Antivirus scan of the staged files: Done, findings \(reject\)/);

  const before = await st.events();
  const approve = await st.call('import:commit', { stagingId, decision: 'approve', reason: 'looks fine to me', officer: OFFICER, answers });
  assert.equal(!approve.ok && approve.error.code, 'approval-blocked');
  assert.match(!approve.ok ? approve.error.message : '', /Antivirus scan.*findings/);
  assert.deepEqual(await st.imported(), [], 'nothing was imported');
  assert.deepEqual(await st.events(), before, 'nothing was recorded: the import is still undecided');

  const reject = await st.must('import:commit', { stagingId, decision: 'reject', reason: ev.rejectionReason!, officer: OFFICER, answers });
  assert.equal(reject.decision, 'reject');
  assert.equal(reject.path, null);
  assert.deepEqual(await st.imported(), []);
  const ledger = await readLedger(st.settings.paths.ledgerFile);
  const [checklist, rejected] = ledger.slice(-2);
  assert.equal(checklist!.event, 'checklist.completed');
  assert.equal(checklist!.actor, OFFICER);
  assert.equal(checklist!.data.stage, 'import');
  assert.ok((checklist!.data.items as string[]).includes('av-scan: Done, findings (reject)'));
  assert.deepEqual((checklist!.data.blocks as { itemId: string }[]).map((b) => b.itemId), ['av-scan']);
  assert.equal(rejected!.event, 'transfer.rejected');
  assert.equal(rejected!.actor, OFFICER);
  assert.match(String(rejected!.data.reason), /^Antivirus scan/);
  assert.equal((await st.quarantined()).filter((n) => n.startsWith('.sluice-staging-')).length, 0, 'the staged files were removed');
  const again = await st.call('import:commit', { stagingId, decision: 'reject', reason: 'x', officer: OFFICER, answers });
  assert.equal(!again.ok && again.error.code, 'unknown-staging', 'a decision is final');
});

test('the seal is typed blind: withheld from the renderer, then a wrong one refuses approval and is rejected as a seal mismatch', async (t) => {
  const st = await importStation(t);
  const sig = await st.must('package:checkSignature', { dir: st.packed.packageDir });
  assert.equal(sig.ok, true);
  assert.equal(sig.sealed, true, 'the renderer learns that there is a seal…');
  assert.equal(sig.manifest?.seal, undefined, '…but not its number');
  assert.doesNotMatch(JSON.stringify(sig), new RegExp(SEAL));
  const staged = await st.staged();
  assert.doesNotMatch(JSON.stringify(staged), new RegExp(SEAL), 'nor through the staged report');

  const answers = { ...GOOD, 'seal-number': 'SEAL-9999' };
  const ev = await st.must('import:evaluate', { stagingId: staged.stagingId, officer: OFFICER, answers });
  assert.deepEqual(ev.matches.map((m) => [m.field, m.typed, m.expected, m.matched]), [['seal', 'SEAL-9999', SEAL, false]]);
  assert.match(ev.rejectionReason ?? '', /^seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711/);
  const approve = await st.call('import:commit', { stagingId: staged.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers });
  assert.equal(!approve.ok && approve.error.code, 'approval-blocked');
  assert.match(!approve.ok ? approve.error.message : '', /seal mismatch/);
  // The signed number has now been shown: typing it afterwards cannot turn the mismatch into a match.
  const retyped = { ...GOOD, 'seal-number': SEAL };
  const again = await st.must('import:evaluate', { stagingId: staged.stagingId, officer: OFFICER, answers: retyped });
  assert.equal(again.approvalAllowed, false);
  assert.match(again.rejectionReason ?? '', /^seal mismatch: typed SEAL-9999.*cannot undo it/);
  const sneaky = await st.call('import:commit', { stagingId: staged.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers: retyped });
  assert.equal(!sneaky.ok && sneaky.error.code, 'approval-blocked');
  assert.deepEqual(await st.imported(), []);

  await st.must('import:commit', { stagingId: staged.stagingId, decision: 'reject', reason: ev.rejectionReason!, officer: OFFICER, answers });
  const ledger = await readLedger(st.settings.paths.ledgerFile);
  const rejected = ledger.at(-1)!;
  assert.equal(rejected.event, 'transfer.rejected');
  assert.match(String(rejected.data.reason), /^seal mismatch/);
  const checklist = ledger.at(-2)!;
  assert.deepEqual((checklist.data.matches as { matched: boolean }[]).map((m) => m.matched), [false]);
  assert.equal(ledger.some((e) => e.event === 'transfer.imported'), false);
});

test('the witness must be another person on the witness list, and the officer one of the officers; then approval imports', async (t) => {
  const st = await importStation(t);
  const { stagingId } = await st.staged();
  const self = { ...GOOD, witness: ' off icer ' };
  const ev = await st.must('import:evaluate', { stagingId, officer: OFFICER, answers: self });
  assert.deepEqual(ev.problems.map((p) => p.itemId), ['witness']);
  assert.match(ev.problems[0]!.reason, /other than Off Icer/);
  const before = await st.events();
  for (const decision of ['approve', 'reject'] as const) {
    const r = await st.call('import:commit', { stagingId, decision, reason: 'r', officer: OFFICER, answers: self });
    assert.equal(!r.ok && r.error.code, 'checklist-incomplete', decision);
  }
  const stranger = await st.call('import:commit', { stagingId, decision: 'approve', reason: 'r', officer: OFFICER, answers: { ...GOOD, witness: 'Some Passer-by' } });
  assert.equal(!stranger.ok && stranger.error.code, 'checklist-incomplete');
  assert.match(!stranger.ok ? stranger.error.message : '', /not on this station's list of witnesses/);
  const notOfficer = await st.call('import:commit', { stagingId, decision: 'approve', reason: 'r', officer: 'Wit Ness', answers: { ...GOOD, witness: 'Off Icer' } });
  assert.equal(!notOfficer.ok && notOfficer.error.code, 'unknown-officer');
  const missing = await st.call('import:commit', { stagingId, decision: 'reject', reason: 'r', officer: OFFICER, answers: { 'seal-intact': 'Intact' } });
  assert.equal(!missing.ok && missing.error.code, 'checklist-incomplete');
  assert.deepEqual(await st.events(), before, 'no refused decision recorded anything');

  const ok = await st.must('import:commit', { stagingId, decision: 'approve', reason: 'seal intact, digest read aloud', officer: OFFICER, answers: { ...GOOD, 'seal-number': 'seal-4711' } });
  assert.equal(ok.path, join(st.settings.paths.importDir, st.packed.manifest.transferId));
  assert.deepEqual(await st.imported(), [st.packed.manifest.transferId]);
  const tail = (await readLedger(st.settings.paths.ledgerFile)).slice(-4);
  assert.deepEqual(tail.map((e) => e.event), ['checklist.completed', 'transfer.approved', 'transfer.importing', 'transfer.imported']);
  assert.deepEqual((tail[0]!.data.matches as { matched: boolean; expected: string }[]).map((m) => [m.matched, m.expected]), [[true, SEAL]]);
  assert.ok((tail[0]!.data.items as string[]).includes('witness: Wit Ness'));
});

test('a station requiring a witness co-signature rejects a package without one, with the co-signature reason', async (t) => {
  const st = await importStation(t, { requireWitnesses: 1 });
  const sig = await st.must('package:checkSignature', { dir: st.packed.packageDir });
  assert.equal(sig.ok, false, 'refused on the first screen already');
  assert.equal(sig.witnessesRequired, 1);
  assert.ok(sig.failures.some((f) => f.check === 'cosign'), JSON.stringify(sig.failures));
  const end = await st.stage();
  assert.equal(end.event, 'job:failed');
  const failed = end.payload as EventPayloads['job:failed'];
  assert.match(failed.error.message, /cosign/);
  assert.ok(failed.report?.failures.some((f) => f.check === 'cosign'));
  assert.deepEqual(await st.imported(), []);
});
