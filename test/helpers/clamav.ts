// ClamAV for tests: a custom signature database written by the test (no freshclam, no network)
// and, for clamd tests, a clamd started on a unix socket in a temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A string no real file holds; the test signature matches it anywhere in any file. */
export const MARKER = 'SLUICE-TEST-MALWARE-MARKER-5c1e7a';
/** The name clamscan reports for it (ClamAV adds .UNOFFICIAL to signatures outside its .cvd files). */
export const SIGNATURE = 'Sluice.Test.Marker.UNOFFICIAL';

/** Writes `<dir>/clamav-db/sluice-test.ndb` (body-based: name:target:offset:hex) and returns the folder. */
export async function writeTestDatabase(dir: string): Promise<string> {
  const db = join(dir, 'clamav-db');
  await mkdir(db, { recursive: true });
  await writeFile(join(db, 'sluice-test.ndb'), `Sluice.Test.Marker:0:*:${Buffer.from(MARKER).toString('hex')}\n`);
  return db;
}

/** A running clamd on `<dir>/clamd.sock` with the database folder `db`; `stop()` ends it. */
export interface TestClamd { socket: string; stop: () => Promise<void> }

/** Starts clamd in the foreground (our child: stopped by pid in `stop`) and waits for its socket (≤ 20 s). */
export async function startClamd(dir: string, db: string): Promise<TestClamd> {
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  await writeFile(conf, [
    `LocalSocket ${socket}`, `DatabaseDirectory ${db}`, 'Foreground yes', `TemporaryDirectory ${dir}`,
    `LogFile ${join(dir, 'clamd.log')}`, 'MaxFileSize 2000M', 'MaxScanSize 2000M', 'AlertExceedsMax yes', '',
  ].join('\n'));
  const child: ChildProcess = spawn('clamd', ['-c', conf], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 20_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`clamd did not open ${socket} (see ${join(dir, 'clamd.log')})`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { socket, stop: async () => { if (child.exitCode === null) { child.kill('SIGTERM'); await exited; } } };
}
