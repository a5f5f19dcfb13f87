/** `sluice trust add|list|revoke`: manage the receiving side's trust store of signer public keys. */
import { readKeyText } from '../../engine/keys/key-files';
import { loadTrustStore, revokeKey, trustKey, type TrustedKey } from '../../engine/keys/trust-store';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, table, type CliCommand, type CliIo } from '../output';

const usage = `Usage:
  sluice trust add FILE.pub --trust DIR --label LABEL
  sluice trust list --trust DIR
  sluice trust revoke LABEL --trust DIR

The trust store DIR is a folder of LABEL.pub files (minisign public keys); only packages signed
by one of them are accepted. \`add\` creates DIR (mode 0700) when missing and refuses a label or
key already present. \`revoke\` moves LABEL.pub to DIR/revoked/, so packages it signs are
rejected and reported as signed by a revoked key.

Before adding a key, compare its fingerprint (printed by \`sluice keygen\` on the sending side)
with the one \`add\` prints, aloud or on paper.

LABEL: 1–64 characters from A–Z a–z 0–9 . _ - (not starting with ".").
`;

const trustFlag = { trust: { type: 'string' } } as const;

async function add(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...trustFlag, label: { type: 'string' } }, { min: 1, max: 1, what: 'FILE.pub' });
  const dir = requireString(values.trust, 'trust', 'DIR');
  const label = requireString(values.label, 'label', 'LABEL');
  const text = await readKeyText(positionals[0]!, 'public key');
  const key = await trustKey(dir, text, label);
  io.stdout(`Trusted "${key.label}".\n${describe(key)}`);
  return EXIT_OK;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, trustFlag);
  const store = await loadTrustStore(requireString(values.trust, 'trust', 'DIR'));
  if (store.keys.length === 0) io.stdout(`No trusted keys in ${store.dir}.\n`);
  else io.stdout(`Trusted keys in ${store.dir}:\n`);
  for (const key of store.keys) io.stdout(`\n${key.label}\n${describe(key)}`);
  if (store.revoked.length > 0) io.stdout(`\nRevoked (never accepted):\n`);
  for (const key of store.revoked) io.stdout(`\n${key.label} (revoked)\n${describe(key)}`);
  return EXIT_OK;
}

async function revoke(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, trustFlag, { min: 1, max: 1, what: 'LABEL' });
  const key = await revokeKey(requireString(values.trust, 'trust', 'DIR'), positionals[0]!);
  io.stdout(`Revoked "${key.label}": packages signed by this key are now rejected.\n${describe(key)}`);
  return EXIT_OK;
}

function describe(key: TrustedKey): string {
  return table([
    ['Key id', key.keyId],
    ['Fingerprint', key.fingerprint],
    ['File', key.file],
  ]);
}

const subcommands: Record<string, (argv: string[], io: CliIo) => Promise<number>> = { add, list, revoke };

async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) throw new UsageError('missing subcommand: add, list or revoke');
  const handler = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (!handler) throw new UsageError(`unknown subcommand "${sub}": use add, list or revoke`);
  return handler(rest, io);
}

export const trustCommand: CliCommand = { name: 'trust', summary: 'add, list or revoke trusted signer keys', usage, run };
