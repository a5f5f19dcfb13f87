/** `sluice verify PACKAGE --trust DIR [--json]`: check a package completely without importing it. */
import { stat } from 'node:fs/promises';
import type { Failure, VerifyReport } from '../../../shared/format/report';
import { SluiceError } from '../../engine/errors';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { verifyPackage } from '../../engine/verify/verify';
import { parseCommandArgs, requireString } from '../args';
import { EXIT_OK, EXIT_REJECTED, table, type CliCommand, type CliIo } from '../output';
import { ProgressDisplay } from '../progress-display';

const usage = `Usage:
  sluice verify PACKAGE --trust DIR [--json]

Checks a transfer package directory completely, reading every byte once: the signatures by a key
in the trust store DIR, the trusted comments, the manifest, SHA256SUMS and FILES.SHA256SUMS,
freshness (expiry, clock skew), every volume's and the whole payload's SHA-256, every tar header
against the manifest, and every file's SHA-256. Nothing is extracted.

Output: the signer's label and fingerprint and the transfer id when the package verifies;
otherwise one line per failed check, "FAIL <check>: <where>: <reason>".
--json prints the full verification report instead.

Exit codes: 0 verified, 1 rejected, 2 usage or environment error.
`;

/** Throws a SluiceError (exit 2) when `dir` is not a directory: a typo, not a hostile package. */
export async function requirePackageDir(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new SluiceError('no-package', `${dir} is not a package directory; give the folder that holds manifest.json.`);
}

/** One line per failure: what failed and where. */
export function failureLines(failures: readonly Failure[]): string {
  return failures.map((f) => `FAIL ${f.check}: ${f.where}: ${f.reason}\n`).join('');
}

/** The lines that identify a verified package, plus any `extra` rows, aligned as one table. */
export function identityTable(r: VerifyReport, extra: [string, string][] = []): string {
  return table([
    ['Transfer', r.transferId ?? '?'],
    ['Signer', r.signer?.label ?? '?'],
    ['Fingerprint', r.signer?.fingerprint ?? '?'],
    ['Key id', r.signer?.keyId ?? '?'],
    ['Manifest SHA-256', r.manifestSha256 ?? '?'],
    ...extra,
  ]);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { trust: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const store = await loadTrustStore(requireString(values.trust, 'trust', 'DIR'));
  await requirePackageDir(packageDir);
  const display = new ProgressDisplay(io);
  let report: VerifyReport;
  try {
    report = await verifyPackage(packageDir, { store, onProgress: display.update });
  } finally {
    display.finish();
  }
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok) io.stdout(`Verified: every check passed.\n${identityTable(report)}`);
  else io.stdout(`${failureLines(report.failures)}Rejected: ${report.failures.length} problem(s); do not import this package.\n`);
  return report.ok ? EXIT_OK : EXIT_REJECTED;
}

export const verifyCommand: CliCommand = { name: 'verify', summary: 'verify a transfer package without importing it', usage, run };
