/**
 * Running the `sluice` CLI in tests.
 *
 * - `runCli(args, { env, input, cwd })` spawns `node --import tsx electron/cli/main.ts …` from the
 *   repository root (the source, no build needed) and returns `{ code, stdout, stderr }`. stdin is a
 *   pipe (not a terminal) carrying `input`, or closed when none is given. The child's environment is
 *   the parent's plus `env`, with SLUICE_KDF_COST=test so key work is fast (override to test that).
 * - `bufferIo(options)` builds an in-memory CliIo for calling a command's `run` or `dispatch` in this
 *   process (much faster than spawning): read `io.out()` / `io.err()` afterwards.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo, CliStdin } from '../../electron/cli/output';

/** The repository root (…/test/helpers → …). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to (and overriding) the parent's environment. A value of undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Uint8Array;
  /** Working directory of the child (default: the repository root). */
  cwd?: string;
  /** Kill the child after this many ms (default 60 000) and fail. */
  timeoutMs?: number;
}

/** Spawns the CLI from source and collects its exit code and output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, SLUICE_KDF_COST: 'test', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}/electron/cli/main.ts`, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {}); // the child may exit before reading its input
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

/** An in-memory CliIo plus accessors for what was written. */
export type BufferIo = CliIo & { out: () => string; err: () => string };

/** Builds an in-memory CliIo. Streams are not terminals unless `tty` says so; `input` feeds stdin. */
export function bufferIo(options: { env?: Record<string, string | undefined>; input?: string; tty?: Partial<CliIo['isTTY']>; columns?: number } = {}): BufferIo {
  let out = '';
  let err = '';
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: { SLUICE_KDF_COST: 'test', ...options.env },
    stdin: stdin as unknown as CliStdin,
    isTTY: { stdin: false, stdout: false, stderr: false, ...options.tty },
    columns: options.columns ?? 80,
    out: () => out,
    err: () => err,
  };
}

/** A CLI child started by `spawnCli`: the process, and a promise of how it ended. */
export interface SpawnedCli {
  child: import('node:child_process').ChildProcessWithoutNullStreams;
  /** Resolves when the child has exited: code (or 128 + n for a signal death), signal, output. */
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** Everything written to stderr so far. */
  stderr: () => string;
}

/** Like runCli, but returns at once so a test can signal the child mid-job. No timeout: the test kills it. */
export function spawnCli(args: readonly string[], options: Omit<RunCliOptions, 'timeoutMs'> = {}): SpawnedCli {
  const env: Record<string, string | undefined> = { ...process.env, SLUICE_KDF_COST: 'test', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}/electron/cli/main.ts`, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? 128, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}
