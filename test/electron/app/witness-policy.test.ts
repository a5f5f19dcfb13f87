// The import station's two-person rule (`policy.requireWitnesses`) as main enforces it, through the
// handler table (mirrors scan-policy.test.ts): the rule changes only through policy:setWitnesses by a
// named security officer, each change is in the ledger (`station.policy`, from, to, who) before it is
// saved, and a crafted settings:save that lowers or drops it is refused with nothing changed; the
// first-run set-up does not take it (no officer can be named yet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { readLedger } from '../../../electron/engine/ledger';
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { sampleSettings } from './station-fixture';

const OFFICER = 'Off Icer';

/** A station set up through station:setup (which creates its folders), with the handler table over it. */
async function station(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  const store = createSettingsStore(join(root, 'userdata'));
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  t.after(() => jobs.shutdown());
  const handlers = createHandlers({
    settings: store, dialogs: scriptedDialogs(), jobs, clock: () => new Date(),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const ctx = createContext(3, () => {});
  const call = <C extends InvokeChannel>(channel: C, request: unknown) => guardedInvoke(channel, handlers[channel] as never, request as InvokeRequest<C>, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: unknown): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  const settings = sampleSettings(join(root, 'data'));
  const ledger = () => readLedger(settings.paths.ledgerFile).catch(() => []);
  const changes = async () => (await ledger()).filter((e) => e.event === 'station.policy');
  return { root, store, settings, call, must, ledger, changes };
}

test('set-up does not take the witness rule: it starts at none and an officer sets it afterwards', async (t) => {
  const s = await station(t);
  const r = await s.must('station:setup', { settings: { ...s.settings, policy: { requireWitnesses: 3 } } });
  assert.equal(r.settings.policy, undefined);
  assert.equal((await s.store.load())!.policy, undefined);
  assert.deepEqual(await s.changes(), []);
});

test('the witness rule changes only through policy:setWitnesses by an officer, ledgered with old and new; settings:save cannot lower it', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: s.settings });
  const byOperator = await s.call('policy:setWitnesses', { requireWitnesses: 0, actor: 'Op One' });
  assert.equal(!byOperator.ok && byOperator.error.code, 'unknown-person', 'an operator cannot change it on a station with officers');
  const byWitness = await s.call('policy:setWitnesses', { requireWitnesses: 2, actor: 'Wit Ness' });
  assert.equal(!byWitness.ok && byWitness.error.code, 'unknown-person');
  const tooMany = await s.call('policy:setWitnesses', { requireWitnesses: 17, actor: OFFICER });
  assert.equal(tooMany.ok, false, 'the contract bounds it to 0..16');
  assert.deepEqual(await s.changes(), [], 'nothing refused was recorded');
  assert.equal((await s.store.load())!.policy, undefined);

  const raised = await s.must('policy:setWitnesses', { requireWitnesses: 2, actor: OFFICER });
  assert.deepEqual(raised.policy, { requireWitnesses: 2 });
  assert.deepEqual((await s.store.load())!.policy, { requireWitnesses: 2 });
  const [first] = await s.changes();
  assert.equal(first!.actor, OFFICER);
  assert.deepEqual(first!.data.from, { requireWitnesses: 0 });
  assert.deepEqual(first!.data.to, { requireWitnesses: 2 });
  await s.must('policy:setWitnesses', { requireWitnesses: 2, actor: OFFICER });
  assert.equal((await s.changes()).length, 1, 'no change, no ledger line');

  // A crafted save from the renderer: lowering, dropping, or slipping a replay window in.
  const saved = (await s.store.load())!;
  for (const policy of [{ requireWitnesses: 0 }, undefined, { requireWitnesses: 2, replayWindow: 0 }]) {
    const r = await s.call('settings:save', { settings: { ...saved, stationName: 'Renamed', policy } });
    assert.equal(!r.ok && r.error.code, 'policy-locked', JSON.stringify(policy));
    assert.match(!r.ok ? r.error.message : '', /Settings → Import policy/);
  }
  assert.deepEqual(await s.store.load(), saved, 'nothing changed');
  assert.equal((await s.changes()).length, 1);
  // A save that keeps the policy as it is goes through.
  assert.equal((await s.must('settings:save', { settings: { ...saved, stationName: 'Renamed' } })).policy?.requireWitnesses, 2);

  const lowered = await s.must('policy:setWitnesses', { requireWitnesses: 0, actor: OFFICER });
  assert.deepEqual(lowered.policy, { requireWitnesses: 0 });
  const second = (await s.changes())[1]!;
  assert.deepEqual([second.actor, second.data.from, second.data.to], [OFFICER, { requireWitnesses: 2 }, { requireWitnesses: 0 }]);
});

test('a change the ledger cannot record is not made', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: s.settings });
  // The ledger file is a folder now: the append fails, so the save must not happen.
  await rm(s.settings.paths.ledgerFile, { force: true });
  await mkdir(s.settings.paths.ledgerFile);
  const r = await s.call('policy:setWitnesses', { requireWitnesses: 1, actor: OFFICER });
  assert.equal(r.ok, false);
  assert.equal((await s.store.load())!.policy, undefined, 'not saved without its ledger line');
});

test('a station without officers: its operators change the rule', async (t) => {
  const s = await station(t);
  await s.must('station:setup', { settings: { ...s.settings, role: 'EXPORT', people: { ...s.settings.people, officers: [] } } });
  const r = await s.must('policy:setWitnesses', { requireWitnesses: 1, actor: 'Op One' });
  assert.deepEqual(r.policy, { requireWitnesses: 1 });
  assert.equal((await s.changes())[0]!.actor, 'Op One');
});
