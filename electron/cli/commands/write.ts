/** `sluice write PACKAGE TARGET… [--read-back] [--eject]`: a package onto one or more mounted media. */
import { formatBytes } from '../../../shared/units';
import { displaySafe } from '../../../shared/format/display-text';
import { appendEvent } from '../../engine/ledger/index';
import { ejectMedium, writeMediaSet, type MediumResult } from '../../engine/media/index';
import { isAbort } from '../../engine/errors';
import { parseCommandArgs } from '../args';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, jsonOutput, type CliCommand, type CliIo } from '../output';
import { ledgerTarget } from './cosign';

const usage = `Usage: sluice write PACKAGE TARGET... [--read-back] [--eject] [--json]
                    [--ledger FILE --station NET --actor NAME]

Writes the finished package directory PACKAGE onto the mounted media TARGET... in the order
given, each filled up to its free space: every medium gets the signed package files (manifest,
signatures, sums, README) and its share of the payload volumes, in TARGET/<transfer id>/, and
the set label TARGET/<transfer id>.medium.json ("medium 2 of 3", docs/FORMAT.md "Media sets").
A package that fits on the first medium is written there whole, and that folder is an ordinary
package. Media not needed are left untouched.

Everything is checked before the first byte is written, and refused with exit 2: a read-only
medium, one with too little free space, a folder given twice, a transfer already on a medium, a
volume larger than a medium can hold or its filesystem allows (FAT: 4 GiB) — the message gives
the --volume-size to pack again with — and media that together are too small.

Options:
  --read-back   after writing each medium, read every file back past the page cache (O_DIRECT;
                where refused, after evicting the cached pages) and compare it with the signed
                sums: volumes with the manifest, package files with the package. Only then is
                the medium reported (and recorded) as verified
  --eject       after a medium is written (and verified), flush, unmount and power it off
  --json        print the outcome per medium as JSON
  --ledger FILE record media.written for each medium in this custody ledger (verified: true
                only after a read-back that matched), with
  --station NET this station's network id, and
  --actor NAME  who wrote the media

Exit codes: 0 written (and, with --read-back, every medium verified); 1 a medium read back
wrong (named; never reported as verified); 2 refused before writing, usage or environment error.
`;

const OPTIONS = {
  'read-back': { type: 'boolean' },
  eject: { type: 'boolean' },
  json: { type: 'boolean' },
  ledger: { type: 'string' },
  station: { type: 'string' },
  actor: { type: 'string' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, { min: 2, what: 'PACKAGE and at least one TARGET (a mounted medium)' });
  const [packageDir, ...targets] = positionals as [string, ...string[]];
  const ledger = ledgerTarget(values);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let failed = false;
  const ejected: string[] = [];
  try {
    const out = await writeMediaSet({
      packageDir, targets, readBack: values['read-back'] === true, signal: controller.signal,
      onMedium: (e) => {
        if (e.phase === 'writing') io.stderr(`sluice write: medium ${e.medium} of ${e.of}: writing ${displaySafe(e.target, { max: 300 })}\n`);
        if (e.phase === 'verifying') io.stderr(`sluice write: medium ${e.medium} of ${e.of}: reading back ${displaySafe(e.target, { max: 300 })}\n`);
      },
    });
    for (const m of out.media) {
      if (m.mismatches.length) failed = true;
      if (ledger) {
        await appendEvent(ledger.file, {
          event: 'media.written', station: ledger.station, actor: ledger.actor, transferId: out.package.manifest.transferId,
          data: {
            target: m.target, bytes: m.bytes, verified: m.verified, manifestSha256: out.package.manifestSha256,
            medium: m.medium, of: m.of, volumes: m.volumes, filesystem: m.filesystem, readBack: m.readBack,
            ...(m.mismatches.length ? { mismatches: m.mismatches.map((x) => `${x.file}: ${x.reason}`) } : {}),
          },
        });
      }
      if (values.eject && m.mismatches.length === 0) {
        await ejectMedium(m.target);
        ejected.push(m.target);
      }
    }
    if (values.json) io.stdout(jsonOutput({ transferId: out.package.manifest.transferId, manifestSha256: out.package.manifestSha256, media: out.media, unused: out.unused, ejected }));
    else io.stdout(report(out.media, out.unused, ejected, values['read-back'] === true));
    return failed ? EXIT_REJECTED : EXIT_OK;
  } catch (e) {
    if (isAbort(e)) {
      io.stderr('sluice write: cancelled; the partial copy on the medium being written was removed (a medium finished before keeps its copy and set label).\n');
      return EXIT_USAGE;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

function report(media: MediumResult[], unused: string[], ejected: string[], readBack: boolean): string {
  const lines: string[] = [];
  for (const m of media) {
    const state = !readBack ? 'written (not read back)'
      : m.verified ? `written and verified by read-back (${m.readBack === 'o_direct' ? 'O_DIRECT' : 'cache evicted'})`
        : 'READ BACK WRONG: do not use this medium';
    lines.push(`Medium ${m.medium} of ${m.of}: ${displaySafe(m.target, { max: 300 })} (${m.filesystem}): ${m.volumes.join(', ')}, ${formatBytes(m.bytes)}: ${state}${ejected.includes(m.target) ? '; ejected' : ''}`);
    for (const x of m.mismatches) lines.push(`  ${displaySafe(x.file, { max: 300 })}: ${x.reason}`);
  }
  for (const u of unused) lines.push(`Not needed: ${displaySafe(u, { max: 300 })} (nothing written)`);
  if (media.length > 1) lines.push(`Label each medium "${media.length} media": the receiving side gathers them with \`sluice gather\`.`);
  return `${lines.join('\n')}\n`;
}

export const writeCommand: CliCommand = { name: 'write', summary: 'write a package onto one or more media, read back and eject', usage, run };
