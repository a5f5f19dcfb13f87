/** `sluice keygen`: make a signing key pair for the sending side. */
import { basename } from 'node:path';
import { createKey } from '../../engine/keys/key-files';
import type { KdfCost } from '../../engine/keys/kdf';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, table, type CliCommand, type CliIo } from '../output';
import { PASSPHRASE_HELP, readPassphrase } from '../passphrase';

const usage = `Usage: sluice keygen --out DIR [--name NAME] [--passphrase-file FILE]

Creates a signing key pair in minisign's format (usable with minisign itself):
  DIR/NAME.key   the secret key, encrypted with your passphrase (mode 0600)
  DIR/NAME.pub   the public key: give this to the receiving side

Options:
  --out DIR                folder for the two files (created, mode 0700, if missing)
  --name NAME              file name stem, default "sluice" (A–Z a–z 0–9 . _ -)
  --passphrase-file FILE   read the passphrase from the first line of FILE

${PASSPHRASE_HELP}
On a terminal you are asked twice. An existing key is never overwritten.

Environment:
  SLUICE_KDF_COST=test     weak, fast key encryption — for automated tests only

The receiving side adds the .pub with
\`sluice trust add NAME.pub --trust DIR --label LABEL --fingerprint '<the fingerprint you read out>'\`
(or confirms it on a terminal): read the fingerprint printed here to them, aloud or on paper.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' },
    name: { type: 'string' },
    'passphrase-file': { type: 'string' },
  });
  const dir = requireString(values.out, 'out', 'DIR');
  const name = values.name ?? 'sluice';
  const cost = kdfCost(io);
  const passphrase = await readPassphrase(io, { passphraseFile: values['passphrase-file'], prompt: `New passphrase for ${name}.key`, confirm: true });
  if (cost === 'standard') io.stderr('Encrypting the secret key (this takes a few seconds)…\n');
  const key = await createKey({ dir, name, passphrase, cost });
  io.stdout(`Created signing key "${name}".\n`);
  io.stdout(
    table([
      ['Key id', key.keyId],
      ['Fingerprint', key.fingerprint],
      ['Secret key', key.keyFile],
      ['Public key', key.pubFile],
    ]),
  );
  io.stdout(
    `\nKeep ${basename(key.keyFile)} and its passphrase on this side only.\n` +
      `Give ${basename(key.pubFile)} to the receiving side's security officer, and read the fingerprint\n` +
      `to them: they type it into sluice trust add ${basename(key.pubFile)} --trust DIR --label LABEL --fingerprint '…'\n`,
  );
  return EXIT_OK;
}

/** The key-encryption cost: 'standard' unless SLUICE_KDF_COST=test (automated tests only). */
function kdfCost(io: CliIo): KdfCost {
  const value = io.env.SLUICE_KDF_COST;
  if (value === undefined || value === '' || value === 'standard') return 'standard';
  if (value === 'test') return 'test';
  throw new UsageError(`SLUICE_KDF_COST must be "standard" or "test" (for automated tests only), not "${value}"`);
}

export const keygenCommand: CliCommand = { name: 'keygen', summary: 'create a signing key pair (minisign format)', usage, run };
