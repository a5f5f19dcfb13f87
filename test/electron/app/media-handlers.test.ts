// The export target as removable media, through the handler table with real ext4 media in image
// files on loop devices: main lists them (and only them: the lister is the real lsblk one, told to
// include loop devices, filtered to this test's mounts so other tests' media never interfere), a
// read-only or unlisted medium is refused, a package larger than one medium is packed on the
// station's disk and written medium by medium (out of order and too-small media refused before a
// byte), each medium read back and recorded `media.written` verified, ejected (real umount), and
// only then does the after-packing checklist record "medium ejected" as the machine's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { createKey } from '../../../electron/engine/keys';
import { readLedger } from '../../../electron/engine/ledger';
import { ejectMedium, gatherMediaSet, listMedia } from '../../../electron/engine/media';
import { verifyPackage } from '../../../electron/engine/verify';
import { loadTrustStore, trustKey } from '../../../electron/engine/keys';
import { SETTINGS_VERSION, type Settings } from '../../../shared/settings';
import type { EventPayloads, InvokeChannel, InvokeRequest, InvokeResult, MediumWrittenView, PackParams } from '../../../shared/ipc/contract';
import { ext4Medium, fatMedium, isMounted, mediaBench, mediaSkipReason, type TestMedium } from '../../helpers/media';

const skip = mediaSkipReason();
const PASS = 'correct horse';
const PRE = { 'sources-approved': true, 'vendor-checksums': 'Checked, all match', 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true };
const POST = { 'medium-ejected': false, 'manifest-printed': true, 'medium-sealed': true, 'seal-number': 'TE-004711', 'handed-to': 'Ivo Import', 'handover-method': 'Via courier' };
const MIB = 1024 * 1024;

async function station(t: Parameters<typeof mediaBench>[0]) {
  const bench = await mediaBench(t);
  const root = join(bench.dir, 'station');
  const settings = {
    version: SETTINGS_VERSION, role: 'EXPORT', networkId: 'LOW', stationName: 'Low desk',
    people: { operators: ['Op One'], witnesses: ['Wit Ness'], officers: [] },
    paths: {
      ledgerFile: join(root, 'ledger', 'ledger.jsonl'), recordsDir: join(root, 'records'), trustDir: join(root, 'trust'), keysDir: join(root, 'keys'),
      inboxDir: join(root, 'inbox'), quarantineDir: join(root, 'quarantine'), importDir: join(root, 'import'),
    },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d' },
  } as Settings;
  for (const dir of ['keys', 'records', 'trust', 'inbox', 'quarantine', 'import', 'ledger', 'userdata', 'src']) await mkdir(join(root, dir), { recursive: true });
  const store = createSettingsStore(join(root, 'userdata'));
  await store.save(settings);
  const dialogs = scriptedDialogs();
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  const ejected: string[] = [];
  const handlers = createHandlers({
    settings: store, dialogs, jobs, clock: () => new Date(), userDataDir: join(root, 'userdata'),
    checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
    media: {
      // The real lister (lsblk + the mount table), loop devices included, only this test's mounts.
      list: async (o) => (await listMedia({ ...o, includeLoop: true })).filter((m) => m.mountPoint.startsWith(`${bench.dir}/`)),
      eject: async (mp) => { ejected.push(mp); return ejectMedium(mp); },
    },
  });
  const ends: ((e: { event: string; payload: unknown }) => void)[] = [];
  const progress: ((payload: unknown) => void)[] = [];
  const ctx = createContext(3, (event, payload) => {
    if (event === 'job:progress') progress.forEach((f) => f(payload));
    else ends.shift()?.({ event, payload });
  });
  const call = <C extends InvokeChannel>(channel: C, request: unknown) => guardedInvoke(channel, handlers[channel] as never, request as InvokeRequest<C>, ctx);
  const job = async (request: unknown) => {
    const done = new Promise<{ event: string; payload: unknown }>((r) => ends.push(r));
    const started = await call('job:start', request);
    if (!started.ok) { ends.pop(); return started; }
    return { ok: true as const, end: await done };
  };
  await createKey({ dir: settings.paths.keysDir, name: 'signer', passphrase: PASS, cost: 'test' });
  const src = join(root, 'src');
  dialogs.push({ canceled: false, paths: [src] });
  await call('dialog:openFolder', {});
  const params = (targetDir: string, over: Partial<PackParams> = {}): PackParams => ({
    sources: [src], targetDir, viaStation: true, destination: 'HIGH', operator: 'Op One', classification: 'OFFICIAL', purpose: 'test', ticket: '',
    expiresInSeconds: 86400, seal: 'TE-004711', checklist: { by: 'Op One', answers: PRE }, keyName: 'signer', passphrase: PASS, ...over,
  });
  return { bench, root, settings, src, call, job, params, ejected, dialogs, progress };
}

/** A station that packed 24 MiB for media onto its disk, for one 48 MiB ext4 medium named `name`. */
async function packedForOneMedium(t: Parameters<typeof mediaBench>[0], name: string) {
  const s = await station(t);
  const m = await ext4Medium(s.bench.t, s.bench.dir, name, 48);
  await writeFile(join(s.src, 'big.bin'), randomBytes(24 * MIB));
  assert.ok((await s.call('media:choose', { mountPoint: m.mountPoint })).ok);
  const packed = await s.job({ kind: 'pack', params: s.params(m.mountPoint) });
  assert.ok(packed.ok && packed.end.event === 'job:done');
  const r = (packed.end.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'pack');
  return { s, m, r };
}

test('media:list shows the test media with their filesystem and read-only flag; a read-only or unlisted medium is refused when chosen', { skip }, async (t) => {
  const s = await station(t);
  const a = await ext4Medium(s.bench.t, s.bench.dir, 'stick-a', 16);
  const ro = await ext4Medium(s.bench.t, s.bench.dir, 'stick-ro', 16, { readOnly: true });
  const listed = await s.call('media:list', {});
  assert.ok(listed.ok, JSON.stringify(listed));
  const byMp = new Map(listed.value.map((m) => [m.mountPoint, m]));
  assert.equal(byMp.get(a.mountPoint)?.filesystem, 'ext4');
  assert.equal(byMp.get(a.mountPoint)?.device, a.loop);
  assert.equal(byMp.get(a.mountPoint)?.readOnly, false);
  assert.equal(byMp.get(ro.mountPoint)?.readOnly, true);
  assert.ok(listed.value.every((m) => m.mountPoint !== '/'), 'the system disk is never listed');

  const refusedRo = await s.call('media:choose', { mountPoint: ro.mountPoint });
  assert.equal(!refusedRo.ok && refusedRo.error.code, 'medium-read-only');
  const notListed = await s.call('media:choose', { mountPoint: s.root });
  assert.equal(!notListed.ok && notListed.error.code, 'medium-gone', 'a station folder is not a medium');
  // A pack onto an unchosen medium is refused: its mount point was never granted.
  const ungranted = await s.call('job:start', { kind: 'pack', params: s.params(a.mountPoint) });
  assert.equal(ungranted.ok, false);
  const chosen = await s.call('media:choose', { mountPoint: a.mountPoint });
  assert.ok(chosen.ok && chosen.value.automaticVolumeSize === null, 'ext4 has no automatic volume size');
});

test('a package larger than one medium: packed on the station disk, written across three media in order, each read back and ejected; the checklist then records the machine\'s "ejected"', { skip }, async (t) => {
  const s = await station(t);
  const media: TestMedium[] = [];
  for (const n of ['set-1', 'set-2', 'set-3']) media.push(await ext4Medium(s.bench.t, s.bench.dir, n, 16));
  const small = await ext4Medium(s.bench.t, s.bench.dir, 'tiny', 4);
  for (let i = 0; i < 3; i++) await writeFile(join(s.src, `part-${i}.bin`), randomBytes(10 * MIB));
  const first = media[0]!.mountPoint;
  assert.ok((await s.call('media:choose', { mountPoint: first })).ok);
  const packed = await s.job({ kind: 'pack', params: s.params(first) });
  assert.ok(packed.ok && packed.end.event === 'job:done', JSON.stringify(packed));
  const r = (packed.end.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'pack');
  assert.ok(r.packageDir.startsWith(join(s.root, 'userdata', 'outbox')), `packed on the station disk: ${r.packageDir}`);
  assert.deepEqual(await readdir(first), ['lost+found'], 'nothing on the medium yet');
  const manifest = JSON.parse(await readFile(join(r.packageDir, 'manifest.json'), 'utf8'));
  assert.ok(manifest.payload.volumes.length >= 3, `volumes sized for the medium: ${manifest.payload.volumes.length}`);
  let ledger = await readLedger(s.settings.paths.ledgerFile);
  assert.equal(ledger.filter((e) => e.event === 'media.written').length, 0, 'no media.written before a medium is written');

  const write = (mountPoint: string, medium: number) => s.job({ kind: 'write-medium', params: { transferId: r.transferId, mountPoint, medium } });
  const outOfOrder = await write(media[1]!.mountPoint, 2);
  assert.equal(!outOfOrder.ok && 'error' in outOfOrder && outOfOrder.error.code, 'wrong-medium-number');
  const results: MediumWrittenView[] = [];
  for (const [i, m] of media.entries()) {
    if (i === 1) {
      // The 4 MiB stick cannot take medium 2's share: refused in main, before a job starts.
      const tooSmall = await write(small.mountPoint, 2);
      assert.equal(!tooSmall.ok && 'error' in tooSmall && tooSmall.error.code, 'medium-full', JSON.stringify(tooSmall));
      assert.deepEqual((await readdir(small.mountPoint)).sort(), ['lost+found']);
    }
    const w = await write(m.mountPoint, i + 1);
    assert.ok(w.ok && w.end.event === 'job:done', JSON.stringify(w));
    const res = (w.end.payload as EventPayloads['job:done']).result;
    assert.ok(res.kind === 'write-medium');
    assert.equal(res.verified, true, JSON.stringify(res.mismatches));
    assert.equal(res.readBack, 'o_direct');
    assert.equal(res.medium, i + 1);
    results.push(res);
  }
  assert.equal(results[0]!.of, 3, 'three media of this size');
  assert.deepEqual(results.flatMap((x) => x.volumes), manifest.payload.volumes.map((v: { name: string }) => v.name));
  ledger = await readLedger(s.settings.paths.ledgerFile);
  const written = ledger.filter((e) => e.event === 'media.written');
  assert.deepEqual(written.map((e) => [e.data.medium, e.data.of, e.data.verified, e.actor]), [[1, 3, true, 'Op One'], [2, 3, true, 'Op One'], [3, 3, true, 'Op One']]);

  // The set gathers back into a package that verifies as one.
  const into = join(s.bench.dir, 'gathered');
  await mkdir(into);
  const g = await gatherMediaSet(media.map((m) => m.mountPoint), into);
  // Verified as one package, signature included, with the signer's public key trusted.
  const trustDir = join(s.bench.dir, 'import-trust');
  await mkdir(trustDir);
  await trustKey(trustDir, await readFile(join(s.settings.paths.keysDir, 'signer.pub'), 'utf8'), 'low-signer');
  const report = await verifyPackage(g.packageDir, { store: await loadTrustStore(trustDir) });
  assert.equal(g.media, 3);
  assert.ok(report.ok, JSON.stringify(report.failures));

  const post = () => s.call('checklist:record', { transferId: r.transferId, stage: 'export-post', by: 'Op One', answers: POST });
  const early = await post();
  assert.equal(!early.ok && early.error.code, 'media-not-ejected', 'not before every medium is ejected');
  const foreign = await s.call('media:eject', { mountPoint: small.mountPoint, transferId: r.transferId });
  assert.equal(!foreign.ok && foreign.error.code, 'not-written-here', 'only a medium this set was written to');
  for (const [i, m] of media.entries()) {
    const e: InvokeResult<'media:eject'> = await s.call('media:eject', { mountPoint: m.mountPoint, transferId: r.transferId });
    assert.ok(e.ok, JSON.stringify(e));
    assert.equal(e.value.allEjected, i === 2);
    assert.equal(isMounted(m.mountPoint), false, 'unmounted');
  }
  const recorded = await post();
  assert.ok(recorded.ok, JSON.stringify(recorded));
  const ejectedItem = recorded.value.records.find((x) => x.itemId === 'medium-ejected');
  assert.equal(ejectedItem?.value, true, 'the machine answered though the person sent false');
  assert.match(ejectedItem?.by ?? '', /machine.*3 of 3 media/);
  // The export is finished: the signed package's station copy is gone, and the ledger line that finished it says so.
  assert.deepEqual(await readdir(join(s.root, 'userdata', 'outbox')), [], 'no station copy left in the outbox');
  ledger = await readLedger(s.settings.paths.ledgerFile);
  const sealed = ledger.find((e) => e.event === 'checklist.completed' && e.data.stage === 'export-post');
  assert.equal(sealed?.data.stationCopyRemoved, r.packageDir);
  const leave = await s.call('media:discard', { transferId: r.transferId });
  assert.ok(leave.ok && leave.value.removed === false, 'nothing left to discard after the checklist');
});

test('a folder target on FAT32 mounted through FUSE is described as FAT32 with its 4 GiB file limit (from the boot sector)', { skip }, async (t) => {
  const s = await station(t);
  const fat = await fatMedium(s.bench.t, s.bench.dir, 'fatfolder', 72, { fsname: true });
  s.dialogs.push({ canceled: false, paths: [fat.mountPoint] });
  const r = await s.call('dialog:chooseTarget', {});
  assert.ok(r.ok && !r.value.canceled, JSON.stringify(r));
  assert.deepEqual([r.value.filesystem, r.value.maxFileBytes], ['FAT32', 4 * 1024 ** 3 - 1]);
});

test('writing a medium can be cancelled: the partial copy is removed and the same medium number is written next', { skip, timeout: 120_000 }, async (t) => {
  const { s, m, r } = await packedForOneMedium(t, 'cancel-me');
  // Cancel as soon as the job reports it is copying (its first progress report).
  let cancelled = false;
  s.progress.push((p) => {
    const ev = p as EventPayloads['job:progress'];
    if (cancelled || ev.phase !== 'write-medium') return;
    cancelled = true;
    void s.call('job:cancel', { jobId: ev.jobId });
  });
  const w = await s.job({ kind: 'write-medium', params: { transferId: r.transferId, mountPoint: m.mountPoint, medium: 1 } });
  assert.ok(w.ok && w.end.event === 'job:failed', JSON.stringify(w));
  assert.equal((w.end.payload as EventPayloads['job:failed']).error.code, 'cancelled');
  assert.deepEqual((await readdir(m.mountPoint)).sort(), ['lost+found'], 'nothing left on the medium');
  const ledger = await readLedger(s.settings.paths.ledgerFile);
  assert.equal(ledger.filter((e) => e.event === 'media.written').length, 0);
  s.progress.length = 0;
  const again = await s.job({ kind: 'write-medium', params: { transferId: r.transferId, mountPoint: m.mountPoint, medium: 1 } });
  assert.ok(again.ok && again.end.event === 'job:done', JSON.stringify(again));
});

test('leaving an export packed for media removes its station copy, but not while a medium is being written; nothing is recorded', { skip, timeout: 120_000 }, async (t) => {
  const { s, m, r } = await packedForOneMedium(t, 'leave-me');
  const outbox = join(s.root, 'userdata', 'outbox');
  // While the medium is being written (its first progress report), leaving is refused and the copy kept.
  let during: Promise<InvokeResult<'media:discard'>> | null = null;
  s.progress.push((p) => {
    if (!during && (p as EventPayloads['job:progress']).phase === 'write-medium') during = s.call('media:discard', { transferId: r.transferId });
  });
  const w = await s.job({ kind: 'write-medium', params: { transferId: r.transferId, mountPoint: m.mountPoint, medium: 1 } });
  assert.ok(w.ok && w.end.event === 'job:done', JSON.stringify(w));
  const refused = await during!;
  assert.equal(!refused.ok && refused.error.code, 'medium-being-written', JSON.stringify(refused));
  assert.ok((await readdir(outbox)).includes(r.transferId), 'kept while it was being written');
  const before = (await readLedger(s.settings.paths.ledgerFile)).length;

  const left = await s.call('media:discard', { transferId: r.transferId });
  assert.ok(left.ok && left.value.removed, JSON.stringify(left));
  assert.deepEqual(await readdir(outbox), []);
  assert.equal((await readLedger(s.settings.paths.ledgerFile)).length, before, 'abandoning records nothing');
  const again = await s.job({ kind: 'write-medium', params: { transferId: r.transferId, mountPoint: m.mountPoint, medium: 2 } });
  assert.equal(!again.ok && 'error' in again && again.error.code, 'no-media-set', 'the set is forgotten');
});
