/** `sluice cosign PACKAGE --key FILE`: a witness co-signs a packed transfer with their own key. */
import { formatBytes } from '../../../shared/units';
import { cosignPackage } from '../../engine/cosign/cosign';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { appendEvent } from '../../engine/ledger/index';
import { checkSignature } from '../../engine/verify/signature-stage';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_REJECTED, table, type CliCommand, type CliIo } from '../output';
import { PASSPHRASE_HELP, unlockSigningKey } from '../passphrase';
import { failureLines, requirePackageDir } from './verify';

const usage = `Usage: sluice cosign PACKAGE --key FILE [--passphrase-file FILE] [--trust DIR]
                     [--ledger FILE --station NET --actor NAME]

The two-person rule: a witness, having reviewed the transfer, co-signs it with THEIR OWN key.
Writes PACKAGE/cosign-<KEYID>.minisig, a minisign signature over manifest.json whose trusted
comment names the transfer, its sequence and channel and the role "witness". Anyone can check it
with stock minisign:

  minisign -VHm PACKAGE/manifest.json -x PACKAGE/cosign-<KEYID>.minisig -p WITNESS.pub

The importing station counts it only if the witness's public key is in its trust store with the
witness role (\`sluice trust add WITNESS.pub --role witness\`).

Options:
  --key FILE               the witness's secret key (never the package signer's: refused)
  --passphrase-file FILE   read the key's passphrase from the first line of FILE
  --trust DIR              first check the package's signature against this trust store, and
                           co-sign only if it verifies (recommended)
  --ledger FILE            also record transfer.cosigned in this custody ledger, with
  --station NET            this station's network id, and
  --actor NAME             the witness's name

${PASSPHRASE_HELP}
Exit codes: 0 co-signed, 1 the package's signature did not verify (with --trust), 2 usage or
environment error — including the package signer's own key, or a co-signature already there.
`;

const OPTIONS = {
  key: { type: 'string' },
  'passphrase-file': { type: 'string' },
  trust: { type: 'string' },
  ledger: { type: 'string' },
  station: { type: 'string' },
  actor: { type: 'string' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const keyFile = requireString(values.key, 'key', 'FILE');
  const ledger = ledgerTarget(values);
  await requirePackageDir(packageDir);
  if (values.trust !== undefined) {
    const stage = await checkSignature(packageDir, await loadTrustStore(values.trust));
    // Only the signer's part matters here: the co-signatures this witness is about to add are not there yet.
    const failures = stage.failures.filter((f) => f.check !== 'cosign');
    if (failures.length > 0) {
      io.stdout(`${failureLines(failures)}Not co-signed: the package's own signature did not verify; do not co-sign it.\n`);
      return EXIT_REJECTED;
    }
  }
  const signingKey = await unlockSigningKey(io, keyFile, values['passphrase-file']);
  const r = await cosignPackage(packageDir, signingKey, { role: 'witness' });
  const m = r.manifest;
  if (ledger) {
    await appendEvent(ledger.file, {
      event: 'transfer.cosigned', station: ledger.station, actor: ledger.actor, transferId: m.transferId,
      data: { keyId: r.keyId, role: 'witness', manifestSha256: r.manifestSha256, fingerprint: r.fingerprint, file: r.file },
    });
  }
  io.stdout(`Co-signed as witness: ${r.file}\n${table([
    ['Transfer', m.transferId],
    ['Sequence', String(m.sequence)],
    ['Channel', `${m.source} → ${m.destination}`],
    ['Signer key id', m.signer.keyId],
    ['Contents', `${m.totals.files} files, ${m.totals.directories} directories, ${formatBytes(m.totals.bytes)}`],
    ['Manifest SHA-256', r.manifestSha256],
    ['Witness key id', r.keyId],
    ['Fingerprint', r.fingerprint],
    ['File', r.file],
  ])}`);
  return EXIT_OK;
}

/**
 * --ledger, --station and --actor go together: an event without its station or person is not a
 * record. Shared with `trust add|revoke`. Null when --ledger is not given.
 */
export function ledgerTarget(v: { ledger?: string; station?: string; actor?: string }): { file: string; station: string; actor: string } | null {
  if (v.ledger === undefined) {
    if (v.station !== undefined || v.actor !== undefined) throw new UsageError('--station and --actor are used only with --ledger FILE');
    return null;
  }
  const actor = requireString(v.actor, 'actor', 'NAME');
  if (actor.trim().length === 0) throw new UsageError('--actor must name a person');
  return { file: v.ledger, station: requireString(v.station, 'station', 'NET'), actor };
}

export const cosignCommand: CliCommand = { name: 'cosign', summary: 'co-sign a packed transfer as a witness, with your own key', usage, run };
