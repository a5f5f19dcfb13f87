/**
 * `sluice <command> …` without touching the process: picks the command, handles `--help` and
 * `--version`, and turns every failure into a message and an exit code. main.ts wires it to the
 * real process; tests may call it with an in-memory CliIo.
 */
import { environmentError, isAbort, isEnvironmentError, SluiceError } from '../engine/errors';
import { displaySafe } from '../../shared/format/display-text';
import { UsageError } from './args';
import { commands } from './commands/index';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './output';
import { SLUICE_VERSION } from './version';

/** Runs one invocation (`argv` excludes node and the script) and returns the exit code. Never throws. */
export async function dispatch(argv: string[], io: CliIo, registry: Record<string, CliCommand> = commands): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined) return dispatch([topic, '--help'], io, registry);
    // Bare `sluice` is a usage mistake: the overview goes to stderr and the exit code says so.
    if (first === undefined) io.stderr(overview(registry));
    else io.stdout(overview(registry));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`sluice ${SLUICE_VERSION}\n`);
    return EXIT_OK;
  }
  const command = Object.hasOwn(registry, first) ? registry[first] : undefined;
  if (!command) {
    io.stderr(`sluice: unknown command "${first}". Run \`sluice --help\` to see the commands.\n`);
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    io.stdout(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    return reportFailure(e, command.name, io);
  }
}

/** `--help` or `-h` before any `--` ends the flags. */
function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** What a failed system call was doing, in words ("write", "create the folder"). */
const SYSCALL_WORDS: Record<string, string> = {
  open: 'open', read: 'read', write: 'write', fsync: 'write', fdatasync: 'write', close: 'write', mkdir: 'create the folder',
  mkdtemp: 'create a folder in', rename: 'rename', unlink: 'remove', rmdir: 'remove', rm: 'remove', stat: 'read', lstat: 'read',
  fstat: 'read', scandir: 'read the folder', opendir: 'read the folder', copyfile: 'copy', statfs: 'read the filesystem of',
  chmod: 'change the permissions of', utime: 'set the time of', futime: 'set the time of', access: 'open', realpath: 'find',
};

function reportFailure(e: unknown, name: string, io: CliIo): number {
  if (isAbort(e)) {
    io.stderr(`sluice ${name}: cancelled.\n`);
    return EXIT_USAGE;
  }
  // A filesystem error the command did not word itself (a full disk, a removed medium): still one
  // line saying what failed, where and what to do, never "internal error".
  if (isEnvironmentError(e)) e = environmentError(e, SYSCALL_WORDS[(e as NodeJS.ErrnoException).syscall ?? ''] ?? 'complete the operation');
  if (e instanceof UsageError) {
    io.stderr(`sluice ${name}: ${e.message}\nRun \`sluice ${name} --help\` for usage.\n`);
  } else if (e instanceof SluiceError) {
    io.stderr(`sluice ${name}: ${e.message}\n`);
    // Details name paths and quote manifests (a refused source file, a package's manifest problems).
    for (const d of e.details) io.stderr(`  ${displaySafe(d.path, { max: 1000 })}: ${displaySafe(d.reason, { max: 1000 })}\n`);
  } else {
    const detail = e instanceof Error ? e.message : String(e);
    io.stderr(`sluice: internal error: ${detail}\n`);
    if (io.env.SLUICE_DEBUG === '1' && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    else io.stderr('Set SLUICE_DEBUG=1 to see where it happened, and please report it.\n');
  }
  return EXIT_USAGE;
}

function overview(registry: Record<string, CliCommand>): string {
  const names = Object.keys(registry);
  const width = Math.max(8, ...names.map((n) => n.length));
  const rows = names.map((n) => `  ${n.padEnd(width)}  ${registry[n]!.summary}`).join('\n');
  return `sluice ${SLUICE_VERSION}: pack, sign, verify and import air-gap transfer packages

Usage: sluice <command> [options]

Commands:
${rows}

Options:
  -h, --help      show help (also: sluice <command> --help)
  -V, --version   print the version

Exit codes: 0 success, 1 package rejected (verify/import), 2 usage or environment error;
import and pack stopped by a signal exit 128 + its number (130 Ctrl-C, 129 SIGHUP, 143 SIGTERM)
after removing what they had written.
`;
}
