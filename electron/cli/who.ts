/**
 * Who is running a command, when no flag names the person: the ledger records a person for every
 * human decision, never "system". $USER, else $LOGNAME, else the account's name from the OS.
 */
import { userInfo } from 'node:os';
import type { CliIo } from './output';

/** The name of the person at the terminal, as well as the environment and the OS can tell. */
export function currentUser(env: CliIo['env']): string {
  const fromEnv = (env.USER ?? env.LOGNAME ?? '').trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || `uid ${process.getuid?.() ?? '?'}`;
  } catch {
    // No passwd entry for this uid (a container): still a person-shaped name, never "system".
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
