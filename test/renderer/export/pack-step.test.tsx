import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import type { KeyView } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';

const KEY: KeyView = { name: 'low-2026', keyId: '0123456789ABCDEF', fingerprint: 'ab12 cd34 ef56', hasSecret: true };
const packButton = () => screen.getByRole('button', { name: 'Pack and sign' }) as HTMLButtonElement;

/** Opens the export wizard on the pack step; keys:list answers only when the test says so. */
async function packStepWithKeys() {
  let answer!: (r: Result<KeyView[]>) => void;
  const keysAnswer = new Promise<Result<KeyView[]>>((resolve) => { answer = resolve; });
  const rendered = await renderApp(
    { 'keys:list': () => keysAnswer, 'job:start': () => ({ ok: true, value: { jobId: 'job-1' } }) },
    (s) => s.setState({ exportStep: 4, sources: ['/x'], target: { canceled: false, path: '/media/usb', freeBytes: 1e9, totalBytes: 2e9, filesystem: 'ext4', maxFileBytes: null } }),
  );
  rendered.store.getState().setExportDetails({ purpose: 'p', operator: 'Olga Operator', destination: 'HIGH', seal: 'TE-1234' });
  rendered.store.getState().answerPre('scanned', true, 'Olga Operator');
  return { ...rendered, answer };
}

test('pack: Enter while the signing keys are still being read says so and starts nothing', async () => {
  const { fake, store, answer } = await packStepWithKeys();
  const pass = await screen.findByLabelText('Passphrase of the signing key');
  fireEvent.change(pass, { target: { value: 'hunter22hunter' } });
  fireEvent.submit(pass.closest('form')!);
  assert.equal(packButton().disabled, true);
  assert.match(screen.getByRole('status').textContent!, /signing keys are being read/);
  assert.equal(packButton().getAttribute('aria-describedby'), screen.getByRole('status').id, 'the reason is tied to the button');
  assert.deepEqual(fake.callsOf('job:start'), [], 'no pack was started');
  assert.equal(store.getState().packJobId, null);

  answer({ ok: true, value: [KEY] });
  await waitFor(() => assert.equal(packButton().disabled, false));
  assert.equal(screen.queryByText(/Before you can pack/), null, 'no reasons once the key is read and the passphrase typed');
  fireEvent.submit(pass.closest('form')!);
  await waitFor(() => assert.equal(store.getState().packJobId, 'job-1', JSON.stringify(store.getState().exportError)));
});

test('pack: the missing passphrase is named; a key list that cannot be read is an error, not a wait', async () => {
  const { answer } = await packStepWithKeys();
  answer({ ok: false, error: { code: 'io', message: 'Could not read the keys folder /keys: permission denied.' } });
  await screen.findByText("The station's signing keys could not be read");
  assert.ok(screen.getByText(/permission denied/));
  const why = screen.getByRole('status').textContent!;
  assert.match(why, /could not be read; see the notice above/);
  assert.doesNotMatch(why, /being read/);
  assert.match(why, /Type the passphrase of the signing key/);
  assert.equal(packButton().disabled, true);
});
