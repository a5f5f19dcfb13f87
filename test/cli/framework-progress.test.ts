// progress-display.ts (throttling, sliding-window rate, truncation, silence off a terminal) and
// passphrase.ts (file, environment, and the refusal when there is no terminal to ask on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ProgressDisplay } from '../../electron/cli/progress-display';
import { readPassphrase } from '../../electron/cli/passphrase';
import { SluiceError } from '../../electron/engine/errors';
import { bufferIo } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';

const MiB = 1024 * 1024;

test('progress is silent when stderr is not a terminal', () => {
  const io = bufferIo();
  const display = new ProgressDisplay(io);
  display.update({ phase: 'pack', bytesDone: 1, bytesTotal: 2 });
  display.finish();
  assert.equal(io.err(), '');
});

test('progress redraws one line at most 10 times a second with rate, percent and ETA', () => {
  const io = bufferIo({ tty: { stderr: true }, columns: 120 });
  let now = 0;
  const display = new ProgressDisplay(io, { now: () => now });
  for (let i = 0; i <= 100; i++) {
    now = i * 10; // a report every 10 ms for one second, 1 MiB each → 100 MiB/s
    display.update({ phase: 'verify', bytesDone: i * MiB, bytesTotal: 200 * MiB, currentFile: 'payload/a.bin' });
  }
  const draws = io.err().split('\r').filter((s) => s.length > 0);
  assert.ok(draws.length >= 10 && draws.length <= 11, `drew ${draws.length} times in one second`);
  const last = draws[draws.length - 1]!;
  assert.match(last, /^verify  100 MiB \/ 200 MiB  50%  100 MiB\/s  ETA 1 s  payload\/a\.bin\x1b\[K$/);
  display.finish();
  assert.ok(io.err().endsWith('\r\x1b[K'), 'finish clears the line');
});

test('the rate follows recent speed (sliding window) and long paths keep their end', () => {
  const io = bufferIo({ tty: { stderr: true }, columns: 100 });
  let now = 0;
  const display = new ProgressDisplay(io, { now: () => now });
  let bytes = 0;
  for (let s = 0; s < 20; s++) { now = s * 1000; bytes += 10 * MiB; display.update({ phase: 'pack', bytesDone: bytes, bytesTotal: 1e12 }); }
  for (let s = 20; s < 40; s++) { now = s * 1000; bytes += 1 * MiB; display.update({ phase: 'pack', bytesDone: bytes, bytesTotal: 1e12 }); }
  assert.equal(Math.round(display.rate() / MiB), 1, 'the slow stretch, not the all-time average');
  const line = display.render({ phase: 'pack', bytesDone: bytes, bytesTotal: 1e12, currentFile: `deep/${'x'.repeat(100)}/file-name.bin` });
  assert.ok([...line].length <= 99, `fits the terminal: ${line}`);
  assert.match(line, /…x*\/file-name\.bin$/);
});

test('passphrase from --passphrase-file (first line) wins over the environment', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'pass');
  await writeFile(file, 'from file\nsecond line\n');
  const io = bufferIo({ env: { SLUICE_PASSPHRASE: 'from env' } });
  assert.equal(await readPassphrase(io, { passphraseFile: file, prompt: 'Passphrase' }), 'from file');
  assert.equal(await readPassphrase(io, { prompt: 'Passphrase' }), 'from env');
});

test('no passphrase source and no terminal → no-passphrase naming all three options; empty refused', async () => {
  const io = bufferIo();
  await assert.rejects(readPassphrase(io, { prompt: 'Passphrase' }), (e) =>
    e instanceof SluiceError && e.code === 'no-passphrase' && /--passphrase-file/.test(e.message) && /SLUICE_PASSPHRASE/.test(e.message) && /terminal/.test(e.message));
  await assert.rejects(readPassphrase(bufferIo({ env: { SLUICE_PASSPHRASE: '' } }), { prompt: 'P' }), (e) => e instanceof SluiceError && e.code === 'empty-passphrase');
  await assert.rejects(readPassphrase(io, { passphraseFile: '/nonexistent/pass', prompt: 'P' }), (e) => e instanceof SluiceError && e.code === 'unreadable-passphrase-file');
});

/** A terminal-like stdin: a stream with setRawMode that records the mode and replays `keys`. */
function fakeTerminal(keys: string[]) {
  const stdin = new PassThrough() as PassThrough & { setRawMode: (m: boolean) => void; modes: boolean[] };
  stdin.modes = [];
  stdin.setRawMode = (m: boolean) => void stdin.modes.push(m);
  // Type one line per prompt, each once the prompt is listening.
  let next = 0;
  stdin.on('resume', () => setImmediate(() => next < keys.length && stdin.write(keys[next++]!)));
  return stdin;
}

test('terminal prompt: no echo, backspace edits, confirmation must match', async () => {
  const stdin = fakeTerminal(['secreX\u007ft\r', 'secret\r']);
  const io = { ...bufferIo({ tty: { stdin: true, stderr: true } }), stdin };
  assert.equal(await readPassphrase(io, { prompt: 'New passphrase', confirm: true }), 'secret');
  assert.equal(io.err(), 'New passphrase: \nNew passphrase (again): \n', 'prompts only, never the typed text');
  assert.deepEqual(stdin.modes, [true, false, true, false], 'raw mode on while typing, restored after');

  const differs = fakeTerminal(['one\r', 'two\r']);
  await assert.rejects(readPassphrase({ ...bufferIo({ tty: { stdin: true } }), stdin: differs }, { prompt: 'P', confirm: true }), (e) => e instanceof SluiceError && e.code === 'passphrase-mismatch' && /differ/.test(e.message));
  const cancelled = fakeTerminal(['ab\u0003']);
  await assert.rejects(readPassphrase({ ...bufferIo({ tty: { stdin: true } }), stdin: cancelled }, { prompt: 'P' }), (e) => e instanceof SluiceError && e.code === 'cancelled');
});
