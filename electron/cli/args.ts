/**
 * Flag parsing for every command: node:util parseArgs in strict mode (unknown flags are errors,
 * never ignored), turned into `UsageError`s that name the bad flag and point at `--help`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called. main.ts prints it with a pointer to `--help` and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** parseArgs' option table: `{ out: { type: 'string' }, file: { type: 'string', multiple: true } }`. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `argv` against `options`. Every command also accepts `--help`/`-h` (main.ts handles it
 * before `run` is called; it is declared here so strict mode does not reject it). `positionals`
 * bounds the count of non-flag arguments; `what` names them in the error ("FILE.pub").
 */
export function parseCommandArgs<O extends OptionSpec>(
  argv: string[],
  options: O,
  positionals: { min?: number; max?: number; what?: string } = { max: 0 },
) {
  const config = { args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } } as O, strict: true, allowPositionals: true } as const;
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new UsageError(describeParseError(e));
  }
  const { min = 0, max = Infinity, what = 'argument' } = positionals;
  const count = parsed.positionals.length;
  if (count < min) throw new UsageError(`missing ${what}`);
  if (count > max) {
    const extra = parsed.positionals[max]!;
    throw new UsageError(max === 0 ? `unexpected argument "${extra}"` : `too many arguments (unexpected "${extra}")`);
  }
  return parsed;
}

/** Returns the value of a string flag that must be given, or throws a UsageError naming it. */
export function requireString(value: unknown, flag: string, placeholder = 'VALUE'): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`missing --${flag} ${placeholder}`);
  return value;
}

/** A command's subcommands by name, each run with the arguments after its name. */
export type Subcommands<Io> = Record<string, (argv: string[], io: Io) => Promise<number>>;

/**
 * The `run` of a command made of subcommands (`sluice ledger verify …`): the first argument names
 * the handler. A missing or unknown name is a UsageError that lists the valid ones, in table order.
 */
export function subcommandRunner<Io>(subcommands: Subcommands<Io>): (argv: string[], io: Io) => Promise<number> {
  const names = Object.keys(subcommands);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
  return async (argv, io) => {
    const [sub, ...rest] = argv;
    if (sub === undefined) throw new UsageError(`missing subcommand: ${list}`);
    const handler = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
    if (!handler) throw new UsageError(`unknown subcommand "${sub}": use ${list}`);
    return handler(rest, io);
  };
}

function describeParseError(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (flag && /argument missing/.test(message)) return `option ${flag} needs a value`;
      if (flag && /does not take an argument/.test(message)) return `option ${flag} does not take a value`;
      return message.replace(/\.$/, '');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return message.replace(/\.$/, '');
    default:
      return message;
  }
}
