/** `sluice ledger verify|export|show|repair`: check, export, read and repair a custody ledger. */
import { link, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findEntries, type LedgerEntry } from '../../../shared/ledger-events';
import { SluiceError } from '../../engine/errors';
import { exportLedger, inspectLedger, repairLedger, type LedgerVerification } from '../../engine/ledger/index';
import { parseCommandArgs, subcommandRunner, UsageError } from '../args';
import { displaySafe, displayText } from '../../../shared/format/display-text';
import { EXIT_OK, EXIT_REJECTED, jsonOutput, type CliCommand, type CliIo } from '../output';
import { currentUser } from '../who';

const usage = `Usage:
  sluice ledger verify FILE [--head SEQ:HASH] [--json]
  sluice ledger export FILE (--csv | --jsonl) [--out OUT]
  sluice ledger show FILE [--transfer ID] [--json]
  sluice ledger repair FILE [--actor NAME] [--station NET]

A ledger is the station's custody record: one JSON line per event, each carrying the SHA-256 of
the line before, so an edited, removed, inserted or reordered line breaks the chain.

verify   Checks every line and names the first bad one. Lines cut off the end leave a chain
         that still checks, so verify also compares against a head: --head SEQ:HASH from a
         printed receipt, or else FILE.head (written after every append). Exit 0 when the
         ledger verifies, 1 when it does not.
export   Writes the ledger as CSV (seq,time,event,station,actor,transferId,data,prev,hash;
         cells that a spreadsheet would run as a formula get a leading ') or as JSON lines
         with each line's hash added, to stdout or to OUT (which must not exist). Refuses a
         ledger that does not verify.
show     Lists the entries, or only those of transfer ID. If the ledger does not verify, the
         entries before the first bad line are listed and the exit code is 1.
repair   Cuts a torn last line (the bytes after the last newline, left when a write was
         interrupted) and nothing else: the lines before it must verify, against FILE.head
         too. The cut bytes are kept in FILE.torn-<hash> and a 'ledger.repaired' line records
         their length and SHA-256 (actor: --actor, else $USER; station: --station, else the
         last line's). Anything else wrong is refused (exit 2) and the file left as it is.

Exit codes: 0 ok, 1 the ledger does not verify, 2 usage or environment error.
`;

async function requireLedgerFile(file: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(file)).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new SluiceError('ledger-missing', `There is no ledger at ${file}. Check the path.`);
  }
  if (!isFile) throw new SluiceError('ledger-missing', `${file} is not a file; give the path of a ledger file.`);
}

function anchorLine(file: string, v: LedgerVerification): string {
  if (!v.anchor) return `no anchored head (${file}.head is missing): lines cut off the end would not be noticed; compare the head with your last receipt`;
  return v.anchor.source === 'argument' ? `checked against --head ${v.anchor.head}` : `checked against ${file}.head (${v.anchor.head})`;
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { head: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, what: 'FILE' });
  const file = positionals[0]!;
  await requireLedgerFile(file);
  if (values.head !== undefined && !/^\d+:[0-9a-f]{64}$/.test(values.head)) {
    throw new UsageError(`--head must be SEQ:HASH (a number, a colon, 64 lowercase hex digits), not "${values.head}"`);
  }
  const { verification: v } = await inspectLedger(file, values.head !== undefined ? { head: values.head } : {});
  if (values.json) {
    io.stdout(jsonOutput({ file, ...v }));
  } else if (v.ok) {
    io.stdout(`ledger OK: ${v.count} entries, head ${v.head ?? 'none (empty ledger)'}\n${anchorLine(file, v)}\n`);
  } else {
    io.stdout(`ledger BROKEN: line ${v.firstBad!.line}: ${displaySafe(v.firstBad!.reason)}\n`);
    if (v.firstBad!.reason.startsWith('torn:') && v.firstBad!.line === v.count) io.stdout(`the last line is torn (an interrupted write): \`sluice ledger repair ${file}\` cuts it off and records that it did\n`);
    io.stdout(`${v.count} lines; the chain holds up to ${v.head ?? 'no line'}; ${anchorLine(file, v)}\n`);
  }
  return v.ok ? EXIT_OK : EXIT_REJECTED;
}

/** Writes `text` to `out` without replacing an existing file and without leaving a partial one. */
async function publish(out: string, text: string): Promise<void> {
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, text, { flag: 'wx', mode: 0o600 });
  try {
    await link(tmp, out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new SluiceError('output-exists', `${out} already exists; choose another --out or remove it.`);
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function exportCmd(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { csv: { type: 'boolean' }, jsonl: { type: 'boolean' }, out: { type: 'string' } },
    { min: 1, max: 1, what: 'FILE' },
  );
  if (Boolean(values.csv) === Boolean(values.jsonl)) throw new UsageError('give exactly one of --csv or --jsonl');
  const file = positionals[0]!;
  await requireLedgerFile(file);
  const text = await exportLedger(file, values.csv ? 'csv' : 'jsonl');
  if (values.out === undefined) {
    io.stdout(text);
  } else {
    await publish(values.out, text);
    io.stderr(`Exported ${file} to ${values.out}.\n`);
  }
  return EXIT_OK;
}

/**
 * Text from the ledger shown on a terminal: every refused character (shared/format/display-text.ts)
 * is escaped, so a crafted entry cannot move the cursor or reorder what a person reads, and a line
 * is cut at a length a terminal can show (--json gives everything).
 */
function safe(text: string): string {
  return displaySafe(text, { max: 4000 });
}

function showLine(e: LedgerEntry): string {
  return safe(`${String(e.seq).padStart(5)}  ${e.time}  ${e.event.padEnd(19)}  ${e.station}  ${e.actor}  ${e.transferId ?? '-'}  ${JSON.stringify(e.data)}`);
}

async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { transfer: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, what: 'FILE' });
  const file = positionals[0]!;
  await requireLedgerFile(file);
  const { verification: v, lines } = await inspectLedger(file);
  const byEntry = new Map(lines.map((l) => [l.entry, l.hash]));
  const shown = findEntries(lines.map((l) => l.entry), values.transfer !== undefined ? { transferId: values.transfer } : {});
  if (values.json) {
    io.stdout(jsonOutput(shown.map((e) => ({ ...e, hash: byEntry.get(e) }))));
  } else {
    io.stdout(`${'  seq'}  ${'time'.padEnd(20)}  ${'event'.padEnd(19)}  station  actor  transfer  data\n`);
    for (const e of shown) io.stdout(`${showLine(e)}\n`);
    if (shown.length === 0) io.stdout(values.transfer !== undefined ? `(no entries for transfer ${displayText(values.transfer)})\n` : '(no entries)\n');
  }
  if (!v.ok) {
    io.stderr(`sluice ledger: the ledger does not verify at line ${v.firstBad!.line}: ${v.firstBad!.reason}\n` +
      `Only the entries before that line are shown. Run \`sluice ledger verify ${file}\`.\n`);
    return EXIT_REJECTED;
  }
  return EXIT_OK;
}

async function repair(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { actor: { type: 'string' }, station: { type: 'string' } }, { min: 1, max: 1, what: 'FILE' });
  const file = positionals[0]!;
  await requireLedgerFile(file);
  const actor = values.actor ?? currentUser(io.env);
  const r = await repairLedger(file, { actor, ...(values.station !== undefined ? { station: values.station } : {}) });
  io.stdout(`ledger repaired: cut ${r.cutBytes} torn byte(s) at offset ${r.offset} (SHA-256 ${r.cutSha256}), kept in ${r.evidence}\n` +
    `recorded as ledger entry ${r.line.seq}; head ${r.line.head}\n`);
  return EXIT_OK;
}

const run = subcommandRunner<CliIo>({ verify, export: exportCmd, show, repair });

export const ledgerCommand: CliCommand = { name: 'ledger', summary: 'verify, export, show or repair a custody ledger', usage, run };
