// `sluice keygen` and `sluice trust` end to end through the real entry point (runCli), plus the
// bundled bin when it has been built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signBytes } from '../../electron/engine/crypto/minisign';
import { loadSigningKey } from '../../electron/engine/keys/key-files';
import { loadTrustStore } from '../../electron/engine/keys/trust-store';
import { bufferIo, repoRoot, runCli } from '../helpers/cli';
import { makeTestKey } from '../helpers/keys';
import { dispatch } from '../../electron/cli/dispatch';
import { makeTempDir } from '../helpers/tmp';

const PASS = { SLUICE_PASSPHRASE: 'cli pass' };

test('keygen → trust add → list → revoke, with key id and fingerprint printed each time', async (t) => {
  const dir = await makeTempDir(t);
  const keys = join(dir, 'keys');
  const trust = join(dir, 'trust');
  const made = await runCli(['keygen', '--out', keys, '--name', 'ops'], { env: PASS });
  assert.equal(made.code, 0, made.stderr);
  const keyId = /Key id:\s+([0-9A-F]{16})/.exec(made.stdout)?.[1];
  const fp = /Fingerprint:\s+((?:[0-9A-F]{4} ?){10})/.exec(made.stdout)?.[1];
  assert.ok(keyId && fp, made.stdout);
  assert.match(made.stdout, /ops\.pub to the receiving side/);
  assert.equal((await stat(join(keys, 'ops.key'))).mode & 0o777, 0o600);
  const signing = await loadSigningKey(join(keys, 'ops.key'), 'cli pass');
  assert.equal(signBytes(new Uint8Array(1), signing, 'x').length > 0, true);

  // The officer's fingerprint check gates trust: off a terminal without --fingerprint it is a usage
  // error, a wrong one trusts nothing (exit 1), the right one typed in lower case without spaces works.
  const unchecked = await runCli(['trust', 'add', join(keys, 'ops.pub'), '--trust', trust, '--label', 'ops-team']);
  assert.equal(unchecked.code, 2);
  assert.match(unchecked.stderr, /fingerprint must be checked before it is trusted/);
  const wrongFp = fp.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  const wrong = await runCli(['trust', 'add', join(keys, 'ops.pub'), '--trust', trust, '--label', 'ops-team', '--fingerprint', wrongFp]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /Not trusted: the key's fingerprint is/);
  await assert.rejects(stat(join(trust, 'ops-team.pub')), 'nothing was trusted');
  const added = await runCli(['trust', 'add', join(keys, 'ops.pub'), '--trust', trust, '--label', 'ops-team', '--fingerprint', fp.replace(/ /g, '').toLowerCase()]);
  assert.equal(added.code, 0, added.stderr);
  assert.ok(added.stdout.includes(keyId) && added.stdout.includes(fp), added.stdout);
  assert.equal((await stat(trust)).mode & 0o777, 0o700);

  const again = await runCli(['trust', 'add', join(keys, 'ops.pub'), '--trust', trust, '--label', 'other', '--fingerprint', fp]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already trusted as "ops-team"/);

  const listed = await runCli(['trust', 'list', '--trust', trust]);
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, /ops-team\n\s+Key id:\s+[0-9A-F]{16}/);

  const revoked = await runCli(['trust', 'revoke', 'ops-team', '--trust', trust, '--reason', 'left the team']);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.ok(revoked.stdout.includes(fp));
  assert.deepEqual(await readdir(join(trust, 'revoked')), ['ops-team.pub']);
  assert.equal((await loadTrustStore(trust)).keys.length, 0);
  const after = await runCli(['trust', 'list', '--trust', trust]);
  assert.match(after.stdout, /No trusted keys/);
  assert.match(after.stdout, /ops-team \(revoked\)/);
});

test('keygen usage and environment errors exit 2 saying what to do; existing keys are kept', async (t) => {
  const dir = await makeTempDir(t);
  const noOut = await runCli(['keygen'], { env: PASS });
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /missing --out DIR/);
  assert.match(noOut.stderr, /sluice keygen --help/);

  const noPass = await runCli(['keygen', '--out', dir], { env: { SLUICE_PASSPHRASE: undefined } });
  assert.equal(noPass.code, 2);
  assert.match(noPass.stderr, /--passphrase-file/);
  assert.match(noPass.stderr, /SLUICE_PASSPHRASE/);
  assert.deepEqual(await readdir(dir), [], 'nothing written without a passphrase');

  const passFile = join(dir, 'pass.txt');
  await writeFile(passFile, 'from a file\n');
  const first = await runCli(['keygen', '--out', dir, '--passphrase-file', passFile], { env: { SLUICE_PASSPHRASE: undefined } });
  assert.equal(first.code, 0, first.stderr);
  await loadSigningKey(join(dir, 'sluice.key'), 'from a file');
  const keyBefore = await readFile(join(dir, 'sluice.key'));
  const second = await runCli(['keygen', '--out', dir], { env: PASS });
  assert.equal(second.code, 2);
  assert.match(second.stderr, /already exists; Sluice never overwrites a key/);
  assert.deepEqual(await readFile(join(dir, 'sluice.key')), keyBefore);

  const badCost = await runCli(['keygen', '--out', dir, '--name', 'x'], { env: { ...PASS, SLUICE_KDF_COST: 'cheap' } });
  assert.equal(badCost.code, 2);
  assert.match(badCost.stderr, /SLUICE_KDF_COST/);
});

test('trust usage errors exit 2: missing store, unknown subcommand, unreadable .pub, bad flag', async (t) => {
  const dir = await makeTempDir(t);
  const cases: [string[], RegExp][] = [
    [['trust', 'list', '--trust', join(dir, 'nope')], /no trust store .*sluice trust add/],
    [['trust', 'frob'], /unknown subcommand "frob"/],
    [['trust'], /missing subcommand/],
    [['trust', 'add', join(dir, 'missing.pub'), '--trust', dir, '--label', 'x'], /cannot read the public key .*missing\.pub/],
    [['trust', 'add', 'a.pub', '--trust', dir], /missing --label LABEL/],
    [['trust', 'list', '--trust', dir, '--verbose'], /unknown option --verbose/],
    [['trust', 'revoke', 'ghost', '--trust', dir, '--reason', 'gone'], /no trusted key is labelled "ghost"/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('--help for each command exits 0 and documents it', async () => {
  const keygen = await runCli(['keygen', '--help']);
  assert.equal(keygen.code, 0);
  assert.match(keygen.stdout, /Usage: sluice keygen --out DIR/);
  assert.match(keygen.stdout, /SLUICE_KDF_COST=test\s+.*for automated tests only/);
  const trust = await runCli(['trust', 'add', '--help']);
  assert.equal(trust.code, 0);
  assert.match(trust.stdout, /sluice trust revoke LABEL --trust DIR/);
  const top = await runCli(['--help']);
  assert.match(top.stdout, /keygen\s+create a signing key pair/);
  assert.match(top.stdout, /trust\s+add, list or revoke/);
});

test('the built bin answers --help (after node scripts/build.mjs)', { skip: !existsSync(join(repoRoot, 'dist/cli.mjs')) && 'dist/cli.mjs not built' }, () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/sluice.mjs'), '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: sluice <command>/);
});

test('on a terminal, trust add shows the fingerprint and trusts only on an explicit "yes"', async (t) => {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir, 'desk');
  const trust = join(dir, 'trust');
  const terminal = { stdin: true, stderr: true };
  const declined = bufferIo({ input: 'y\n', tty: terminal });
  assert.equal(await dispatch(['trust', 'add', key.pubFile, '--trust', trust, '--label', 'desk'], declined), 1);
  assert.ok(declined.err().includes(key.fingerprint), declined.err());
  await assert.rejects(stat(join(trust, 'desk.pub')), 'a bare "y" trusts nothing');
  const accepted = bufferIo({ input: 'yes\n', tty: terminal });
  assert.equal(await dispatch(['trust', 'add', key.pubFile, '--trust', trust, '--label', 'desk'], accepted), 0, accepted.err());
  assert.match(accepted.out(), /Trusted "desk"/);
});
