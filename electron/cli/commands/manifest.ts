/**
 * `sluice manifest PACKAGE --trust DIR (--html OUT | --pdf OUT)`: prints the transfer manifest of
 * a package whose signature verifies against the trust store — the sheet that travels with the
 * media and is signed by operator, witness and receiving officer.
 */
import { failureLine } from '../../../shared/format/display-text';
import { renderTransferManifest } from '../../../shared/print/index';
import { loadTrustStore } from '../../engine/keys/index';
import { writeDocument } from '../../engine/print/index';
import { checkSignature } from '../../engine/verify/index';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_REJECTED, say, warn, type CliCommand, type CliIo } from '../output';
import { parsePaper, PRINT_OPTIONS, PRINT_OPTIONS_HELP, printTargets } from './print-options';

const usage = `Usage: sluice manifest PACKAGE --trust DIR (--html OUT | --pdf OUT) [--paper a4|letter] [--media N]

Prints the transfer manifest of PACKAGE: classification banner on every page, transfer id,
sequence, dates, channel, operator, purpose and ticket, the signer and the signed digest (the
SHA-256 of manifest.json, in full, in groups of four and as a QR code), every file with its size
and SHA-256, the volumes and media, the export checklist and signature lines.

The signature stage is checked first (signed by a key in the trust store DIR, trusted comment,
manifest rules); a package that fails it is not printed (exit 1). The payload is not read: run
\`sluice verify\` for that.

Options:
  --trust DIR         the trust store (a directory of <label>.pub files)
${PRINT_OPTIONS_HELP}
  --media N           number of media the volumes are written to (default: one per volume)

Exit codes: 0 printed, 1 the signature stage failed, 2 usage or environment error.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...PRINT_OPTIONS, trust: { type: 'string' }, media: { type: 'string' } }, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const trustDir = requireString(values.trust, 'trust', 'DIR');
  const targets = printTargets(values);
  const paper = parsePaper(values.paper);
  let media: { count: number } | undefined;
  if (values.media !== undefined) {
    const count = Number(values.media);
    if (!/^[1-9][0-9]{0,2}$/.test(values.media) || count > 999) throw new UsageError(`--media must be a whole number from 1 to 999, not "${values.media}"`);
    media = { count };
  }

  const store = await loadTrustStore(trustDir);
  const stage = await checkSignature(packageDir, store);
  if (!stage.ok || !stage.manifest || !stage.manifestSha256 || !stage.signer?.label || !stage.signer.fingerprint) {
    warn(io, `sluice manifest: not printing: the signature stage of ${packageDir} failed:`);
    for (const f of stage.failures) warn(io, `  ${failureLine(f)}`);
    return EXIT_REJECTED;
  }
  const html = renderTransferManifest({
    manifest: stage.manifest,
    manifestSha256: stage.manifestSha256,
    signer: { label: stage.signer.label, keyId: stage.signer.keyId, fingerprint: stage.signer.fingerprint },
    paper,
    ...(media ? { media } : {}),
  });
  const written = await writeDocument(html, targets, { packageDir, env: io.env });
  for (const file of written) say(io, `wrote ${file}`);
  say(io, `transfer ${stage.manifest.transferId} seq ${stage.manifest.sequence}, manifest SHA-256 ${stage.manifestSha256}`);
  return EXIT_OK;
}

/** The `sluice manifest` command. */
export const manifestCommand: CliCommand = { name: 'manifest', summary: 'print the transfer manifest of a verified package (HTML or PDF)', usage, run };
