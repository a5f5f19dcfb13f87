import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app';
import { settingsFixture } from '../fake-api';
import { passphraseStrength } from '../../../renderer/keys/strength';

test('generate: the button waits for a valid name and two equal passphrases; strength is hinted', async () => {
  const { fake } = await renderApp({ 'keys:generate': (r) => ({ ok: true, value: { name: r.name, keyId: '1111222233334444', fingerprint: 'ff', hasSecret: true } }) },
    (s) => s.setState({ screen: 'keys' }));
  const gen = (await screen.findByRole('button', { name: 'Generate key' })) as HTMLButtonElement;
  fireEvent.change(screen.getByLabelText('Acting as'), { target: { value: 'Olga Operator' } });
  fireEvent.change(screen.getByLabelText('Key name'), { target: { value: 'low-2026b' } });
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'short' } });
  assert.ok(screen.getByText(/Strength: too short/));
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'four unrelated words here' } });
  assert.ok(screen.getByText(/Strength: strong/));
  fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'four unrelated words her' } });
  assert.ok(screen.getByText(/The two passphrases differ/));
  assert.equal(gen.disabled, true);
  fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'four unrelated words here' } });
  assert.equal(gen.disabled, false);
  fireEvent.click(gen);
  await screen.findByText('PASS: key generated');
  assert.deepEqual(fake.callsOf('keys:generate'), [{ name: 'low-2026b', passphrase: 'four unrelated words here', actor: 'Olga Operator' }]);
});

test('passphrase strength levels', () => {
  assert.equal(passphraseStrength('abc').level, 'too short');
  assert.equal(passphraseStrength('abcdefgh').level, 'weak');
  assert.equal(passphraseStrength('Abcdefgh1234').level, 'fair');
  assert.equal(passphraseStrength('correct horse battery staple').level, 'strong');
});

test('trust: a key is trusted only after the officer types its fingerprint correctly', async () => {
  const { fake } = await renderApp({
    'settings:get': () => ({ ok: true, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }),
    'dialog:openFiles': () => ({ ok: true, value: { canceled: false, paths: ['/media/low.pub'] } }),
    'trust:inspect': () => ({ ok: true, value: { keyId: '0123456789ABCDEF', fingerprint: 'a1b2 c3d4 e5f6', comment: 'minisign public key 0123456789ABCDEF' } }),
    'trust:add': (r) => ({ ok: true, value: { label: r.label, keyId: '0123456789ABCDEF', fingerprint: 'a1b2 c3d4 e5f6', revoked: false, role: r.role ?? 'signer' } }),
  }, (s) => s.setState({ screen: 'keys' }));
  assert.equal(screen.queryByRole('button', { name: 'Generate key' }), null, 'the import side has no signing keys section');
  fireEvent.change(await screen.findByLabelText('Acting as'), { target: { value: 'Oscar Officer' } });
  fireEvent.click(await screen.findByRole('button', { name: 'Choose a public key file…' }));
  const typed = await screen.findByLabelText('Fingerprint from the paper');
  fireEvent.change(screen.getByLabelText('Label for this signer'), { target: { value: 'low-desk' } });
  const trust = screen.getByRole('button', { name: 'Trust this key' }) as HTMLButtonElement;
  fireEvent.change(typed, { target: { value: 'a1b2 c3d4 e5f7' } });
  assert.ok(screen.getByText(/does not match the key’s fingerprint/));
  assert.equal(trust.disabled, true);
  fireEvent.change(typed, { target: { value: 'A1B2C3D4E5F6' } });
  assert.ok(screen.getByText('PASS: the fingerprint matches'));
  assert.equal(trust.disabled, false);
  fireEvent.click(screen.getByLabelText(/Witness — may only co-sign/));
  fireEvent.click(trust);
  await waitFor(() => assert.deepEqual(fake.callsOf('trust:add'), [{ file: '/media/low.pub', label: 'low-desk', typedFingerprint: 'A1B2C3D4E5F6', role: 'witness', actor: 'Oscar Officer' }]));
});

test('revoke asks for a reason', async () => {
  const { fake } = await renderApp({
    'settings:get': () => ({ ok: true, value: settingsFixture({ role: 'IMPORT', networkId: 'HIGH' }) }),
    'trust:list': () => ({ ok: true, value: [{ label: 'low-desk', keyId: '0123456789ABCDEF', fingerprint: 'ff', revoked: false, role: 'witness' }] }),
    'trust:revoke': (r) => ({ ok: true, value: { label: r.label, keyId: '0123456789ABCDEF', fingerprint: 'ff', revoked: true, role: 'witness' } }),
  }, (s) => s.setState({ screen: 'keys' }));
  assert.ok((await screen.findByRole('table', { name: 'Trusted signers' })).textContent!.includes('witness (co-signs only)'), 'the role is shown');
  fireEvent.change(screen.getByLabelText('Acting as'), { target: { value: 'Oscar Officer' } });
  fireEvent.click(await screen.findByRole('button', { name: 'Revoke low-desk' }));
  const go = screen.getByRole('button', { name: 'Confirm: revoke low-desk' }) as HTMLButtonElement;
  assert.equal(go.disabled, true);
  fireEvent.change(screen.getByLabelText(/Reason for revoking low-desk/), { target: { value: 'Key lost' } });
  fireEvent.click(go);
  await waitFor(() => assert.deepEqual(fake.callsOf('trust:revoke'), [{ label: 'low-desk', reason: 'Key lost', actor: 'Oscar Officer' }]));
});
