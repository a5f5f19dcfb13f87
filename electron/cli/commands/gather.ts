/** `sluice gather SOURCE... --into DIR`: reassemble a package from the media of its set. */
import { formatBytes } from '../../../shared/units';
import { displaySafe } from '../../../shared/format/display-text';
import { gatherMediaSet, gatherOneMedium, GatherRefusal } from '../../engine/media/index';
import { parseCommandArgs, requireString } from '../args';
import { EXIT_OK, EXIT_REJECTED, type CliCommand, type CliIo } from '../output';

const usage = `Usage: sluice gather SOURCE... --into DIR
       sluice gather SOURCE --into DIR --incremental

Reassembles a package written across several media by \`sluice write\` into DIR/<transfer id>/.
Each SOURCE is a mounted medium (the folder holding <transfer id>.medium.json), its package
folder, or the label file itself. Every volume's SHA-256 is checked against the manifest as it is
copied; the set labels are not copied, so the result is an ordinary package: check it with
\`sluice verify\` (or import it) as any other, which checks the signatures.

All media of the set must be given. A medium of another set (another transfer id or manifest),
a missing medium or a volume that does not match is named, and nothing is written.

With --incremental (one USB port): give one medium per call, in any order. Its volumes are
checked and added to DIR/<transfer id>.gathering/; the call that adds the last one renames that
folder to DIR/<transfer id>/ and prints it. Until then it says "medium 2 of 3 gathered; 1 to go
(medium 3)". A medium of another set is named and changes nothing already gathered.

Options:
  --into DIR      where the package folder is created (it must not exist there yet)
  --incremental   add the one medium given to the set being gathered in DIR

Exit codes: 0 gathered (with --incremental: this medium gathered, or the set complete); 1 a
medium is missing, of another set, or carries a damaged volume (named); 2 usage or environment
error.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { into: { type: 'string' }, incremental: { type: 'boolean' } }, { min: 1, what: 'SOURCE (a medium of the set)' });
  const into = requireString(values.into, 'into', 'DIR');
  try {
    if (values.incremental) {
      for (const source of positionals) {
        const r = await gatherOneMedium(source, into);
        const left = r.missing.length;
        const what = r.again ? `medium ${r.medium} of ${r.of} was already gathered` : `medium ${r.medium} of ${r.of} gathered`;
        io.stderr(`sluice gather: ${what}; ${left ? `${left} to go (medium ${r.missing.join(', ')})` : 'the set is complete'}.\n`);
        if (r.packageDir) {
          io.stderr(`sluice gather: ${r.of} media, ${r.manifest.payload.volumes.length} volumes checked against the manifest. Verify the package before importing it.\n`);
          io.stdout(`${r.packageDir}\n`);
        }
      }
      return EXIT_OK;
    }
    const r = await gatherMediaSet(positionals, into);
    const bytes = r.manifest.payload.volumes.reduce((n, v) => n + v.size, 0);
    io.stderr(`sluice gather: ${r.media} media, ${r.manifest.payload.volumes.length} volumes (${formatBytes(bytes)}) checked against the manifest. Verify the package before importing it.\n`);
    io.stdout(`${r.packageDir}\n`);
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof GatherRefusal)) throw e;
    io.stderr(`sluice gather: ${e.message}\n`);
    for (const p of e.problems) io.stderr(`  ${displaySafe(p.source, { max: 300 })}: ${displaySafe(p.reason, { max: 500 })}\n`);
    return EXIT_REJECTED;
  }
}

export const gatherCommand: CliCommand = { name: 'gather', summary: 'reassemble a package from the media of its set', usage, run };
