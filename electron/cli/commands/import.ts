/** `sluice import PACKAGE --trust DIR --to DEST --station NET …`: verify, extract and record a transfer. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ImportReport } from '../../../shared/format/report';
import { importPackage } from '../../engine/import/import';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { parseCommandArgs, requireString } from '../args';
import { EXIT_OK, EXIT_REJECTED, type CliCommand, type CliIo } from '../output';
import { ProgressDisplay } from '../progress-display';
import { failureLines, faultLines, identityTable, requirePackageDir } from './verify';

const usage = `Usage:
  sluice import PACKAGE --trust DIR --to DEST --station NET
                [--ledger FILE] [--officer NAME] [--reason TEXT] [--json]

Verifies PACKAGE exactly as \`sluice verify\` does and, in the same pass, extracts it into a
private staging folder inside DEST. Before any payload byte is read, the package must be addressed
to this station's network NET and must not be a replay (transfer id or sequence already imported)
or a rollback (sequence not above the highest imported from that signer and channel). Only when
every check passed is the staging folder renamed to DEST/<transfer id>/ and a 'transfer.imported'
line appended to the custody ledger; otherwise nothing is left in DEST and a 'transfer.rejected'
line is appended.

--ledger FILE   the custody ledger holding replay and rollback state. Default:
                $SLUICE_HOME/ledger.jsonl, or ~/.sluice/ledger.jsonl without SLUICE_HOME.
                Use one ledger per station, whatever DEST is: replay protection is only as
                wide as the ledger.
--officer NAME  who decided the import (default: $USER)
--reason TEXT   recorded with the import

Exit codes: 0 imported, 1 rejected, 2 usage or environment error.
`;

/** The station ledger used when --ledger is not given. */
export function defaultLedgerFile(env: CliIo['env']): string {
  return env.SLUICE_HOME ? join(env.SLUICE_HOME, 'ledger.jsonl') : join(homedir(), '.sluice', 'ledger.jsonl');
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    trust: { type: 'string' }, to: { type: 'string' }, station: { type: 'string' }, ledger: { type: 'string' },
    officer: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const trustDir = requireString(values.trust, 'trust', 'DIR');
  const destRoot = requireString(values.to, 'to', 'DEST');
  const station = requireString(values.station, 'station', 'NET');
  const ledgerFile = values.ledger ?? defaultLedgerFile(io.env);
  const officer = values.officer ?? io.env.USER ?? 'system';
  const store = await loadTrustStore(trustDir);
  await requirePackageDir(packageDir);
  const display = new ProgressDisplay(io);
  let report: ImportReport;
  try {
    report = await importPackage(packageDir, { store, destRoot, station, ledgerFile, officer, reason: values.reason, onProgress: display.update });
  } finally {
    display.finish();
  }
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok && report.imported) {
    io.stdout(`Imported: every check passed.\n${identityTable(report, [
      ['Imported to', report.imported.path],
      ['Ledger entry', `${report.imported.ledgerSeq}:${report.imported.ledgerHash}`],
    ])}`);
  } else {
    io.stdout(`${failureLines(report.failures)}${faultLines(report)}Rejected: ${report.failures.length} problem(s); nothing was imported.\n`);
  }
  return report.ok && report.imported ? EXIT_OK : EXIT_REJECTED;
}

export const importCommand: CliCommand = { name: 'import', summary: 'verify a transfer package and import it into a destination', usage, run };
