/**
 * What a command may touch of the outside world, gathered in one injectable object so every
 * command runs the same way from a terminal, a test, or another program: stdout/stderr writers,
 * the environment, stdin (for passphrase prompts) and whether each stream is a terminal.
 */

import { displaySafe, jsonForDisplay } from '../../shared/format/display-text';

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** The package was rejected (verify/import decide when this applies). */
export const EXIT_REJECTED = 1;
/** Usage or environment error: a bad flag, a missing key, an unreadable path. */
export const EXIT_USAGE = 2;

/** A stdin that may be a terminal (tty.ReadStream has setRawMode). */
export type CliStdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** The I/O a command gets. Build one with `processIo()` or, in tests, `bufferIo()` from test/helpers/cli.ts. */
export interface CliIo {
  /** Writes text to standard output as is (add your own newline). */
  stdout: (text: string) => void;
  /** Writes text to standard error as is (add your own newline). */
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  stdin: CliStdin;
  /** Whether each stream is a terminal: progress is drawn only on a terminal stderr, prompts need a terminal stdin. */
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** Width of the terminal behind stderr, for truncating progress lines (80 when unknown). */
  columns: number;
}

/** A `sluice <name>` command. `run` returns the exit code; it may throw `UsageError` or `SluiceError` (exit 2). */
export interface CliCommand {
  name: string;
  /** One line for `sluice --help`. */
  summary: string;
  /** The full help text printed by `sluice <name> --help` (ends with a newline). */
  usage: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    stdin: process.stdin as CliStdin,
    isTTY: { stdin: Boolean(process.stdin.isTTY), stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
    columns: process.stderr.columns || 80,
  };
}

/** Writes one line (a newline is added) to stdout. */
export function say(io: CliIo, line = ''): void {
  io.stdout(`${line}\n`);
}

/** Writes one line (a newline is added) to stderr. */
export function warn(io: CliIo, line: string): void {
  io.stderr(`${line}\n`);
}

/**
 * Aligns `label: value` rows so a person can scan them: ["Key id", "ABC"] → "Key id       ABC".
 * Values are guarded (shared/format/display-text.ts `displaySafe`): many come from a package.
 */
export function table(rows: readonly (readonly [string, string])[], indent = '  '): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${`${k}:`.padEnd(width + 2)}${displaySafe(v, { max: 1000 })}`).join('\n') + '\n';
}

/**
 * A value as `--json` output (one trailing newline). Refused characters that JSON.stringify leaves
 * raw (C1, bidi and other format characters, U+2028/2029) are written as JSON `\uXXXX` escapes:
 * a JSON reader gets exactly the same strings, a terminal gets no control or reordering character.
 * Strings from a package are already capped where the report is built (verify/report-builder.ts).
 */
export function jsonOutput(value: unknown): string {
  return `${jsonForDisplay(value)}\n`;
}
