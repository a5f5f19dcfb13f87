/** `sluice verify PACKAGE --trust DIR [--require-witnesses N] [--json]`: check a package completely without importing it. */
import { stat } from 'node:fs/promises';
import type { CosignerResult, Failure, VerifyReport } from '../../../shared/format/report';
import { classifyFault, type FaultInput } from '../../../shared/format/fault';
import { contentLines } from '../../../shared/format/content-details';
import { vendorChecksumLines } from '../../../shared/format/vendor-checksums';
import type { Manifest } from '../../../shared/format/manifest';
import { displaySafe, failureLine } from '../../../shared/format/display-text';
import { SluiceError } from '../../engine/errors';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { verifyPackage } from '../../engine/verify/verify';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { EXIT_OK, EXIT_REJECTED, jsonOutput, table, type CliCommand, type CliIo } from '../output';
import { ProgressDisplay } from '../progress-display';

const usage = `Usage:
  sluice verify PACKAGE --trust DIR [--require-witnesses N] [--json]

Checks a transfer package directory completely, reading every byte once: the signatures by a key
in the trust store DIR, the trusted comments, the manifest, SHA256SUMS and FILES.SHA256SUMS,
freshness (expiry, clock skew), every volume's and the whole payload's SHA-256, every tar header
against the manifest, and every file's SHA-256. Nothing is extracted.

--require-witnesses N: the station's two-person rule. At least N valid witness co-signatures
(cosign-<KEYID>.minisig) by keys trusted with the witness role (\`sluice trust add … --role
witness\`), none of them the signer's key. A package whose manifest requires more (its critical
"cosign" extension) needs that many, whatever N is. Default 0. Co-signatures found are listed
with whether each counts; in --json, under "cosigners" and "witnessesRequired".

Output: the signer's label and fingerprint and the transfer id when the package verifies;
otherwise one line per failed check, "FAIL <check>: <where>: <reason>", then what they add up to
and what to do (e.g. "Incomplete — copy it again from the medium" for a missing or short volume).
--json prints the full verification report instead.

Exit codes: 0 verified, 1 rejected, 2 usage or environment error.
`;

/** Throws a SluiceError (exit 2) when `dir` is not a directory: a typo, not a hostile package. */
export async function requirePackageDir(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new SluiceError('no-package', `${dir} is not a package directory; give the folder that holds manifest.json.`);
}

/**
 * Parses --require-witnesses: a whole number from 0 to 16 (the manifest's own limit), or a
 * UsageError. Undefined stays undefined (no station requirement).
 */
export function parseRequireWitnesses(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,2}$/.test(text) || Number(text) > 16) throw new UsageError(`--require-witnesses must be a whole number from 0 to 16, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** The co-signers of a report, one line each with whether it counts; empty when there are none and none are required. */
export function cosignerLines(r: Pick<VerifyReport, 'cosigners' | 'witnessesRequired'>): string {
  const list: readonly CosignerResult[] = r.cosigners ?? [];
  if (list.length === 0 && !r.witnessesRequired) return '';
  const valid = list.filter((c) => c.status === 'valid').length;
  const head = `Co-signatures: ${valid} valid, ${r.witnessesRequired ?? 0} required\n`;
  return head + list.map((c) => {
    // The key id is read from the co-signature file and the reason may quote it: guard both.
    const who = displaySafe(c.label ? `${c.label} (${c.keyId}${c.fingerprint ? `, fingerprint ${c.fingerprint}` : ''})` : c.keyId);
    return c.status === 'valid' ? `  witness ${who}: valid\n` : `  ${who}: ${displaySafe(c.status, { max: 40 })}, not counted: ${displaySafe(c.reason)}\n`;
  }).join('');
}

/**
 * One line per failure: what failed and where. Paths and reasons come from the package, so each is
 * guarded and capped (shared/format/display-text.ts): a path holding ESC, CR or a bidi override
 * shows as `\u001b`, `\u000d`, `\u202e`, and a huge path as its start and a count.
 */
export function failureLines(failures: readonly Failure[]): string {
  return failures.map((f) => `FAIL ${failureLine(f)}\n`).join('');
}

/**
 * What the failures add up to, for a person: the fault's headline and, indented, what to do
 * (shared/format/fault.ts) — so a half-copied package reads "Incomplete — copy it again from the
 * medium", not like tampering. Empty when nothing failed.
 */
export function faultLines(r: FaultInput): string {
  const fault = classifyFault(r);
  return fault ? `${displaySafe(fault.headline, { max: 1000 })}\n  ${displaySafe(fault.advice, { max: 1000 })}\n` : '';
}

/** What the packer recognised inside the verified package (images, charts, SBOMs; FORMAT.md §3.10), or nothing. */
function insideLines(m: Manifest | null): string {
  const lines = m ? contentLines(m) : [];
  return lines.length === 0 ? '' : `Inside (signed by the packer):\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

/** The vendor checksum files the packer checked (FORMAT.md §3.11), or nothing. */
function vendorLines(m: Manifest | null): string {
  const lines = m ? vendorChecksumLines(m) : [];
  return lines.length === 0 ? '' : `Vendor checksums (checked by the packer, signed):\n${lines.map((l) => `  ${l}\n`).join('')}`;
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
  const { values, positionals } = parseCommandArgs(argv, { trust: { type: 'string' }, json: { type: 'boolean' }, 'require-witnesses': { type: 'string' } }, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const requireWitnesses = parseRequireWitnesses(values['require-witnesses']);
  const store = await loadTrustStore(requireString(values.trust, 'trust', 'DIR'));
  await requirePackageDir(packageDir);
  const display = new ProgressDisplay(io);
  let report: VerifyReport;
  try {
    report = await verifyPackage(packageDir, { store, onProgress: display.update, ...(requireWitnesses !== undefined ? { requireWitnesses } : {}) });
  } finally {
    display.finish();
  }
  if (values.json) io.stdout(jsonOutput(report));
  else if (report.ok) io.stdout(`Verified: every check passed.\n${identityTable(report)}${cosignerLines(report)}${insideLines(report.manifest)}${vendorLines(report.manifest)}`);
  else io.stdout(`${failureLines(report.failures)}${cosignerLines(report)}${faultLines(report)}Rejected: ${report.failures.length} problem(s); do not import this package.\n`);
  return report.ok ? EXIT_OK : EXIT_REJECTED;
}

export const verifyCommand: CliCommand = { name: 'verify', summary: 'verify a transfer package without importing it', usage, run };
