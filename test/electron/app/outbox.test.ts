// The outbox's start-up sweep and the removal of a station copy, on real temp folders: what a
// crashed session left (a finished signed package, its manifest PDFs, a `.partial` whose owner is
// gone) is removed; a `.partial` whose owner still runs and anything Sluice did not put there stay;
// station:notices hands what was found to the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxDir, removeStationCopy, sweepOutbox } from '../../../electron/app/outbox';
import { OWNER_FILE, hostTag } from '../../../electron/engine/util/leftovers';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';

async function userData(t: { after: (f: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-outbox-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function pkg(dir: string) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), '{}');
  await writeFile(join(dir, 'payload.tar.000'), 'x');
}

async function partial(dir: string, owner: { pid: number; boot: string; host: string }) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, OWNER_FILE), JSON.stringify({ tool: 'sluice', kind: 'pack', ...owner }));
}

test('the start-up sweep removes a crashed session\'s finished packages, their manifest PDFs and dead partial packs; it leaves a live partial and foreign entries', async (t) => {
  const ud = await userData(t);
  const out = outboxDir(ud);
  await pkg(join(out, 'LOW-2026-0007'));
  await writeFile(join(out, 'LOW-2026-0007.manifest.pdf'), '%PDF');
  await writeFile(join(out, 'LOW-2026-0007.manifest-2.pdf'), '%PDF');
  // Another boot of this host: provably gone. This process: alive.
  await partial(join(out, 'LOW-2026-0008.partial'), { pid: 4242, boot: 'ffffffffffff', host: hostTag() });
  await partial(join(out, 'LOW-2026-0009.partial'), { pid: process.pid, boot: '', host: hostTag() });
  await mkdir(join(out, 'no-manifest-here')); // not a package: not Sluice's to judge
  await writeFile(join(out, 'notes.txt'), 'someone else\'s');

  const lines = await sweepOutbox(ud);
  assert.deepEqual((await readdir(out)).sort(), ['LOW-2026-0009.partial', 'no-manifest-here', 'notes.txt']);
  assert.equal(lines.length, 5, lines.join('\n'));
  assert.ok(lines.some((l) => /removed a leftover partial package/.test(l) && l.includes('LOW-2026-0008.partial')));
  assert.ok(lines.some((l) => /left .*LOW-2026-0009\.partial alone/.test(l)));
  assert.ok(lines.some((l) => /station copy left in the outbox/.test(l) && l.endsWith(join(out, 'LOW-2026-0007'))));
});

test('the start-up sweep of a station that never packed for media does nothing', async (t) => {
  const ud = await userData(t);
  assert.deepEqual(await sweepOutbox(ud), []);
  assert.deepEqual(await readdir(ud), [], 'no outbox is created');
});

test('removeStationCopy removes a package and its manifest PDF in the outbox, and never a package elsewhere', async (t) => {
  const ud = await userData(t);
  const out = outboxDir(ud);
  await pkg(join(out, 'LOW-2026-0010'));
  await writeFile(join(out, 'LOW-2026-0010.manifest.pdf'), '%PDF');
  await pkg(join(out, 'LOW-2026-0011'));
  const removed = await removeStationCopy(ud, 'LOW-2026-0010', join(out, 'LOW-2026-0010'));
  assert.equal(removed.length, 2);
  assert.deepEqual(await readdir(out), ['LOW-2026-0011'], 'another transfer\'s copy stays');

  const elsewhere = join(ud, 'send-folder', 'LOW-2026-0012');
  await pkg(elsewhere);
  assert.deepEqual(await removeStationCopy(ud, 'LOW-2026-0012', elsewhere), []);
  assert.deepEqual(await removeStationCopy(ud, 'LOW-2026-0012', join(out, 'LOW-2026-0011')), [], 'the name must be the transfer\'s');
  assert.deepEqual((await readdir(elsewhere)).sort(), ['manifest.json', 'payload.tar.000']);
  assert.deepEqual(await readdir(out), ['LOW-2026-0011']);
});

test('station:notices answers what the start-up sweep found, escaped for display, before set-up too', async (t) => {
  const ud = await userData(t);
  // A leftover whose folder name holds an escape sequence: the line names it, the window shows it inert.
  await partial(join(outboxDir(ud), 'A\u001b[2JB.partial'), { pid: 4242, boot: 'ffffffffffff', host: hostTag() });
  const startupNotices = await sweepOutbox(ud);
  assert.equal(startupNotices.length, 1);
  const handlers = createHandlers({
    settings: createSettingsStore(ud), dialogs: scriptedDialogs(), jobs: new JobRunner({ transport: workerThreadTransport() }), clock: () => new Date(),
    userDataDir: ud, checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), startupNotices,
  });
  const r = await guardedInvoke('station:notices', handlers['station:notices'], {}, createContext(1, () => {}));
  assert.ok(r.ok);
  assert.equal(r.value.length, 1);
  assert.ok(r.value[0]!.startsWith('removed a leftover partial package from an interrupted pack (pid 4242): '), r.value[0]);
  assert.ok(r.value[0]!.endsWith('A\\u001b[2JB.partial'), r.value[0]);
  assert.ok(!r.value[0]!.includes('\u001b'));
  // A request with anything in it is refused by the contract.
  assert.equal((await guardedInvoke('station:notices', handlers['station:notices'], { path: '/' } as never, createContext(1, () => {}))).ok, false);
});
