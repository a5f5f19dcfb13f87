/**
 * `sluice receipt PACKAGE --trust DIR --ledger FILE (--html OUT | --pdf OUT)`: prints the import
 * receipt of a transfer from its ledger entry, or with --rejected the rejection report of a package
 * for the incident record.
 */
import { failureLine } from '../../../shared/format/display-text';
import type { ImportReport, VerifyReport } from '../../../shared/format/report';
import type { LedgerEntry } from '../../../shared/ledger-events';
import { renderImportReceipt, renderRejectionReport, type ImportChecklist } from '../../../shared/print/index';
import { scanPaperFromLedger, type ImportScanPaper } from '../../../shared/print/scan';
import { SluiceError } from '../../engine/errors';
import { loadTrustStore } from '../../engine/keys/index';
import { inspectLedger, type LedgerInspection } from '../../engine/ledger/index';
import { findImportChecklist, writeDocument } from '../../engine/print/index';
import { checkSignature, verifyPackage } from '../../engine/verify/index';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_REJECTED, say, warn, type CliCommand, type CliIo } from '../output';
import { parsePaper, PRINT_OPTIONS, PRINT_OPTIONS_HELP, printTargets } from './print-options';
import type { DocumentTargets } from '../../engine/print/index';
import type { Paper } from '../../../shared/print/index';

const usage = `Usage:
  sluice receipt PACKAGE --trust DIR --ledger FILE (--html OUT | --pdf OUT) [--paper a4|letter]
  sluice receipt PACKAGE --trust DIR --rejected --station ID [--officer NAME] [--ledger FILE] (--html OUT | --pdf OUT) [--paper a4|letter]

Import receipt (default): finds the ledger's 'transfer.imported' entry for PACKAGE (same transfer
id and manifest SHA-256), re-runs the verification as of that entry's time, and prints the
transfer's details, the signer and signed digest, every check with PASS or FAIL, the officer's
decision and reason, where the transfer was imported, and the ledger entry's sequence and hash
(the head SEQ:HASH to anchor \`sluice ledger verify --head\`). The ledger must verify. The import
checklist recorded before the import (\`sluice import --checklist\`, or the app) is printed with
it: every answer with who and when, the seal number typed and whether it matched the signed one,
and the witness; so are the witness co-signatures (key id, fingerprint) the verifier judged.

Rejection report (--rejected): verifies PACKAGE now and prints every failure — which check, where
and why — with the checks and the signer as far as they were established, for the incident record.
With --ledger, the ledger's last rejection of the transfer gives the officer, the reason and the
import checklist answered before it (a blocking answer, a seal that did not match).

Options:
  --trust DIR         the trust store (a directory of <label>.pub files)
  --ledger FILE       the station's custody ledger (import receipt; optional with --rejected)
  --rejected          print the rejection report instead
  --station ID        this station's network id (rejection report)
  --officer NAME      the officer who rejected it (rejection report)
${PRINT_OPTIONS_HELP}

Exit codes: 0 printed; 1 no receipt printed because the package no longer verifies or its
signature stage fails; 2 usage or environment error (no such ledger entry, broken ledger, …).
`;

const OPTIONS = {
  ...PRINT_OPTIONS,
  trust: { type: 'string' },
  ledger: { type: 'string' },
  rejected: { type: 'boolean' },
  station: { type: 'string' },
  officer: { type: 'string' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const trustDir = requireString(values.trust, 'trust', 'DIR');
  const targets = printTargets(values);
  const paper = parsePaper(values.paper);
  if (values.rejected) {
    const station = requireString(values.station, 'station', 'ID');
    return rejection(io, { packageDir, trustDir, station, officer: values.officer, ledger: values.ledger, targets, paper });
  }
  if (values.station !== undefined || values.officer !== undefined) throw new UsageError('--station and --officer go with --rejected; the import receipt takes them from the ledger');
  const ledger = requireString(values.ledger, 'ledger', 'FILE');
  return receipt(io, { packageDir, trustDir, ledger, targets, paper });
}

interface Common {
  packageDir: string;
  trustDir: string;
  targets: DocumentTargets;
  paper: Paper;
}

/** The ledger's lines, after its chain verified (SluiceError otherwise); a warning when it has no anchored head. */
async function verifiedLedger(io: CliIo, file: string): Promise<LedgerInspection['lines']> {
  const { verification, lines } = await inspectLedger(file);
  if (verification.count === 0) throw new SluiceError('ledger-missing', `The ledger ${file} is missing or empty; give the station's ledger with --ledger.`);
  if (!verification.ok) {
    const bad = verification.firstBad;
    throw new SluiceError('ledger-broken', `The ledger ${file} does not verify${bad ? ` (line ${bad.line}: ${bad.reason})` : ''}; no receipt is printed from it. Run \`sluice ledger verify ${file}\`.`);
  }
  if (!verification.anchor) {
    warn(io, `sluice receipt: warning: ${file}.head is missing, so the ledger was checked with no anchored head: a rewritten or cut-off end would not be noticed. Compare the printed head with your last receipt.`);
  }
  return lines;
}

async function receipt(io: CliIo, o: Common & { ledger: string }): Promise<number> {
  const lines = await verifiedLedger(io, o.ledger);
  const store = await loadTrustStore(o.trustDir);
  const stage = await checkSignature(o.packageDir, store);
  if (!stage.ok || !stage.manifest || !stage.manifestSha256) return refuse(io, 'its signature stage fails', stage.failures);
  const m = stage.manifest;
  const line = lines.findLast(
    ({ entry }) => entry.event === 'transfer.imported' && entry.transferId === m.transferId && entry.data.manifestSha256 === stage.manifestSha256,
  );
  if (!line) {
    throw new SluiceError(
      'not-imported',
      `The ledger ${o.ledger} records no import of transfer ${m.transferId} with manifest SHA-256 ${stage.manifestSha256}. Check --ledger, or print a rejection report with --rejected.`,
    );
  }
  const { entry, hash } = line;
  const report = await verifyPackage(o.packageDir, { store, now: Date.parse(entry.time) });
  if (!report.ok) return refuse(io, `it no longer verifies as of its import at ${entry.time}`, report.failures);
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const checklist = findImportChecklist(lines.map((l) => l.entry), m.transferId, entry.seq);
  const imported: ImportReport = { ...report, imported: { path: str(entry.data.path, 'unknown'), ledgerSeq: entry.seq, ledgerHash: hash } };
  const html = renderImportReceipt({
    report: imported,
    decision: { officer: entry.actor, decision: 'approved', reason: str(entry.data.reason, ''), at: entry.time },
    ledger: { seq: entry.seq, hash },
    station: entry.station,
    paper: o.paper,
    ...(checklist ? { checklist } : {}),
    ...(scanPaperFromLedger(entry.data.scan) ? { scan: scanPaperFromLedger(entry.data.scan)! } : {}),
  });
  const written = await writeDocument(html, o.targets, { packageDir: o.packageDir, env: io.env });
  for (const file of written) say(io, `wrote ${file}`);
  say(io, `import receipt of ${m.transferId} seq ${m.sequence}: ledger entry ${entry.seq}:${hash}`);
  return EXIT_OK;
}

async function rejection(io: CliIo, o: Common & { station: string; officer: string | undefined; ledger: string | undefined }): Promise<number> {
  const lines = o.ledger !== undefined ? await verifiedLedger(io, o.ledger) : null;
  const store = await loadTrustStore(o.trustDir);
  const report = await verifyPackage(o.packageDir, { store });
  const recorded = lines ? recordedRejection(lines.map((l) => l.entry), report, o.ledger!) : null;
  const officer = o.officer ?? recorded?.officer;
  const html = renderRejectionReport({
    report, station: o.station, paper: o.paper,
    ...(officer !== undefined ? { officer } : {}),
    ...(recorded ? { reason: recorded.reason } : {}),
    ...(recorded?.checklist ? { checklist: recorded.checklist } : {}),
    ...(recorded?.scan ? { scan: recorded.scan } : {}),
  });
  const written = await writeDocument(html, o.targets, { packageDir: o.packageDir, env: io.env });
  for (const file of written) say(io, `wrote ${file}`);
  say(io, `rejection report: ${report.failures.length} failure(s)${report.ok ? ' (the package itself verifies; the rejection is the officer\'s)' : ''}`);
  return EXIT_OK;
}

/**
 * The ledger's last `transfer.rejected` of the package's transfer (the same manifest, when the entry
 * names its SHA-256): who rejected it, why, and the import checklist answered before. Only a
 * package whose signature verified names its transfer; SluiceError 'not-rejected' when none is recorded.
 */
function recordedRejection(entries: readonly LedgerEntry[], report: VerifyReport, ledger: string): { officer: string; reason: string; checklist: ImportChecklist | undefined; scan: ImportScanPaper | undefined } {
  const id = report.manifest?.transferId;
  if (!id) throw new SluiceError('not-rejected', `The package's signature did not verify, so it names no transfer to look up in ${ledger}; print the report without --ledger.`);
  const entry = entries.findLast((e) => e.event === 'transfer.rejected' && e.transferId === id && (typeof e.data.manifestSha256 !== 'string' || e.data.manifestSha256 === report.manifestSha256));
  if (!entry) throw new SluiceError('not-rejected', `The ledger ${ledger} records no rejection of transfer ${id}; print the report without --ledger.`);
  return { officer: entry.actor, reason: typeof entry.data.reason === 'string' ? entry.data.reason : '', checklist: findImportChecklist(entries, id, entry.seq), scan: scanPaperFromLedger(entry.data.scan) };
}

function refuse(io: CliIo, why: string, failures: readonly { check: string; where: string; reason: string }[]): number {
  warn(io, `sluice receipt: no import receipt printed: the package ${why}:`);
  for (const f of failures) warn(io, `  ${failureLine(f)}`);
  warn(io, 'Print a rejection report with --rejected for the incident record.');
  return EXIT_REJECTED;
}

/** The `sluice receipt` command. */
export const receiptCommand: CliCommand = { name: 'receipt', summary: 'print the import receipt (or rejection report) of a transfer (HTML or PDF)', usage, run };
