/**
 * `sluice inspect PACKAGE`: a quick look at what a package claims to hold, before verifying it.
 * Nothing is checked — no signature, no digest — and the output says so on its first line. The
 * manifest is read with a size cap and printed with control and formatting characters escaped,
 * because an unverified manifest is hostile input.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAMES, LIMITS } from '../../../shared/format/constants';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { formatBytes } from '../../../shared/units';
import { vendorChecksumLines } from '../../../shared/format/vendor-checksums';
import { contentLines } from '../../../shared/format/content-details';
import { SluiceError } from '../../engine/errors';
import { parseCommandArgs } from '../args';
import { displaySafe, displayText } from '../../../shared/format/display-text';
import { EXIT_OK, EXIT_REJECTED, jsonOutput, table, type CliCommand, type CliIo } from '../output';

/** The banner every inspect output starts with. */
export const UNVERIFIED_BANNER = 'UNVERIFIED — nothing here has been checked; run sluice verify';

const usage = `Usage: sluice inspect PACKAGE [--json]

Shows what PACKAGE's manifest.json claims: transfer id, channel, dates, signer key id, volumes,
entries, and what the packer recognised inside them (images with their references and digests,
Helm charts with name and version, SBOMs, signature files). NOTHING is verified — not the
signature, not a single digest. Use it to see what
arrived; use \`sluice verify\` before trusting any of it.

Options:
  --json    print the manifest as JSON (re-serialised, so control characters are escaped)

Exit codes: 0 shown, 1 manifest.json is not a well-formed manifest, 2 usage or unreadable package.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, { min: 1, max: 1, what: 'PACKAGE' });
  const text = await readCapped(join(positionals[0]!, FILE_NAMES.manifest), LIMITS.maxManifestBytes);
  if (values.json) {
    io.stderr(`${UNVERIFIED_BANNER}\n`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      // The parser's message quotes the bytes it stopped at (a BOM, a control character): guard it.
      io.stderr(`manifest.json is not valid JSON: ${displaySafe((e as Error).message)}\n`);
      return EXIT_REJECTED;
    }
    io.stdout(jsonOutput(raw));
    return EXIT_OK;
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) {
    io.stdout(`${UNVERIFIED_BANNER}\n\nmanifest.json is not a well-formed sluice-transfer/1 manifest:\n`);
    for (const p of parsed.problems) io.stdout(`  - ${displaySafe(p, { max: 600 })}\n`);
    return EXIT_REJECTED;
  }
  io.stdout(summary(parsed.manifest));
  return EXIT_OK;
}

function summary(m: Manifest): string {
  const rows: [string, string][] = [
    ['Transfer id', m.transferId],
    ['Sequence', String(m.sequence)],
    ['Channel', `${m.source} → ${m.destination}`],
    ['Created', m.created],
    ['Expires', m.expires],
    ['Signer key id', `${m.signer.keyId} (claimed)`],
    ['Operator', m.operator],
    ['Classification', m.classification],
    ['Purpose', m.purpose],
    ['Ticket', m.ticket],
    ['Contents', `${m.totals.files} files, ${m.totals.directories} directories, ${formatBytes(m.totals.bytes)}`],
    ['Payload', `${formatBytes(m.payload.size)} in ${m.payload.volumes.length} volume${m.payload.volumes.length === 1 ? '' : 's'}`],
  ];
  const entries = m.entries.map((e) => `  ${e.type === 'dir' ? 'dir ' : 'file'} ${e.mode} ${String(e.size).padStart(14)}  ${safe(e.path)}${e.type === 'dir' ? '/' : ''}`);
  return `${UNVERIFIED_BANNER}\n\n${table(rows.map(([k, v]) => [k, safe(v)]))}\nVolumes:\n${m.payload.volumes
    .map((v) => `  ${safe(v.name)}  ${v.size} bytes`).join('\n')}\n\nEntries:\n${entries.join('\n')}\n${contentSection(m)}${vendorSection(m)}\n${UNVERIFIED_BANNER}\n`;
}

/** Images (references and digests), charts, SBOMs and signature files the packer recognised (FORMAT.md §3.10), or nothing. */
function contentSection(m: Manifest): string {
  const lines = contentLines(m);
  return lines.length === 0 ? '' : `\nInside (as the packer recorded it):\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

/** The vendor checksum files the packer says it checked (FORMAT.md §3.10), or nothing. */
function vendorSection(m: Manifest): string {
  const lines = vendorChecksumLines(m);
  return lines.length === 0 ? '' : `\nVendor checksums (as the packer recorded them):\n${lines.map((l) => `  ${l}\n`).join('')}`;
}

/**
 * A manifest field as read, unverified: every character that could move the cursor, reorder or
 * hide text escaped (backslashes doubled, so an escape cannot be faked), long values cut.
 */
function safe(text: string): string {
  return displayText(text);
}

/** Reads a file, refusing one larger than `cap` bytes without reading it. */
async function readCapped(file: string, cap: number): Promise<string> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw new SluiceError('no-manifest', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Is this a package directory?`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new SluiceError('no-manifest', `${file} is not a regular file.`);
    if (st.size > cap) throw new SluiceError('manifest-too-large', `${file} is ${formatBytes(st.size)}, more than the ${formatBytes(cap)} a manifest may be; refusing to read it.`);
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await fh.read(buf, 0, st.size, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

export const inspectCommand: CliCommand = { name: 'inspect', summary: 'show what a package claims to hold (UNVERIFIED)', usage, run };
