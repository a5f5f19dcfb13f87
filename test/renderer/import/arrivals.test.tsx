import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture } from '../fake-api';
import type { InboxPackageView } from '../../../shared/ipc/contract';

const importSide = { 'settings:get': () => ({ ok: true as const, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }) };
const row = (over: Partial<InboxPackageView>): InboxPackageView => ({ dir: '/inbox/T1', name: 'T1', looksLikePackage: true, bytes: 20000, modified: '2026-11-22T03:01:00Z', arrival: 'ready', arrivalReasons: [], ...over });

test('inbox: a package still arriving is shown with why and cannot be checked; a ready one can', async () => {
  await renderApp({
    ...importSide,
    'inbox:list': () => ({ ok: true, value: [
      row({}),
      row({ dir: '/inbox/T2', name: 'T2', arrival: 'arriving', arrivalReasons: ['payload.tar.003 is still growing: 10 B of 16.0 KiB'] }),
      row({ dir: '/media/o/STICK/T3', name: 'T3', medium: '/media/o/STICK' }),
    ] }),
  });
  const table = await screen.findByRole('table', { name: 'Inbox' });
  const rows = within(table).getAllByRole('row');
  assert.equal((screen.getByRole('button', { name: 'Check T1' }) as HTMLButtonElement).disabled, false);
  assert.equal((screen.getByRole('button', { name: 'Check T2' }) as HTMLButtonElement).disabled, true, 'not offered while arriving');
  assert.match(rows[2]!.textContent!, /arriving: payload\.tar\.003 is still growing: 10 B of 16\.0 KiB/);
  assert.match(rows[3]!.textContent!, /on the medium \/media\/o\/STICK/);
  assert.equal((screen.getByRole('button', { name: 'Check T3' }) as HTMLButtonElement).disabled, false);
});

test('inbox: a medium of a set is gathered into the inbox by a job, which says how many media are still to come', async () => {
  let listed = 0;
  const { fake } = await renderApp({
    ...importSide,
    'inbox:list': () => (listed++, { ok: true, value: [row({ dir: '/media/o/STICK/T-set', name: 'T-set', medium: '/media/o/STICK', arrival: 'set-medium', arrivalReasons: ['medium 2 of 3 of a media set: gather it into the inbox, then the next one'] })] }),
    'job:start': () => ({ ok: true, value: { jobId: 'g1' } }),
  });
  fireEvent.click(await screen.findByRole('button', { name: 'Gather T-set from /media/o/STICK' }));
  await act(async () => undefined);
  assert.deepEqual(fake.callsOf('job:start'), [{ kind: 'gather-medium', params: { mountPoint: '/media/o/STICK' } }]);
  const before = listed;
  act(() => fake.emit('job:done', { jobId: 'g1', result: { kind: 'gather-medium', transferId: 'T-set', medium: 2, of: 3, missing: [1, 3], again: false, packageDir: null } }));
  await screen.findByText('Medium 2 of 3 gathered; 2 to go: insert medium 1, 3 and refresh.');
  assert.ok(listed > before, 'the inbox was listed again');
  assert.equal(screen.queryByRole('button', { name: /Check T-set/ }), null, 'a set medium is gathered, not checked');
});
