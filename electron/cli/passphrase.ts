/**
 * Where a passphrase comes from, in this order: `--passphrase-file FILE` (first line), the
 * environment variable SLUICE_PASSPHRASE, or a prompt on the terminal (stderr, no echo). With none
 * of them and no terminal, the command stops with exit 2 and lists the three options — it never
 * waits on a pipe that will not answer.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SigningKey } from '../engine/crypto/minisign';
import { SluiceError } from '../engine/errors';
import { readKeyText } from '../engine/keys/key-files';
import { decryptSecretKey, isEncryptedSecretKey } from '../engine/keys/secret-key';
import type { CliIo } from './output';

/** The environment variable read when no --passphrase-file is given. */
export const PASSPHRASE_ENV = 'SLUICE_PASSPHRASE';

export interface PassphraseRequest {
  /** Value of `--passphrase-file`, when given. */
  passphraseFile?: string | undefined;
  /** What the prompt asks for, e.g. "Passphrase for sluice.key". */
  prompt: string;
  /** Ask twice on a terminal and insist both match (keygen). */
  confirm?: boolean;
  /** Accept an empty passphrase (never for keygen). Default false. */
  allowEmpty?: boolean;
}

/** Help text for commands that take a passphrase: paste into a command's usage. */
export const PASSPHRASE_HELP = `Passphrase, first found of:
  --passphrase-file FILE   the first line of FILE
  ${PASSPHRASE_ENV}        the environment variable
  a prompt on the terminal (no echo)`;

/** Gets a passphrase from the first available source. Throws SluiceError (exit 2) when there is none. */
export async function readPassphrase(io: CliIo, request: PassphraseRequest): Promise<string> {
  let passphrase: string;
  if (request.passphraseFile !== undefined) {
    passphrase = await readPassphraseFile(request.passphraseFile);
  } else if (io.env[PASSPHRASE_ENV] !== undefined) {
    passphrase = io.env[PASSPHRASE_ENV]!;
  } else if (io.isTTY.stdin && typeof io.stdin.setRawMode === 'function') {
    passphrase = await promptHidden(io, `${request.prompt}: `);
    if (request.confirm) {
      const again = await promptHidden(io, `${request.prompt} (again): `);
      if (again !== passphrase) throw new SluiceError('passphrase-mismatch', 'the two passphrases differ; nothing was written. Run the command again.');
    }
  } else {
    throw new SluiceError(
      'no-passphrase',
      `a passphrase is needed and there is no terminal to ask on. Give it one of three ways:\n` +
        `  --passphrase-file FILE   (first line of FILE; keep the file 0600)\n` +
        `  ${PASSPHRASE_ENV}=…    (environment variable)\n` +
        `  run the command in a terminal to be prompted`,
    );
  }
  if (!request.allowEmpty && passphrase.length === 0) {
    throw new SluiceError('empty-passphrase', 'the passphrase is empty; a signing key must be protected by a passphrase.');
  }
  return passphrase;
}

async function readPassphraseFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SluiceError('unreadable-passphrase-file', `cannot read the passphrase file ${file}: ${(e as Error).message}`);
  }
  // The first line only, without its line ending: files written by `echo` end in a newline.
  return text.split(/\r?\n/)[0] ?? '';
}

/** Reads one line from a terminal in raw mode so nothing is echoed. Ctrl-C cancels. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err: Error | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(new SluiceError('cancelled', 'cancelled at the passphrase prompt; nothing was done.'));
        if (ch === '\u0004') {
          if (typed.length === 0) return finish(new SluiceError('cancelled', 'no passphrase entered; nothing was done.'));
          continue;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode!(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * Loads a signing key for a command such as `sluice pack`: reads the key file, asks for the
 * passphrase only if the key is encrypted, and on a terminal gives three tries before giving up.
 * Errors are SluiceErrors ('no-key-file', 'bad-key-file', 'wrong-passphrase', 'no-passphrase').
 */
export async function unlockSigningKey(io: CliIo, keyFile: string, passphraseFile?: string): Promise<SigningKey> {
  const text = await readKeyText(keyFile, 'secret key');
  if (!isEncryptedSecretKey(text)) return decryptSecretKey(text, '');
  const prompting = passphraseFile === undefined && io.env[PASSPHRASE_ENV] === undefined;
  for (let attempt = 1; ; attempt++) {
    const passphrase = await readPassphrase(io, { passphraseFile, prompt: `Passphrase for ${basename(keyFile)}` });
    try {
      return await decryptSecretKey(text, passphrase);
    } catch (e) {
      if (!(prompting && e instanceof SluiceError && e.code === 'wrong-passphrase' && attempt < 3)) throw e;
      io.stderr('Wrong passphrase, try again.\n');
    }
  }
}
