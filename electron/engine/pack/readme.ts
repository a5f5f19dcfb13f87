/**
 * README.txt of a package: for a person who has only stock tools (minisign, sha256sum, tar) and
 * wants to check the package without Sluice. The commands are generated from one template, and a
 * test runs exactly these lines, so what the README promises is what works.
 */
import { FILE_NAMES } from '../../../shared/format/constants';
import type { Manifest } from '../../../shared/format/manifest';

/** Placeholders in the commands, explained in the README's text. */
export const README_PLACEHOLDERS = {
  packageDir: 'PACKAGE_DIR',
  publicKey: 'KEY.pub',
  outDir: 'OUT',
} as const;

/**
 * The verification commands in order, for a payload in `volumeNames`, every one of which must
 * succeed as written (a test runs them verbatim). Each names the package's files through
 * PACKAGE_DIR instead of `cd`-ing into it, so KEY.pub and OUT mean what they say from wherever
 * the person stands, and OUT — a new folder — is never created inside the package (read-only
 * media; and Sluice rejects a package with extra files). `-H` makes minisign refuse the legacy
 * `Ed` algorithm, as FORMAT.md §5 requires. With no files FILES.SHA256SUMS is empty and
 * `sha256sum -c` would fail on it, so that last step is left out (`hasFiles` false).
 */
export function verificationCommands(volumeNames: readonly string[], hasFiles = true): string[] {
  const { packageDir, publicKey, outDir } = README_PLACEHOLDERS;
  return [
    `minisign -VHm ${packageDir}/${FILE_NAMES.manifest} -p ${publicKey}`,
    `minisign -VHm ${packageDir}/${FILE_NAMES.sums} -p ${publicKey}`,
    `(cd ${packageDir} && sha256sum -c ${FILE_NAMES.sums})`,
    `mkdir ${outDir}`,
    `(cd ${packageDir} && cat ${volumeNames.join(' ')}) | tar -x --no-same-owner -f - -C ${outDir}`,
    // The list is read by the shell before the subshell changes folder: PACKAGE_DIR may be relative.
    ...(hasFiles ? [`(cd ${outDir} && sha256sum -c -) < ${packageDir}/${FILE_NAMES.filesSums}`] : []),
  ];
}

/** Marks a command line in the README; tests find the commands by it. */
export const COMMAND_PREFIX = '    $ ';

/** The README.txt text for a package. */
export function renderReadme(m: Manifest): string {
  const volumes = m.payload.volumes.map((v) => v.name);
  const split = volumes.length > 1;
  const hasFiles = m.totals.files > 0;
  const commands = verificationCommands(volumes, hasFiles).map((c) => COMMAND_PREFIX + c).join('\n');
  return `SLUICE TRANSFER PACKAGE ${m.transferId}
${'='.repeat(24 + m.transferId.length)}

This directory is a signed transfer package in the ${m.format} format, made by Sluice.

  Transfer id:   ${m.transferId}
  Sequence:      ${m.sequence}
  From network:  ${m.source}
  To network:    ${m.destination}
  Created:       ${m.created}
  Expires:       ${m.expires}
  Signed by key: ${m.signer.keyId}
  Contents:      ${m.totals.files} files, ${m.totals.directories} directories, ${m.totals.bytes} bytes
${m.seal !== undefined ? `  Seal number:   ${m.seal}\n` : ''}${m.cosign ? `  Co-signatures: ${m.cosign.witnesses} witness co-signature(s) required (cosign-<KEYID>.minisig)\n` : ''}
The easiest check is \`sluice verify ${README_PLACEHOLDERS.packageDir}\` on a station that trusts the signing key.
Nothing in this file is trusted: it is not signed. Only what the commands below verify counts.

FILES

${fileTable(volumes)}

VERIFYING WITH STOCK TOOLS

You need minisign, sha256sum (GNU coreutils) and tar. Replace:
  ${README_PLACEHOLDERS.packageDir}  with this directory,
  ${README_PLACEHOLDERS.publicKey}      with the sender's minisign public key, obtained over a channel you trust
                 (its key id must be ${m.signer.keyId}),
  ${README_PLACEHOLDERS.outDir}          with a new directory to extract into, OUTSIDE this package (it must not
                 exist yet; the package's medium may be read-only, and nothing may be added
                 to the package directory).
Relative paths are taken from the directory you run the commands in.

${commands}

Every command must succeed. Each minisign command must print "Signature and comment signature
verified" and a trusted comment naming file=..., id=${m.transferId}, seq=${m.sequence},
from=${m.source} and to=${m.destination}. -H refuses the legacy (not prehashed) signature
format, which Sluice never writes. sha256sum must print OK for every line.
${hasFiles ? '' : `This package holds no files (FILES.SHA256SUMS is empty), so there is no extracted file to
check: sha256sum -c would refuse an empty list.
`}${split ? `The volumes must be joined in exactly the order given above.\n` : ''}--no-same-owner makes the extracted files yours; the archive records owner 0 for everything.
`;
}

/** The FILES section: one aligned line per file of the package. */
function fileTable(volumes: readonly string[]): string {
  const payload = volumes.length > 1
    ? [`${volumes[0]} … ${volumes.at(-1)}`, `the payload: one tar archive cut into ${volumes.length} volumes; joined in order (cat) they are the archive`]
    : [FILE_NAMES.payload, 'the payload: one tar archive'];
  const rows: [string, string][] = [
    [FILE_NAMES.manifest, 'what the package holds: every file with its size and SHA-256'],
    [FILE_NAMES.manifestSig, 'minisign signature over manifest.json'],
    [FILE_NAMES.sums, 'SHA-256 of manifest.json, FILES.SHA256SUMS and the payload'],
    [FILE_NAMES.sumsSig, 'minisign signature over SHA256SUMS'],
    [FILE_NAMES.filesSums, 'SHA-256 of every file inside the payload'],
    payload as [string, string],
    [FILE_NAMES.readme, 'this file (not signed)'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`).join('\n');
}
