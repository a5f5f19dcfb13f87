/** `sluice pack SOURCE... --key FILE --out DIR --from NET --to NET`: make one signed transfer package. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatBytes, parseDuration, parseSize } from '../../../shared/units';
import { isAbort } from '../../engine/errors';
import { formatKeyId } from '../../engine/crypto/minisign';
import { pack } from '../../engine/pack/pack';
import { nextSequence, recordSequence } from '../../engine/pack/sequence-state';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_USAGE, table, type CliCommand, type CliIo } from '../output';
import { PASSPHRASE_HELP, unlockSigningKey } from '../passphrase';
import { ProgressDisplay } from '../progress-display';

const usage = `Usage: sluice pack SOURCE... --key FILE --out DIR --from NET --to NET [options]

Packs the files and directories SOURCE... into one signed transfer package, DIR/<transfer id>/,
and prints its path. Each SOURCE becomes a top-level entry named by its last path component.
Symbolic links, devices, sockets, FIFOs, unreadable files and names that are not portable are
refused (all of them listed, nothing written). The package appears in DIR only when complete.

Options:
  --key FILE               the signing (secret) key, from \`sluice keygen\`
  --passphrase-file FILE   read the key's passphrase from the first line of FILE
  --out DIR                where the package directory is created
  --from NET               this side's network id (e.g. LOW)
  --to NET                 the destination network id (e.g. HIGH)
  --id ID                  transfer id (default: T<YYYYMMDD>-<HHMMSS>-<random>)
  --sequence N             sequence number (default: one more than the last one used by this
                           key on this channel, from the state file)
  --expires DURATION       how long the package may be imported: 30m, 12h, 7d, 2w (default 7d)
  --classification TEXT    classification marking printed on every document
  --purpose TEXT           why this is being transferred
  --ticket TEXT            change or request reference
  --operator NAME          who packs it (default: $USER)
  --volume-size SIZE       split the payload into volumes of at most SIZE (e.g. 4000M, 700M);
                           needed for FAT media and files over 4 GiB
  --state FILE             sequence state (default: $SLUICE_HOME/sequences.json, else
                           ~/.config/sluice/sequences.json)

${PASSPHRASE_HELP}
Exit codes: 0 packed, 2 refused sources, usage or environment error. Ctrl-C cancels and leaves nothing.
`;

const OPTIONS = {
  key: { type: 'string' },
  'passphrase-file': { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  id: { type: 'string' },
  sequence: { type: 'string' },
  expires: { type: 'string' },
  classification: { type: 'string' },
  purpose: { type: 'string' },
  ticket: { type: 'string' },
  operator: { type: 'string' },
  'volume-size': { type: 'string' },
  state: { type: 'string' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, { min: 1, what: 'SOURCE (a file or directory to pack)' });
  const keyFile = requireString(values.key, 'key', 'FILE');
  const outDir = requireString(values.out, 'out', 'DIR');
  const from = requireString(values.from, 'from', 'NET');
  const to = requireString(values.to, 'to', 'NET');
  const expiresIn = parseDuration(values.expires ?? '7d');
  if (expiresIn === null) throw new UsageError(`--expires must be a duration such as 12h, 7d or 2w, not "${values.expires}"`);
  let volumeSize: number | undefined;
  if (values['volume-size'] !== undefined) {
    const parsed = parseSize(values['volume-size']);
    if (parsed === null || parsed <= 0) throw new UsageError(`--volume-size must be a size such as 4000M or 700M, not "${values['volume-size']}"`);
    volumeSize = parsed;
  }
  let sequence: number | undefined;
  if (values.sequence !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(values.sequence) || !Number.isSafeInteger(Number(values.sequence))) {
      throw new UsageError(`--sequence must be a whole number of at least 1, not "${values.sequence}"`);
    }
    sequence = Number(values.sequence);
  }
  const stateFile = values.state ?? defaultStateFile(io);

  const signingKey = await unlockSigningKey(io, keyFile, values['passphrase-file']);
  const keyId = formatKeyId(signingKey.keyIdBytes);
  sequence ??= await nextSequence(stateFile, keyId, from, to);
  const created = new Date();

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const display = new ProgressDisplay(io);
  try {
    const result = await pack({
      sources: positionals, outDir, signingKey, source: from, destination: to, transferId: values.id, sequence,
      created, expires: new Date(created.getTime() + expiresIn * 1000),
      operator: values.operator ?? io.env.USER ?? '', classification: values.classification, purpose: values.purpose, ticket: values.ticket,
      volumeSize, signal: controller.signal, onProgress: display.update,
    });
    display.finish();
    await recordSequence(stateFile, keyId, from, to, sequence);
    const m = result.manifest;
    io.stderr(table([
      ['Transfer id', m.transferId],
      ['Sequence', String(m.sequence)],
      ['Channel', `${m.source} → ${m.destination}`],
      ['Contents', `${m.totals.files} files, ${m.totals.directories} directories, ${formatBytes(m.totals.bytes)}`],
      ['Volumes', m.payload.volumes.map((v) => v.name).join(', ')],
      ['Signed by', keyId],
      ['Manifest SHA-256', result.manifestSha256],
    ]));
    io.stdout(`${result.packageDir}\n`);
    return EXIT_OK;
  } catch (e) {
    display.finish();
    if (isAbort(e)) {
      io.stderr('sluice pack: cancelled; nothing was written.\n');
      return EXIT_USAGE;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** $SLUICE_HOME/sequences.json, else ~/.config/sluice/sequences.json. */
function defaultStateFile(io: CliIo): string {
  const home = io.env.SLUICE_HOME;
  if (home) return join(home, 'sequences.json');
  return join(io.env.HOME || homedir(), '.config', 'sluice', 'sequences.json');
}

export const packCommand: CliCommand = { name: 'pack', summary: 'pack files into a signed transfer package', usage, run };
