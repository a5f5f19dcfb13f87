/** `sluice trust add|list|revoke`: manage the receiving side's trust store of signer and witness public keys. */
import { createInterface } from 'node:readline';
import { parsePublicKey } from '../../engine/crypto/minisign';
import { SluiceError } from '../../engine/errors';
import { fingerprint } from '../../engine/keys';
import { readKeyText } from '../../engine/keys/key-files';
import { KEY_ROLES, loadTrustStore, revokeKey, trustKey, type KeyRole, type TrustedKey } from '../../engine/keys/trust-store';
import { appendEvent } from '../../engine/ledger/index';
import { parseCommandArgs, subcommandRunner, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_REJECTED, table, type CliCommand, type CliIo } from '../output';
import { ledgerTarget } from './cosign';

const usage = `Usage:
  sluice trust add FILE.pub --trust DIR --label LABEL [--role signer|witness] [--fingerprint 'XXXX XXXX …']
  sluice trust list --trust DIR
  sluice trust revoke LABEL --trust DIR --reason TEXT

  add and revoke also take --ledger FILE --station NET --actor NAME: record key.trusted /
  key.revoked in that custody ledger, naming the person who did it (and the reason).

The trust store DIR is a folder of minisign public keys in two roles:
  signer (default)  DIR/LABEL.pub: only packages signed by one of these are accepted;
  witness           DIR/witnesses/LABEL.pub: counted only for co-signatures
                    (cosign-<KEYID>.minisig, the two-person rule), never as a package's signer.
\`add\` creates DIR (mode 0700) when missing and refuses a label or key already present in
either role. \`revoke\` moves the key to DIR/revoked/ (witnesses to DIR/revoked/witnesses/),
so what it signs is rejected and reported as signed by a revoked key; a reason is required.

A key is trusted only once its fingerprint has been checked against the one the sender read out
(printed by \`sluice keygen\` on the sending side): give it with --fingerprint (spaces and case do
not matter), or run \`add\` on a terminal, which shows the key's fingerprint and asks you to
confirm it. A fingerprint that does not match trusts nothing and exits 1. Without either,
\`add\` exits 2.

LABEL: 1–64 characters from A–Z a–z 0–9 . _ - (not starting with ".").
`;

const trustFlag = { trust: { type: 'string' } } as const;
const ledgerFlags = { ledger: { type: 'string' }, station: { type: 'string' }, actor: { type: 'string' } } as const;

function parseRole(text: string | undefined): KeyRole {
  if (text === undefined) return 'signer';
  if (!(KEY_ROLES as readonly string[]).includes(text)) throw new UsageError(`--role must be signer or witness, not ${JSON.stringify(text)}`);
  return text as KeyRole;
}

async function add(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...trustFlag, ...ledgerFlags, label: { type: 'string' }, fingerprint: { type: 'string' }, role: { type: 'string' } }, { min: 1, max: 1, what: 'FILE.pub' });
  const dir = requireString(values.trust, 'trust', 'DIR');
  const label = requireString(values.label, 'label', 'LABEL');
  const role = parseRole(values.role);
  const ledger = ledgerTarget(values);
  const text = await readKeyText(positionals[0]!, 'public key');
  let actual: string;
  try {
    actual = fingerprint(parsePublicKey(text));
  } catch (e) {
    throw new SluiceError('bad-public-key', `${positionals[0]} is not a minisign public key: ${(e as Error).message}`);
  }
  const confirmed = values.fingerprint !== undefined ? sameFingerprint(values.fingerprint, actual) : await confirmOnTerminal(io, actual);
  if (!confirmed) {
    io.stderr(`Not trusted: the key's fingerprint is ${actual}, which is not the one the sender gave. Do not trust this file; ask the sender to read the fingerprint again.\n`);
    return EXIT_REJECTED;
  }
  const key = await trustKey(dir, text, label, role);
  if (ledger) {
    await appendEvent(ledger.file, { event: 'key.trusted', station: ledger.station, actor: ledger.actor, data: { keyId: key.keyId, label: key.label, fingerprint: key.fingerprint, role: key.role } });
  }
  io.stdout(`Trusted "${key.label}" as ${key.role === 'witness' ? 'a witness (co-signatures only)' : 'a signer'}.\n${describe(key)}`);
  return EXIT_OK;
}

/** Fingerprints compare without spaces and case, so "1a2b 3c4d…" typed by a person matches. */
function sameFingerprint(typed: string, actual: string): boolean {
  const norm = (f: string) => f.replace(/\s+/g, '').toUpperCase();
  return norm(typed) === norm(actual);
}

/** Shows the fingerprint on a terminal and asks the officer to confirm it; refuses off a terminal. */
async function confirmOnTerminal(io: CliIo, actual: string): Promise<boolean> {
  if (!io.isTTY.stdin || !io.isTTY.stderr) {
    throw new UsageError(`the key's fingerprint must be checked before it is trusted: give --fingerprint 'XXXX XXXX …' as the sender read it to you, or run this on a terminal to confirm it`);
  }
  io.stderr(`Fingerprint of this key: ${actual}\nDoes it match, group by group, the fingerprint the sender read to you? Type yes to trust it: `);
  const rl = createInterface({ input: io.stdin });
  try {
    const answer = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, trustFlag);
  const store = await loadTrustStore(requireString(values.trust, 'trust', 'DIR'));
  if (store.keys.length + store.witnesses.length === 0) io.stdout(`No trusted keys in ${store.dir}.\n`);
  else io.stdout(`Trusted keys in ${store.dir}:\n`);
  for (const key of [...store.keys, ...store.witnesses]) io.stdout(`\n${key.label}\n${describe(key)}`);
  if (store.revoked.length > 0) io.stdout(`\nRevoked (never accepted):\n`);
  for (const key of store.revoked) io.stdout(`\n${key.label} (revoked)\n${describe(key)}`);
  return EXIT_OK;
}

async function revoke(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...trustFlag, ...ledgerFlags, reason: { type: 'string' } }, { min: 1, max: 1, what: 'LABEL' });
  const dir = requireString(values.trust, 'trust', 'DIR');
  const reason = requireString(values.reason, 'reason', 'TEXT').trim();
  if (reason.length === 0) throw new UsageError('--reason must say why the key is revoked');
  const ledger = ledgerTarget(values);
  const key = await revokeKey(dir, positionals[0]!);
  if (ledger) {
    await appendEvent(ledger.file, { event: 'key.revoked', station: ledger.station, actor: ledger.actor, data: { keyId: key.keyId, label: key.label, reason, role: key.role } });
  }
  const what = key.role === 'witness' ? 'co-signatures by this key no longer count' : 'packages signed by this key are now rejected';
  io.stdout(`Revoked ${key.role} "${key.label}": ${what}.\n${describe(key)}`);
  return EXIT_OK;
}

function describe(key: TrustedKey): string {
  return table([
    ['Key id', key.keyId],
    ['Fingerprint', key.fingerprint],
    ['File', key.file],
    ['Role', key.role === 'witness' ? 'witness (co-signatures only)' : 'signer'],
  ]);
}

const run = subcommandRunner<CliIo>({ add, list, revoke });

export const trustCommand: CliCommand = { name: 'trust', summary: 'add, list or revoke trusted signer and witness keys', usage, run };
