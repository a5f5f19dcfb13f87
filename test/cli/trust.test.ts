// `sluice trust` roles, reasons and ledger records, through the real entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTrustStore } from '../../electron/engine/keys/trust-store';
import { readLedger } from '../../electron/engine/ledger/index';
import { runCli } from '../helpers/cli';
import { makeTestKey } from '../helpers/keys';
import { makeTempDir } from '../helpers/tmp';

test('trust add --role witness puts the key in witnesses/; list shows each role; revoke needs a reason and is recorded', async (t) => {
  const dir = await makeTempDir(t);
  const trust = join(dir, 'trust');
  const ledger = join(dir, 'ledger.jsonl');
  const alice = await makeTestKey(join(dir, 'keys'), 'alice');
  const wendy = await makeTestKey(join(dir, 'keys'), 'wendy');
  const add = (k: typeof alice, ...extra: string[]) => runCli(['trust', 'add', k.pubFile, '--trust', trust, '--label', k.name, '--fingerprint', k.fingerprint, ...extra]);

  const badRole = await add(wendy, '--role', 'admin');
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /--role must be signer or witness/);

  const a = await add(alice, '--ledger', ledger, '--station', 'HIGH', '--actor', 'Olga Officer');
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /Trusted "alice" as a signer/);
  const w = await add(wendy, '--role', 'witness');
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stdout, /as a witness \(co-signatures only\)/);
  assert.deepEqual(await readdir(join(trust, 'witnesses')), ['wendy.pub']);
  const store = await loadTrustStore(trust);
  assert.deepEqual([store.keys.map((k) => k.label), store.witnesses.map((k) => k.label)], [['alice'], ['wendy']]);

  const listed = await runCli(['trust', 'list', '--trust', trust]);
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, /alice\n(\s+\w[^\n]*\n){3}\s+Role:\s+signer\n/);
  assert.match(listed.stdout, /wendy\n(\s+\w[^\n]*\n){3}\s+Role:\s+witness \(co-signatures only\)\n/);

  const noReason = await runCli(['trust', 'revoke', 'wendy', '--trust', trust]);
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /missing --reason TEXT/);
  assert.deepEqual(await readdir(join(trust, 'witnesses')), ['wendy.pub'], 'nothing revoked without a reason');
  const blank = await runCli(['trust', 'revoke', 'wendy', '--trust', trust, '--reason', '  ']);
  assert.equal(blank.code, 2);

  const revoked = await runCli(['trust', 'revoke', 'wendy', '--trust', trust, '--reason', 'laptop lost', '--ledger', ledger, '--station', 'HIGH', '--actor', 'Olga Officer']);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /Revoked witness "wendy": co-signatures by this key no longer count/);
  assert.deepEqual(await readdir(join(trust, 'revoked', 'witnesses')), ['wendy.pub']);
  const after = await runCli(['trust', 'list', '--trust', trust]);
  assert.match(after.stdout, /wendy \(revoked\)\n(\s+\w[^\n]*\n){3}\s+Role:\s+witness/);

  const events = await readLedger(ledger);
  assert.deepEqual(events.map((e) => [e.event, e.actor]), [['key.trusted', 'Olga Officer'], ['key.revoked', 'Olga Officer']]);
  assert.equal((events[0]!.data as { role: string }).role, 'signer');
  assert.equal((events[1]!.data as { reason: string }).reason, 'laptop lost');
  assert.equal((events[1]!.data as { keyId: string }).keyId, wendy.keyId);
});

test('trust add with --ledger but no --actor or --station is a usage error and trusts nothing', async (t) => {
  const dir = await makeTempDir(t);
  const trust = join(dir, 'trust');
  const k = await makeTestKey(join(dir, 'keys'), 'k');
  const base = ['trust', 'add', k.pubFile, '--trust', trust, '--label', 'k', '--fingerprint', k.fingerprint];
  const noActor = await runCli([...base, '--ledger', join(dir, 'l.jsonl'), '--station', 'HIGH']);
  assert.equal(noActor.code, 2);
  assert.match(noActor.stderr, /missing --actor NAME/);
  const noLedger = await runCli([...base, '--actor', 'x']);
  assert.equal(noLedger.code, 2);
  assert.match(noLedger.stderr, /only with --ledger/);
  assert.equal((await readdir(dir)).includes('trust'), false);
});
