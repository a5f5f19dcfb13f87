import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../render-app';

const region = () => screen.queryByRole('region', { name: 'Cleaned up after an interrupted run' });
const lines = () => within(region()!).getAllByRole('listitem').map((li) => li.textContent);

test('what main cleaned up at start and what jobs cleaned up are shown above every screen until dismissed', async () => {
  const { store, fake } = await renderApp({
    'station:notices': () => ({ ok: true, value: ["removed a signed package's station copy left in the outbox by an earlier session: /u/outbox/T-1"] }),
  });
  await screen.findByRole('region', { name: 'Cleaned up after an interrupted run' });
  assert.deepEqual(fake.callsOf('station:notices'), [{}]);
  assert.deepEqual(lines(), ["removed a signed package's station copy left in the outbox by an earlier session: /u/outbox/T-1"]);

  // A job's notices arrive with its outcome, done or failed, and are added after what is there.
  act(() => fake.emit('job:done', { jobId: 'j1', result: { kind: 'verify', report: { ok: true } as never }, notices: ['removed a leftover staging folder from an interrupted import (pid 7): /q/.sluice-staging-7'] }));
  act(() => fake.emit('job:failed', { jobId: 'j2', error: { code: 'verify-failed', message: 'no' }, notices: ['an earlier import of T-0 was interrupted; recorded as abandoned'] }));
  act(() => fake.emit('job:done', { jobId: 'j3', result: { kind: 'verify', report: { ok: true } as never } }));
  assert.equal(lines().length, 3);
  assert.deepEqual(lines().slice(1), ['removed a leftover staging folder from an interrupted import (pid 7): /q/.sluice-staging-7', 'an earlier import of T-0 was interrupted; recorded as abandoned']);
  assert.equal(store.getState().jobs.j2?.status, 'failed', 'the job itself is recorded as before');

  // Shown on every screen, not only the one that started the job.
  fireEvent.click(screen.getByRole('button', { name: 'Records' }));
  assert.ok(region());
  fireEvent.click(within(region()!).getByRole('button', { name: 'Dismiss' }));
  assert.equal(region(), null);
  assert.deepEqual(store.getState().stationNotices, []);
});

test('nothing to tell shows nothing, and a station:notices error is not shown as a notice', async () => {
  await renderApp({ 'station:notices': () => ({ ok: false, error: { code: 'x', message: 'no' } }) });
  await act(async () => undefined);
  assert.equal(region(), null);
});
