import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import type { MediumView, MediumWrittenView, ScanView } from '../../../shared/ipc/contract';

const MIB = 1024 * 1024;
const stick = (over: Partial<MediumView> = {}): MediumView => ({
  mountPoint: '/media/o/STICK', device: '/dev/sdb1', label: 'STICK', model: 'Flash', filesystem: 'FAT32', size: 8000 * MIB, free: 7900 * MIB,
  readOnly: false, transport: 'usb', maxFileBytes: 4 * 1024 ** 3 - 1, ...over,
});
const scanOf = (bytes: number): ScanView => ({ entries: [{ path: 'big.iso', type: 'file', size: bytes }], refusals: [], totals: { files: 1, directories: 0, bytes } });
const next = () => screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement;

test('target step: the media main lists, with label, device, size, filesystem, free space and read-only; a read-only one cannot be chosen', async () => {
  const ro = stick({ mountPoint: '/media/o/LOCKED', device: '/dev/sdc1', label: 'LOCKED', readOnly: true });
  const { fake } = await renderApp({
    'media:list': () => ({ ok: true, value: [stick(), ro] }),
    'media:choose': ({ mountPoint }) => ({ ok: true, value: { ...stick({ mountPoint }), automaticVolumeSize: 2000 * MIB } }),
  }, (s) => s.setState({ exportStep: 3, scan: scanOf(20_000 * MIB) }));
  const table = await screen.findByRole('table', { name: /Mounted removable media/ });
  const rows = within(table).getAllByRole('row');
  assert.match(rows[1]!.textContent!, /STICK.*\/dev\/sdb1.*FAT32.*writable/);
  assert.match(rows[2]!.textContent!, /LOCKED.*\/dev\/sdc1.*read-only/);
  assert.equal((within(rows[2]!).getByRole('button') as HTMLButtonElement).disabled, true, 'a read-only medium cannot be chosen');
  assert.equal(next().disabled, true, 'nothing chosen yet');
  fireEvent.click(within(rows[1]!).getByRole('button', { name: /Use STICK/ }));
  await screen.findByText(/A media set: about 3 media like this one/);
  assert.ok(screen.getByText(/holds files up to 4 GiB: the payload is cut into volumes of at most .* automatically/));
  assert.deepEqual(fake.callsOf('media:choose'), [{ mountPoint: '/media/o/STICK' }]);
  assert.equal(next().disabled, false, 'a medium never runs out of room: a larger package becomes a set');
});

test('a refused medium says why (main checked it)', async () => {
  await renderApp({
    'media:list': () => ({ ok: true, value: [stick()] }),
    'media:choose': () => ({ ok: false, error: { code: 'medium-gone', message: 'No removable medium is mounted at /media/o/STICK now (was it removed?).' } }),
  }, (s) => s.setState({ exportStep: 3 }));
  fireEvent.click(await screen.findByRole('button', { name: /Use STICK/ }));
  assert.match((await screen.findByRole('alert')).textContent!, /was it removed\?.*medium-gone/);
});

test('after packing: medium 1 of 2 written and read back, ejected, "insert the next one", then the machine answers "medium ejected"', async () => {
  const written = (medium: number, verified = true): MediumWrittenView => ({
    kind: 'write-medium', transferId: 'T-1', target: '/media/o/STICK', medium, of: 2, volumes: [`payload.tar.00${medium - 1}`], bytes: 2000 * MIB,
    filesystem: 'FAT32', verified, readBack: 'o_direct', mismatches: verified ? [] : [{ file: 'T-1/payload.tar.001', reason: 'reads back with SHA-256 ab…, not cd…' }],
  });
  let ejects = 0;
  const { store, fake } = await renderApp({
    'media:list': () => ({ ok: true, value: [stick()] }),
    'job:start': () => ({ ok: true, value: { jobId: `job-${fake.callsOf('job:start').length}` } }),
    'media:eject': ({ mountPoint }) => ({ ok: true, value: { mountPoint, device: '/dev/sdb1', poweredOff: true, how: 'udisks', allEjected: ++ejects === 2 } }),
  }, (s) => s.setState({
    exportStep: 7, targetMedium: { ...stick(), automaticVolumeSize: 2000 * MIB },
    packResult: { kind: 'pack', packageDir: '/var/outbox/T-1', transferId: 'T-1', sequence: 1, manifestSha256: 'a'.repeat(64), bytes: 1, files: 1, checklist: [] },
  }));
  await screen.findByText(/insert the medium you chose/);
  assert.equal((screen.getByRole('button', { name: 'Record and finish' }) as HTMLButtonElement).disabled, true);
  assert.ok(screen.getByText(/Write, read back and eject every medium/));
  fireEvent.click(await screen.findByRole('button', { name: /Write medium 1 to STICK/ }));
  await act(async () => undefined);
  assert.deepEqual(fake.callsOf('job:start')[0], { kind: 'write-medium', params: { transferId: 'T-1', mountPoint: '/media/o/STICK', medium: 1 } });
  act(() => fake.emit('job:done', { jobId: 'job-1', result: written(1) }));
  await screen.findByText(/Medium 1 of 2 written and read back/);
  fireEvent.click(screen.getByRole('button', { name: 'Eject medium 1 of 2' }));
  await screen.findByText((_, el) => el?.tagName === 'P' && /^Medium 2 of 2: insert the next one/.test(el.textContent ?? ''));
  // A medium that reads back wrong is never offered as good: medium 2 stays the one to write.
  fireEvent.click(screen.getByRole('button', { name: /Write medium 2 of 2 to STICK/ }));
  await act(async () => undefined);
  act(() => fake.emit('job:done', { jobId: 'job-2', result: written(2, false) }));
  await screen.findByText(/Medium 2 of 2 read back WRONG: do not use it/);
  assert.equal(screen.queryByRole('button', { name: /Eject medium 2/ }), null);
  fireEvent.click(screen.getByRole('button', { name: /Write medium 2 of 2 to STICK/ }));
  await act(async () => undefined);
  act(() => fake.emit('job:done', { jobId: 'job-3', result: written(2) }));
  fireEvent.click(await screen.findByRole('button', { name: 'Eject medium 2 of 2' }));
  await screen.findByText(/Every medium is written, read back and ejected/);
  assert.equal(store.getState().postChecklist.answers['medium-ejected'], true, 'answered for the person (main answers it again itself)');
  assert.equal(store.getState().mediaWrite.done, true);
});

test('"Start another transfer" after an export packed for media asks main to remove its station copy; a folder export asks nothing', async () => {
  const packResult = { kind: 'pack' as const, packageDir: '/var/outbox/T-1', transferId: 'T-1', sequence: 1, manifestSha256: 'a'.repeat(64), bytes: 1, files: 1, checklist: [] };
  const { store, fake } = await renderApp({
    'media:discard': () => ({ ok: true, value: { removed: false } }),
  }, (s) => s.setState({ exportStep: 8, targetMedium: { ...stick(), automaticVolumeSize: 2000 * MIB }, packResult }));
  fireEvent.click(await screen.findByRole('button', { name: 'Start another transfer' }));
  await act(async () => undefined);
  assert.deepEqual(fake.callsOf('media:discard'), [{ transferId: 'T-1' }]);
  assert.equal(store.getState().targetMedium, null);
  act(() => store.setState({ exportStep: 8, packResult: { ...packResult, packageDir: '/srv/send/T-2', transferId: 'T-2' } }));
  fireEvent.click(await screen.findByRole('button', { name: 'Start another transfer' }));
  await act(async () => undefined);
  assert.equal(fake.callsOf('media:discard').length, 1, 'a package written to a folder is the operator\'s, not the outbox\'s');
});

test('"Start another transfer" while a medium is still being written: main refuses, the export stays and says why', async () => {
  const packResult = { kind: 'pack' as const, packageDir: '/var/outbox/T-3', transferId: 'T-3', sequence: 3, manifestSha256: 'a'.repeat(64), bytes: 1, files: 1, checklist: [] };
  const refusal = "A medium of T-3 is being written. Cancel it or let it finish, then leave the export; the package on the station's disk was kept.";
  const { store, fake } = await renderApp({
    'media:discard': () => ({ ok: false, error: { code: 'medium-being-written', message: refusal } }),
  }, (s) => s.setState({ exportStep: 8, targetMedium: { ...stick(), automaticVolumeSize: 2000 * MIB }, packResult }));
  fireEvent.click(await screen.findByRole('button', { name: 'Start another transfer' }));
  await act(async () => undefined);
  assert.deepEqual(fake.callsOf('media:discard'), [{ transferId: 'T-3' }]);
  assert.equal(store.getState().exportStep, 8, 'still on the summary');
  assert.equal(store.getState().packResult?.transferId, 'T-3');
  assert.notEqual(store.getState().targetMedium, null);
  assert.equal((await screen.findByRole('alert')).textContent?.includes(`The export was not left: ${refusal}`), true);
});
