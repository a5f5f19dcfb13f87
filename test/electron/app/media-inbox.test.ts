// The import side's inbox through the handler table, with real ext4 media in image files: a
// package still being copied into the inbox is listed as arriving (with why) and a complete one as
// ready; the media of a set are listed as set media and gathered into the inbox one per job, in any
// order (a medium of another set refused and named); once the last is in, the package is in the
// inbox, ready to be checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { pack } from '../../../electron/engine/pack/pack';
import { ejectMedium, listMedia, writeMediaSet } from '../../../electron/engine/media';
import type { EventPayloads, InboxPackageView, InvokeChannel, InvokeRequest } from '../../../shared/ipc/contract';
import { makeTestKey } from '../../helpers/keys';
import { ext4Medium, mediaBench, mediaSkipReason } from '../../helpers/media';
import { sampleSettings } from './station-fixture';

const skip = mediaSkipReason();

test('inbox: arriving packages are not offered; set media are gathered one per job into a package that is then ready', { skip, timeout: 300_000 }, async (t) => {
  const bench = await mediaBench(t);
  const root = join(bench.dir, 'station');
  const settings = sampleSettings(root);
  for (const d of ['ledger', 'records', 'trust', 'keys', 'inbox', 'quarantine', 'imported', 'userdata']) await mkdir(join(root, d), { recursive: true });
  const store = createSettingsStore(join(root, 'userdata'));
  await store.save(settings);
  const handlers = createHandlers({
    settings: store, dialogs: scriptedDialogs(), jobs: new JobRunner({ transport: workerThreadTransport() }), clock: () => new Date(),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
    media: { list: async (o) => (await listMedia({ ...o, includeLoop: true })).filter((m) => m.mountPoint.startsWith(`${bench.dir}/`)), eject: ejectMedium },
  });
  const ends: ((e: { event: string; payload: unknown }) => void)[] = [];
  const ctx = createContext(5, (event, payload) => { if (event !== 'job:progress') ends.shift()?.({ event, payload }); });
  const call = <C extends InvokeChannel>(channel: C, request: unknown) => guardedInvoke(channel, handlers[channel] as never, request as InvokeRequest<C>, ctx);
  const inbox = async (): Promise<InboxPackageView[]> => {
    const r = await call('inbox:list', {});
    assert.ok(r.ok, JSON.stringify(r));
    return r.value;
  };
  const gather = async (mountPoint: string) => {
    const done = new Promise<{ event: string; payload: unknown }>((r) => ends.push(r));
    const started = await call('job:start', { kind: 'gather-medium', params: { mountPoint } });
    assert.ok(started.ok, JSON.stringify(started));
    return done;
  };

  // Two packages: one written across two media, one of another set under the same id.
  const key = await makeTestKey(bench.dir);
  const packOne = async (tag: string, id: string, bytes: number, volumeSize?: number) => {
    await mkdir(join(bench.dir, `src-${tag}`));
    await writeFile(join(bench.dir, `src-${tag}`, 'data.bin'), randomBytes(bytes));
    await mkdir(join(bench.dir, `out-${tag}`));
    return pack({ sources: [join(bench.dir, `src-${tag}`)], outDir: join(bench.dir, `out-${tag}`), signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: id, sequence: 1, expires: new Date(Date.now() + 86400_000), ...(volumeSize ? { volumeSize } : {}) });
  };
  const p = await packOne('a', 'T-set', 14 * 1024 * 1024, 3 * 1024 * 1024);
  const m1 = await ext4Medium(bench.t, bench.dir, 'm1', 12);
  const m2 = await ext4Medium(bench.t, bench.dir, 'm2', 12);
  const w = await writeMediaSet({ packageDir: p.packageDir, targets: [m1.mountPoint, m2.mountPoint] });
  assert.equal(w.media.length, 2);
  const q = await packOne('b', 'T-set', 50_000);
  const foreign = await ext4Medium(bench.t, bench.dir, 'foreign', 12);
  await writeMediaSet({ packageDir: q.packageDir, targets: [foreign.mountPoint] });

  // A package still being copied into the inbox folder: its last volume is short.
  const arriving = join(settings.paths.inboxDir, 'T-copying');
  const r = await packOne('c', 'T-copying', 40_000, 16_384);
  await mkdir(arriving);
  for (const f of await readdir(r.packageDir)) await copyFile(join(r.packageDir, f), join(arriving, f));
  await truncate(join(arriving, 'payload.tar.003'), 10);

  let list = await inbox();
  const copying = list.find((x) => x.name === 'T-copying')!;
  assert.equal(copying.arrival, 'arriving');
  assert.match(copying.arrivalReasons!.join('|'), /payload\.tar\.003 is still growing: 10 B of/);
  const onMedia = list.filter((x) => x.medium);
  assert.deepEqual(onMedia.map((x) => [x.medium, x.name, x.arrival]).sort(), [
    [foreign.mountPoint, 'T-set', 'ready'], [m1.mountPoint, 'T-set', 'set-medium'], [m2.mountPoint, 'T-set', 'set-medium'],
  ].sort(), 'a one-medium package is ready where it is; media of a set are gathered');
  assert.match(onMedia.find((x) => x.medium === m2.mountPoint)!.arrivalReasons![0]!, /^medium 2 of 2 of a media set/);

  // Medium 2 first, then a foreign one (refused, named), then medium 1 completes the package.
  const g2 = await gather(m2.mountPoint);
  assert.equal(g2.event, 'job:done', JSON.stringify(g2.payload));
  const r2 = (g2.payload as EventPayloads['job:done']).result;
  assert.ok(r2.kind === 'gather-medium' && r2.packageDir === null);
  assert.deepEqual(r2.missing, [1]);
  list = await inbox();
  assert.equal(list.find((x) => x.name === 'T-set.gathering')?.arrival, 'gathering');
  const gf = await gather(foreign.mountPoint);
  assert.equal(gf.event, 'job:failed');
  const fail = (gf.payload as EventPayloads['job:failed']).error;
  assert.equal(fail.code, 'gather-refused');
  assert.match(fail.message, new RegExp(`${foreign.mountPoint}: medium of another set`));
  const g1 = await gather(m1.mountPoint);
  const r1 = (g1.payload as EventPayloads['job:done']).result;
  assert.ok(r1.kind === 'gather-medium' && r1.packageDir === join(settings.paths.inboxDir, 'T-set'), JSON.stringify(r1));
  list = await inbox();
  const gathered = list.find((x) => x.dir === join(settings.paths.inboxDir, 'T-set'))!;
  assert.deepEqual([gathered.arrival, gathered.looksLikePackage], ['ready', true]);
  const sig = await call('package:checkSignature', { dir: gathered.dir });
  assert.ok(sig.ok, 'the gathered package is offered for checking');
});
