// Where an import station holds witness keys (a secret key in its keys folder whose public key the
// trust store trusts as a witness), approving needs the witness to unlock one: a name alone is not
// proof of presence. Rejecting never waits for the witness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
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
import { createKey } from '../../../electron/engine/keys';
import { SETTINGS_VERSION, type Settings } from '../../../shared/settings';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { makeTestKey } from '../../helpers/keys';
import { sampleSettings } from './station-fixture';

const SEAL = 'SEAL-4711';
const OFFICER = 'Off Icer';
const ANSWERS = { 'seal-intact': 'Intact', 'seal-number': SEAL, 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'Wit Ness' };

async function station(t: { after: (fn: () => void | Promise<void>) => void }, withWitnessKey: boolean) {
  const root = await makeTempDir(t);
  const base = sampleSettings(root);
  const settings = { ...base, version: SETTINGS_VERSION, paths: { ...base.paths, importDir: join(root, 'imported') } } as Settings;
  for (const d of ['trust', 'keys', 'inbox', 'quarantine', 'imported', 'records']) await mkdir(join(root, d));
  const signer = await makeTestKey(join(root, 'signer-keys'), 'signer');
  await trustKey(settings.paths.trustDir, await readFile(signer.pubFile, 'utf8'), 'signer');
  if (withWitnessKey) {
    const w = await createKey({ dir: settings.paths.keysDir, name: 'wim', passphrase: 'witness words', cost: 'test' });
    await trustKey(settings.paths.trustDir, await readFile(w.pubFile, 'utf8'), 'wim-witness', 'witness');
    // A key in the folder that is not trusted as a witness is never offered.
    await createKey({ dir: settings.paths.keysDir, name: 'other', passphrase: 'other words', cost: 'test' });
  }
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  const packed = await pack({
    sources: [src], outDir: settings.paths.inboxDir, signingKey: signer.signingKey, source: 'LOW-1', destination: 'HIGH-1',
    sequence: 1, expires: new Date(Date.now() + 86_400_000), operator: 'Op One', seal: SEAL,
  });
  const handlers = createHandlers({
    settings: createSettingsStore(join(root, 'userdata')), dialogs: scriptedDialogs(), jobs: new JobRunner({ transport: workerThreadTransport() }),
    clock: () => new Date(), userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const waiters: ((e: { event: EventChannel; payload: unknown }) => void)[] = [];
  const ctx = createContext(9, (event, payload) => { if (event !== 'job:progress') waiters.shift()?.({ event, payload }); });
  const call = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) => guardedInvoke(channel, handlers[channel] as never, request, ctx);
  const ok = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  await ok('station:setup', { settings });
  await ok('inbox:list', {});
  const end = new Promise<{ event: EventChannel; payload: unknown }>((r) => waiters.push(r));
  await ok('job:start', { kind: 'stage-import', params: { dir: packed.packageDir, officer: OFFICER } });
  const done = await end;
  assert.equal(done.event, 'job:done');
  const r = (done.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'stage-import');
  return { settings, call, ok, stagingId: r.stagingId };
}

test('a station with a witness key: approval needs that key unlocked, and the ledger and receipt name it', async (t) => {
  const st = await station(t, true);
  const ev = await st.ok('import:evaluate', { stagingId: st.stagingId, officer: OFFICER, answers: ANSWERS });
  assert.deepEqual((ev as { witnessKeys: { name: string; label: string }[] }).witnessKeys.map((k) => [k.name, k.label]), [['wim', 'wim-witness']]);
  const commit = (over: Record<string, unknown>) => st.call('import:commit', { stagingId: st.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers: ANSWERS, ...over });

  const none = await commit({});
  assert.equal(!none.ok && none.error.code, 'witness-key-required');
  const wrong = await commit({ witnessKey: { keyName: 'wim', passphrase: 'not the words' } });
  assert.equal(wrong.ok, false);
  const foreign = await commit({ witnessKey: { keyName: 'other', passphrase: 'other words' } });
  assert.equal(!foreign.ok && foreign.error.code, 'witness-key-unknown', 'a key not trusted as a witness proves nothing');
  assert.deepEqual(await readdir(st.settings.paths.importDir), [], 'nothing imported by a refused approval');
  assert.equal((await readLedger(st.settings.paths.ledgerFile)).some((e) => e.event === 'checklist.completed'), false, 'nothing recorded either');

  await st.ok('import:commit', { stagingId: st.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers: ANSWERS, witnessKey: { keyName: 'wim', passphrase: 'witness words' } });
  const ledger = await readLedger(st.settings.paths.ledgerFile);
  const checklist = ledger.find((e) => e.event === 'checklist.completed')!;
  const data = checklist.data as { witnessKey: { keyId: string; label: string }; records: { itemId: string; value: string; by: string }[] };
  assert.equal(data.witnessKey.label, 'wim-witness');
  const rec = data.records.find((r) => r.itemId === 'witness-key')!;
  assert.equal(rec.by, 'Wit Ness');
  assert.match(rec.value, new RegExp(`wim-witness \\(key ${data.witnessKey.keyId}`));
  assert.equal(ledger.at(-1)!.event, 'transfer.imported');
});

test('rejecting never waits for the witness key; a station without witness keys keeps the named-witness rule', async (t) => {
  const keyed = await station(t, true);
  await keyed.ok('import:commit', { stagingId: keyed.stagingId, decision: 'reject', reason: 'not today', officer: OFFICER, answers: ANSWERS });
  assert.equal((await readLedger(keyed.settings.paths.ledgerFile)).at(-1)!.event, 'transfer.rejected');

  const plain = await station(t, false);
  const ev = await plain.ok('import:evaluate', { stagingId: plain.stagingId, officer: OFFICER, answers: ANSWERS });
  assert.deepEqual((ev as { witnessKeys: unknown[] }).witnessKeys, []);
  await plain.ok('import:commit', { stagingId: plain.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers: ANSWERS });
  assert.equal((await readLedger(plain.settings.paths.ledgerFile)).at(-1)!.event, 'transfer.imported');
});
