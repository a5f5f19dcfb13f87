// Notices: what a job found and cleaned up after an interrupted run travels with its outcome, so
// the app can tell the person (the CLI prints the same lines on stderr). Real jobs through the
// real JobRunner in worker threads: a pack whose target holds a dead pack's `.partial`, and
// imports whose quarantine holds a dead import's staging folder and whose ledger holds an intent
// without an outcome — done and failed, and capped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JobRunner, type JobEmitter } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { appendEvent } from '../../../electron/engine/ledger/index';
import { bootId, hostTag } from '../../../electron/engine/util/leftovers';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { makeFixture, type Fixture } from '../../engine/verify/fixture';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../../helpers/keys';
import { deadPid } from '../../helpers/dead-pid';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-job-notices-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

const staleStaging = (pid: number, tail: string) => `.sluice-staging-${pid}-${bootId() || 'nb'}-${hostTag()}-${tail}`;
type End = { event: EventChannel; payload: EventPayloads['job:done'] & EventPayloads['job:failed'] };

function run(kind: string, params: unknown): Promise<End> {
  const runner = new JobRunner({ transport: workerThreadTransport() });
  return new Promise((resolve) => {
    const emit: JobEmitter = (event, payload) => {
      if (event !== 'job:progress') resolve({ event, payload: payload as End['payload'] });
    };
    // As main's finisher does (handlers/jobs.ts), minus the registry: the staging folder is the test's.
    runner.start(kind, params, emit, (r) => (r.kind === 'stage-import' ? { kind: 'stage-import', stagingId: 'test', report: r.report } : r));
  });
}

/** A package valid now (the fixture's clock is fixed in the past; jobs use the real one). */
const currentPackage = async (transferId: string, sequence: number) =>
  (await fx.makePackage({ transferId, sequence, created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) })).packageDir;

let n = 0;
async function importStation() {
  n++;
  const quarantine = join(dir, `q-${n}`);
  const dest = join(dir, `dest-${n}`);
  await mkdir(quarantine);
  await mkdir(dest);
  return { quarantine, dest, ledgerFile: join(dir, `ledger-${n}.jsonl`) };
}
const stageParams = (pkg: string, s: Awaited<ReturnType<typeof importStation>>) => ({
  dir: pkg, trustDir: join(dir, 'trust'), destRoot: s.quarantine, releaseRoot: s.dest, station: 'HIGH', ledgerFile: s.ledgerFile, officer: 'olga',
});

test('a pack job tells of the dead pack\'s partial package it removed from the target', async () => {
  const out = join(dir, 'pack-out');
  const partial = join(out, 'OLD-1.partial');
  await mkdir(partial, { recursive: true });
  await writeFile(join(partial, '.sluice-owner'), JSON.stringify({ tool: 'sluice', kind: 'pack', pid: deadPid(), boot: bootId(), host: hostTag() }));
  const end = await run('pack', {
    sources: [join(dir, 'src', 'top.txt')], outDir: out, keyFile: fx.key.keyFile, passphrase: TEST_PASSPHRASE,
    sequenceStateFile: join(dir, 'sequence.json'), source: 'LOW', destination: 'HIGH', transferId: 'NEW-1',
    expires: new Date(Date.now() + 86_400_000).toISOString(), operator: 'op', classification: 'TEST', purpose: 'notices', ticket: '', checklist: [],
  });
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 400));
  assert.equal(end.payload.notices?.length, 1);
  assert.match(end.payload.notices![0]!, /^removed a leftover partial package from an interrupted pack \(pid \d+\): .*OLD-1\.partial$/);
  assert.deepEqual((await readdir(out)).sort(), ['NEW-1']);
});

test('an import job tells of the staging folder it removed and the interrupted import it settled', async () => {
  const s = await importStation();
  const stale = staleStaging(deadPid(), 'aaaaaa');
  await mkdir(join(s.quarantine, stale));
  // An intent whose staging folder is still there: settled as abandoned, its folder removed.
  const interrupted = join(s.quarantine, staleStaging(process.pid, 'bbbbbb'));
  await mkdir(interrupted);
  await appendEvent(s.ledgerFile, {
    event: 'transfer.importing', station: 'HIGH', actor: 'olga', transferId: 'OLD-2',
    data: { transferId: 'OLD-2', sequence: 9, keyId: fx.key.keyId, source: 'LOW', destination: 'HIGH', manifestSha256: 'a'.repeat(64), path: join(s.dest, 'OLD-2'), staging: interrupted, files: 1, bytes: 1 },
  } as never);
  const end = await run('stage-import', stageParams(await currentPackage('IMP-1', 1), s));
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 400));
  assert.deepEqual(end.payload.notices, [
    `removed a leftover staging folder from an interrupted import (pid ${stale.split('-')[2]}): ${join(s.quarantine, stale)}`,
    'an earlier import of OLD-2 was interrupted; nothing of it was imported (the import was interrupted before its release into the destination; the staging folder was removed); recorded as abandoned',
  ]);
});

test('a failed import job still tells what it cleaned up; more than 50 notices end with a count', async () => {
  const s = await importStation();
  for (let i = 0; i < 53; i++) await mkdir(join(s.quarantine, staleStaging(deadPid(), `c${String(i).padStart(5, '0')}`)));
  // A package signed by a key the station does not trust: refused, after the sweep.
  await makeTrustStore(join(dir, 'other-trust'), [await makeTestKey(join(dir, 'other-keys'), 'bob')]);
  const end = await run('stage-import', { ...stageParams(await currentPackage('IMP-2', 2), s), trustDir: join(dir, 'other-trust') });
  assert.equal(end.payload.error?.code, 'verify-failed');
  assert.equal(end.event, 'job:failed');
  assert.equal(end.payload.notices?.length, 51);
  assert.ok(end.payload.notices!.slice(0, 50).every((l) => l.startsWith('removed a leftover staging folder from an interrupted import')));
  assert.equal(end.payload.notices![50], '… and 3 more like these');
  assert.deepEqual(await readdir(s.quarantine), []);
});

test('a job with nothing to tell carries no notices', async () => {
  const s = await importStation();
  const end = await run('stage-import', stageParams(await currentPackage('IMP-3', 3), s));
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 400));
  assert.equal('notices' in end.payload, false);
});
