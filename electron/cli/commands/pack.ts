/** `sluice pack SOURCE... --key FILE --out DIR --from NET --to NET`: make one signed transfer package. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { policyRecords, sameAnswer } from '../../../shared/checklist-policy';
import { formatTimestamp, SEAL_PATTERN, type ChecklistRecord } from '../../../shared/format/manifest';
import { vendorChecksumLines, vendorChecksumSummaryText } from '../../../shared/format/vendor-checksums';
import { vendorChecksumAnswers } from '../../../shared/checklist-vendor';
import { probeVendorChecksums } from '../../engine/pack/vendor-probe';
import { formatBytes, parseDuration, parseSize } from '../../../shared/units';
import { isAbort, SluiceError } from '../../engine/errors';
import { formatKeyId } from '../../engine/crypto/minisign';
import { pack } from '../../engine/pack/pack';
import { reserveSequence } from '../../engine/pack/sequence-state';
import { automaticVolumeSize } from '../../engine/pack/preflight';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { checklistProblemsError, evaluateChecklistFile, loadStationTemplate, readChecklistFile } from '../checklist-file';
import { EXIT_OK, EXIT_USAGE, table, type CliCommand, type CliIo } from '../output';
import { PASSPHRASE_HELP, unlockSigningKey } from '../passphrase';
import { ProgressDisplay } from '../progress-display';
import { SCAN_HELP, SCAN_OPTIONS, stationScanner } from '../scan-options';
import { Interrupt } from '../interrupt';
import { describeLeftover } from '../../engine/util/leftovers';
import { currentUser } from '../who';

const usage = `Usage: sluice pack SOURCE... --key FILE --out DIR --from NET --to NET [options]

Packs the files and directories SOURCE... into one signed transfer package, DIR/<transfer id>/,
and prints its path. Each SOURCE becomes a top-level entry named by its last path component.
Symbolic links, devices, sockets, FIFOs, unreadable files and names that are not portable are
refused (all of them listed, nothing written). The package appears in DIR only when complete.

Vendor checksums in the sources (SHA256SUMS, CHECKSUMS.txt, *.sha256sum — GNU or BSD lines — and
<file>.sha256 sidecars) are checked while the files are read: a file that does not match is exit 2
naming it, nothing written. Files listed but not carried are recorded, not refused; a checksum file
that cannot be read strictly is recorded as not checked, with why. A vendor signature beside one
(.minisig, .asc, .sig, a sigstore bundle) is noted as present, not checked by Sluice.

Options:
  --key FILE               the signing (secret) key, from \`sluice keygen\`
  --passphrase-file FILE   read the key's passphrase from the first line of FILE
  --out DIR                where the package directory is created
  --from NET               this side's network id (e.g. LOW)
  --to NET                 the destination network id (e.g. HIGH)
  --id ID                  transfer id (default: T<YYYYMMDD>-<HHMMSS>-<random>)
  --sequence N             sequence number (default: one more than the last one used by this
                           key on this channel, from the state file). The number is reserved in
                           the state file before packing, so packs running at once never share
                           one; a pack that fails leaves a gap, which receivers accept
  --expires DURATION       how long the package may be imported: 30m, 12h, 7d, 2w (default 7d)
  --classification TEXT    classification marking printed on every document
  --purpose TEXT           why this is being transferred
  --ticket TEXT            change or request reference
  --operator NAME          who packs it (default: the checklist's "by", else $USER)
  --seal SEAL              the number of the tamper-evident bag the medium will be sealed in,
                           taken from numbered stock before packing (4–32 letters, digits or
                           hyphens); signed into the manifest, printed, and compared on import
  --checklist FILE         the before-packing checklist answers, as JSON:
                             { "by": "NAME", "answers": { "<item id>": true | "text" | "option" } }
                           judged against the station's export-pre template. A missing or bad
                           answer, or an answer that refuses packing, is exit 2 naming each item
                           and nothing is packed; otherwise the answers, with "by" and the time,
                           are signed into the manifest's checklist. "by" is the operator: a
                           different --operator is refused
  --checklist-template FILE  the export-pre template to judge against (default:
                           $SLUICE_HOME/checklists/export-pre.json if present, else the shipped one)
  --require-witnesses N    declare in the signed manifest that the import station must see N
                           (1–16) witness co-signatures (\`sluice cosign\`); listed in "critical",
                           so a reader that does not know co-signatures refuses the package
  --volume-size SIZE       split the payload into volumes of at most SIZE (e.g. 4000M, 700M);
                           on a FAT medium (kernel or FUSE mount, e.g. FAT32 USB sticks) the
                           default is 2000M, below FAT's 4 GiB file limit and the 2 GiB some
                           FAT drivers fail at; elsewhere unsplit.
                           For a set of several media (\`sluice write\`), choose a size that
                           fits the smallest medium
${SCAN_HELP}                           A finding: exit 2 naming each file and signature, nothing
                           written. The scan (engine, version, signatures, files, verdict) is
                           signed into the manifest; without --scan the manifest says
                           "not-scanned"
  --state FILE             sequence state (default: $SLUICE_HOME/sequences.json, else
                           ~/.config/sluice/sequences.json)

${PASSPHRASE_HELP}
Exit codes: 0 packed; 2 refused sources, a checklist that is incomplete or refuses packing, a bad
seal number, a file that does not match its vendor checksum, an antivirus finding or a scan
that failed (--scan), usage or environment error (a full, read-only or unwritable target, a removed
medium: one line saying what failed, where and what to do; the partial package is removed).
Ctrl-C, SIGTERM or SIGHUP cancels: the partial package is removed and the exit code is 130, 143
or 129 (128 + the signal's number). A <id>.partial left in DIR by a pack that was killed or lost
power is removed by the next pack into DIR (never one whose pack is still running).
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
  seal: { type: 'string' },
  checklist: { type: 'string' },
  'checklist-template': { type: 'string' },
  'require-witnesses': { type: 'string' },
  ...SCAN_OPTIONS,
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
  if (volumeSize === undefined) {
    // FAT cannot hold a file over 4 GiB: split below it without asking (issue 11).
    const auto = await automaticVolumeSize(outDir);
    if (auto) {
      volumeSize = auto.volumeSize;
      io.stderr(`sluice pack: ${outDir} is ${auto.filesystem}, which holds no file of 4 GiB or more: a payload larger than ${formatBytes(auto.volumeSize)} is split into volumes of that size.\n`);
    }
  }
  let sequence: number | undefined;
  if (values.sequence !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(values.sequence) || !Number.isSafeInteger(Number(values.sequence))) {
      throw new UsageError(`--sequence must be a whole number of at least 1, not "${values.sequence}"`);
    }
    sequence = Number(values.sequence);
  }
  const stateFile = values.state ?? defaultStateFile(io);
  const seal = values.seal;
  if (seal !== undefined && !SEAL_PATTERN.test(seal)) throw new UsageError(`--seal must be the 4–32 letters, digits or hyphens printed on the bag, not ${JSON.stringify(seal)}`);
  const requireWitnesses = values['require-witnesses'] === undefined ? undefined : parseWitnessCount(values['require-witnesses']);
  const scanner = await stationScanner(values, io.env, 'pack');
  // The checklist is judged before the key is unlocked or a sequence number is used.
  const created = new Date();
  const prePack = values.checklist === undefined ? null : await prePackChecklist(io, values.checklist, values['checklist-template'], values.operator, created, positionals);
  if (values.checklist === undefined && values['checklist-template'] !== undefined) throw new UsageError('--checklist-template needs --checklist FILE');
  const operator = values.operator ?? prePack?.by ?? currentUser(io.env);

  const interrupt = new Interrupt(io, 'pack', 'nothing was written');
  const display = new ProgressDisplay(io);
  try {
    const signingKey = await unlockSigningKey(io, keyFile, values['passphrase-file']);
    const keyId = formatKeyId(signingKey.keyIdBytes);
    // From here a signal no longer ends the process at once: pack removes its .partial first.
    interrupt.startWork();
    // Reserved (durably, under a lock) before packing: two packs at once, or a pack killed after
    // its final rename, never give two packages one sequence. A failed pack leaves a gap.
    sequence = await reserveSequence(stateFile, keyId, from, to, sequence);
    const result = await pack({
      sources: positionals, outDir, signingKey, source: from, destination: to, transferId: values.id, sequence,
      created, expires: new Date(created.getTime() + expiresIn * 1000),
      operator, classification: values.classification, purpose: values.purpose, ticket: values.ticket,
      ...(prePack ? { checklist: prePack.records } : {}),
      ...(prePack?.vendorAnswered ? { vendorChecksumsAnswered: true } : {}),
      ...(seal !== undefined ? { seal } : {}),
      ...(requireWitnesses !== undefined ? { requireWitnesses } : {}),
      ...(scanner ? { scanner } : {}),
      volumeSize, signal: interrupt.signal, onProgress: display.update,
      onLeftover: (l) => io.stderr(`sluice pack: ${describeLeftover(l)}\n`),
    });
    display.finish();
    const m = result.manifest;
    io.stderr(table([
      ['Transfer id', m.transferId],
      ['Sequence', String(m.sequence)],
      ['Channel', `${m.source} → ${m.destination}`],
      ['Contents', `${m.totals.files} files, ${m.totals.directories} directories, ${formatBytes(m.totals.bytes)}`],
      ['Volumes', m.payload.volumes.map((v) => v.name).join(', ')],
      ['Signed by', keyId],
      ...(m.seal !== undefined ? [['Seal', m.seal] as [string, string]] : []),
      ...(m.cosign ? [['Co-signatures', `${m.cosign.witnesses} witness(es) required`] as [string, string]] : []),
      ...(prePack ? [['Checklist', `${prePack.records.length} answers by ${prePack.by}${prePack.vendorAnswered ? ' (vendor checksums answered by Sluice)' : ''}, signed into the manifest`] as [string, string]] : []),
      ['Antivirus', m.scan?.verdict === 'clean' ? `clean: ${m.scan.filesScanned} files, ${m.scan.engine} ${m.scan.engineVersion}, ${m.scan.database.description}` : 'not scanned'],
      ['Vendor checksums', vendorChecksumSummaryText(m)],
      ['Manifest SHA-256', result.manifestSha256],
    ]));
    for (const line of vendorChecksumLines(m)) io.stderr(`  ${line}\n`);
    io.stdout(`${result.packageDir}\n`);
    return EXIT_OK;
  } catch (e) {
    display.finish();
    if (interrupt.cancelledBy) return interrupt.report();
    if (isAbort(e)) {
      io.stderr('sluice pack: cancelled; nothing was written.\n');
      return EXIT_USAGE;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

/**
 * Judges the export-pre checklist in `file`; returns its records (`by` from the file, `at` = the
 * pack's creation time). Exit 2 (SluiceError) for problems, a blocking answer, or an --operator
 * other than the person who answered. Items the machine answers (vendor checksums, when the
 * sources carry checksum files it can check) take its answer instead of the file's.
 */
async function prePackChecklist(io: CliIo, file: string, templateFile: string | undefined, operator: string | undefined, at: Date, sources: readonly string[]): Promise<{ by: string; records: ChecklistRecord[]; vendorAnswered: boolean }> {
  const answers = await readChecklistFile(file);
  const station = await loadStationTemplate('export-pre', io.env, templateFile);
  if (operator !== undefined && !sameAnswer(operator, answers.by)) {
    throw new UsageError(`--operator ${operator} differs from "by" in ${file} (${answers.by}): the operator answers the before-packing checklist`);
  }
  const machine = vendorChecksumAnswers(station.template, await probeVendorChecksums(sources));
  const evaluation = evaluateChecklistFile(station.template, answers, null, machine);
  if (evaluation.problems.length) throw checklistProblemsError(answers, station, evaluation.problems, 'nothing was packed');
  if (evaluation.blocks.length) {
    throw new SluiceError('packing-refused', `packing refused by the checklist in ${file}; nothing was packed:`, evaluation.blocks.map((b) => ({ path: b.itemId, reason: b.reason })));
  }
  const ctx = { by: answers.by, manifest: null, machine };
  return { by: answers.by, records: policyRecords(station.template, answers.answers, ctx, formatTimestamp(at.getTime() / 1000)), vendorAnswered: Object.keys(machine).length > 0 };
}

/** `--require-witnesses N`: a whole number from 1 to 16, else a UsageError. */
export function parseWitnessCount(text: string): number {
  if (!/^[0-9]{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 16) throw new UsageError(`--require-witnesses must be a whole number from 1 to 16, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** $SLUICE_HOME/sequences.json, else ~/.config/sluice/sequences.json. */
function defaultStateFile(io: CliIo): string {
  const home = io.env.SLUICE_HOME;
  if (home) return join(home, 'sequences.json');
  return join(io.env.HOME || homedir(), '.config', 'sluice', 'sequences.json');
}

export const packCommand: CliCommand = { name: 'pack', summary: 'pack files into a signed transfer package', usage, run };
