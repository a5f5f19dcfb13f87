// The CLI framework: dispatch (help, version, unknown commands, exit codes, error reporting) and
// strict flag parsing, in-process with an in-memory CliIo; plus the real entry point through runCli.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../electron/cli/dispatch';
import { parseCommandArgs, requireString, UsageError } from '../../electron/cli/args';
import type { CliCommand } from '../../electron/cli/output';
import { SluiceError } from '../../electron/engine/errors';
import { bufferIo, runCli } from '../helpers/cli';

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: sluice echo [--upper] [--tag T]... WORD...\n',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { upper: { type: 'boolean' }, tag: { type: 'string', multiple: true } }, { min: 1, what: 'WORD' });
    const text = positionals.join(' ');
    io.stdout(`${values.upper ? text.toUpperCase() : text} [${(values.tag ?? []).join(',')}]\n`);
    return 0;
  },
};
const failing = (error: unknown): CliCommand => ({ name: 'boom', summary: 'fails', usage: 'Usage: sluice boom\n', run: async () => { throw error; } });

test('dispatch runs the named command with repeated flags and positionals', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['echo', '--tag', 'a', 'hi', '--tag', 'b', 'there', '--upper'], io, { echo }), 0);
  assert.equal(io.out(), 'HI THERE [a,b]\n');
});

test('an unknown flag is a usage error naming the flag and pointing at --help (exit 2)', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['echo', '--loud', 'x'], io, { echo }), 2);
  assert.match(io.err(), /sluice echo: unknown option --loud/);
  assert.match(io.err(), /sluice echo --help/);
  assert.equal(io.out(), '');
});

test('a flag without its value and a missing positional are usage errors', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['echo', 'x', '--tag'], io, { echo }), 2);
  assert.match(io.err(), /option --tag needs a value/);
  const io2 = bufferIo();
  assert.equal(await dispatch(['echo'], io2, { echo }), 2);
  assert.match(io2.err(), /missing WORD/);
});

test('--help anywhere before -- prints the command usage and exits 0', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['echo', 'x', '--help'], io, { echo }), 0);
  assert.equal(io.out(), echo.usage);
  const io2 = bufferIo();
  assert.equal(await dispatch(['help', 'echo'], io2, { echo }), 0);
  assert.equal(io2.out(), echo.usage);
  const io3 = bufferIo();
  assert.equal(await dispatch(['echo', '--', '--help'], io3, { echo }), 0);
  assert.equal(io3.out(), '--help []\n');
});

test('top-level help lists commands; no command is exit 2; unknown command is exit 2', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['--help'], io, { echo }), 0);
  assert.match(io.out(), /echo\s+prints its arguments/);
  const bare = bufferIo();
  assert.equal(await dispatch([], bare, { echo }), 2);
  assert.match(bare.err(), /Usage: sluice <command>/);
  const unknown = bufferIo();
  assert.equal(await dispatch(['nope'], unknown, { echo }), 2);
  assert.match(unknown.err(), /unknown command "nope"/);
  const proto = bufferIo();
  assert.equal(await dispatch(['toString'], proto, { echo }), 2, 'inherited object keys are not commands');
});

test('a SluiceError is printed with its details and exits 2', async () => {
  const io = bufferIo();
  const code = await dispatch(['boom'], io, { boom: failing(new SluiceError('bad-thing', 'the thing is bad; fix it', [{ path: 'a/b', reason: 'too long' }])) });
  assert.equal(code, 2);
  assert.equal(io.err(), 'sluice boom: the thing is bad; fix it\n  a/b: too long\n');
});

test('any other error is an internal error without a stack unless SLUICE_DEBUG=1', async () => {
  const io = bufferIo();
  assert.equal(await dispatch(['boom'], io, { boom: failing(new TypeError('x is undefined')) }), 2);
  assert.match(io.err(), /^sluice: internal error: x is undefined\n/);
  assert.doesNotMatch(io.err(), /\n\s+at /);
  const debug = bufferIo({ env: { SLUICE_DEBUG: '1' } });
  await dispatch(['boom'], debug, { boom: failing(new TypeError('x is undefined')) });
  assert.match(debug.err(), /\n\s+at /);
});

test('parseCommandArgs refuses extra positionals and flags given a value they do not take', () => {
  assert.throws(() => parseCommandArgs(['a', 'b'], {}, { max: 1 }), (e) => e instanceof UsageError && /unexpected "b"/.test(e.message));
  assert.throws(() => parseCommandArgs(['--quiet=yes'], { quiet: { type: 'boolean' } }), (e) => e instanceof UsageError && /--quiet does not take a value/.test(e.message));
  assert.throws(() => requireString(undefined, 'out', 'DIR'), (e) => e instanceof UsageError && e.message === 'missing --out DIR');
  assert.equal(requireString('x', 'out'), 'x');
});

test('the real entry point: --version, --help, unknown command', async () => {
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^sluice \d+\.\d+\.\d+\n$/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Commands:/);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});
