/**
 * ClamAV as a Scanner: `clamdscan --fdpass --multiscan` when a clamd socket is configured (the
 * signatures are loaded once, by the daemon, and it scans in parallel), else `clamscan` with the
 * signature folder (it loads the signatures on every run: seconds with the official databases).
 * Paths go in through --file-list, results come back as lines (clamav-output.ts judges them).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { displaySafe } from '../../../shared/format/display-text';
import { formatTimestamp } from '../../../shared/format/manifest';
import { SluiceError } from '../errors';
import { DEFAULT_CLAMAV_DB, describeClamDatabase } from './clamav-database';
import { judgeRun, matchLine, parseClamOutput, printableToClamAv } from './clamav-output';
import type { ScanDatabase, ScanOptions, ScanOutcome, Scanner, ScanTarget } from './scanner';

/** How to reach ClamAV. */
export interface ClamAvOptions {
  /** clamscan's signature folder (default /var/lib/clamav). Not used with clamd, which loads its own. */
  databaseDir?: string;
  /** clamd's local (unix) socket: scan with clamdscan through it. */
  clamdSocket?: string;
  /** The commands, when not `clamscan` / `clamdscan` on PATH. */
  clamscan?: string;
  clamdscan?: string;
}

/**
 * Size limits handed to clamscan. ClamAV skips larger files and calls them clean unless told to
 * alert, and it cannot scan a file over 2 GiB at all: with --alert-exceeds-max such a file is
 * reported, and judged 'av-scan-incomplete', never clean.
 */
const LIMIT_ARGS = ['--max-filesize=2000M', '--max-scansize=2000M', '--alert-exceeds-max=yes'];

/** A process's end: exit code (null when killed), stdout, the start of stderr. */
interface RunResult { code: number | null; stdout: string; stderr: string }

/** The ClamAV scanner. */
export class ClamAvScanner implements Scanner {
  constructor(private readonly o: ClamAvOptions = {}) {}

  async scanFiles(targets: readonly ScanTarget[], options: ScanOptions = {}): Promise<ScanOutcome> {
    const { signal, onProgress } = options;
    const files = new Map<string, number>();
    for (const t of targets) files.set(resolve(t.path), t.size);
    const refused = [...files.keys()].filter((p) => !printableToClamAv(p));
    if (refused.length) {
      throw new SluiceError('av-scan-failed', 'ClamAV cannot be given a path with a line break (its output could not be read back safely); rename or move it:', refused.map((p) => ({ path: p, reason: 'contains a line break' })));
    }
    const dir = await mkdtemp(join(tmpdir(), 'sluice-av-'));
    try {
      const clamd = this.o.clamdSocket !== undefined ? await this.clamdConfig(dir, this.o.clamdSocket) : null;
      const { engineVersion, database } = clamd ? await this.clamdIdentity(clamd, signal) : await this.clamscanIdentity(signal);
      const expected = new Set(files.keys());
      const total = [...files.values()].reduce((a, b) => a + b, 0);
      let done = 0;
      onProgress?.({ phase: 'antivirus', bytesDone: 0, bytesTotal: total });
      if (files.size === 0) return { engine: 'ClamAV', engineVersion, database, filesScanned: 0, findings: [], verdict: 'clean' };
      const list = join(dir, 'files');
      await writeFile(list, [...files.keys()].map((p) => `${p}\n`).join(''), { mode: 0o600 });
      const onLine = (line: string) => {
        const m = matchLine(line, expected);
        if (!m) return;
        done += files.get(m.path) ?? 0;
        onProgress?.({ phase: 'antivirus', bytesDone: done, bytesTotal: total, currentFile: m.path });
      };
      const run = clamd
        ? await this.run(this.o.clamdscan ?? 'clamdscan', [`--config-file=${clamd}`, '--no-summary', '--fdpass', '--multiscan', `--file-list=${list}`], signal, onLine)
        : await this.run(this.o.clamscan ?? 'clamscan', ['--no-summary', `--database=${this.databaseDir()}`, `--file-list=${list}`, ...LIMIT_ARGS, '--follow-file-symlinks=0', '--follow-dir-symlinks=0'], signal, onLine);
      const judged = judgeRun(run.code, parseClamOutput(run.stdout, expected), [...files.keys()]);
      if (judged.verdict === 'error') {
        const what = judged.code === 'av-scan-incomplete' ? 'ClamAV could not scan every file completely, so the files are not known to be clean' : `the ClamAV scan failed, so the files are not known to be clean${stderrHint(run.stderr)}`;
        throw new SluiceError(judged.code, `${what}:`, judged.problems);
      }
      const findings = judged.verdict === 'found' ? judged.findings : [];
      return { engine: 'ClamAV', engineVersion, database, filesScanned: files.size, findings, verdict: findings.length ? 'found' : 'clean' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private databaseDir(): string {
    return resolve(this.o.databaseDir ?? DEFAULT_CLAMAV_DB);
  }

  /** clamscan's version and the signature folder's description (which also proves it holds signatures). */
  private async clamscanIdentity(signal?: AbortSignal): Promise<{ engineVersion: string; database: ScanDatabase }> {
    const database = await describeClamDatabase(this.databaseDir());
    const v = await this.run(this.o.clamscan ?? 'clamscan', ['--version'], signal);
    return { engineVersion: parseVersionLine(v.stdout)?.engine ?? 'unknown', database };
  }

  /** A clamdscan config naming only the socket: clamdscan reads the socket from a config file. */
  private async clamdConfig(dir: string, socket: string): Promise<string> {
    if (!printableToClamAv(socket) || /^\s|\s$/.test(socket)) throw new SluiceError('av-clamd-unreachable', `The clamd socket path ${displaySafe(socket, { max: 300 })} cannot be written to a clamd configuration; use a path without line breaks or surrounding spaces.`);
    const file = join(dir, 'clamd.conf');
    await writeFile(file, `LocalSocket ${resolve(socket)}\n`, { mode: 0o600 });
    return file;
  }

  /** clamd answers a ping, then says its version and its database's ("ClamAV 1.4.6/27456/Sat Nov 28 09:30:00 2026"). */
  private async clamdIdentity(config: string, signal?: AbortSignal): Promise<{ engineVersion: string; database: ScanDatabase }> {
    const cmd = this.o.clamdscan ?? 'clamdscan';
    const ping = await this.run(cmd, [`--config-file=${config}`, '--ping=1'], signal);
    if (ping.code !== 0) {
      throw new SluiceError('av-clamd-unreachable', `clamd does not answer at ${displaySafe(this.o.clamdSocket, { max: 300 })}: start clamd (it needs its signature databases), check the socket path and permissions, or scan with clamscan (--clamav-db DIR) instead.`);
    }
    const v = parseVersionLine((await this.run(cmd, [`--config-file=${config}`, '--version'], signal)).stdout);
    const when = v?.date ? Date.parse(`${v.date} UTC`) : NaN;
    const database: ScanDatabase = v?.db
      ? { description: displaySafe(`loaded by clamd: daily ${v.db}${v.date ? ` (${v.date})` : ''}`, { max: 500 }), version: v.db, ...(Number.isNaN(when) ? {} : { date: formatTimestamp(when / 1000) }) }
      : { description: 'loaded by clamd (it reports no official database version: custom signatures only)' };
    return { engineVersion: v?.engine ?? 'unknown', database };
  }

  /** Runs a ClamAV command; a missing command is 'av-engine-missing'; a cancel rejects with the AbortError. */
  private run(cmd: string, args: string[], signal?: AbortSignal, onLine?: (line: string) => void): Promise<RunResult> {
    signal?.throwIfAborted();
    return new Promise((resolvePromise, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
      const out: string[] = [];
      let pending = '';
      let stderr = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out.push(chunk);
        if (!onLine) return;
        const lines = (pending + chunk).split('\n');
        pending = lines.pop()!;
        for (const l of lines) onLine(l);
      });
      child.stderr.on('data', (chunk: string) => { if (stderr.length < 16384) stderr += chunk; });
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') {
          reject(new SluiceError('av-engine-missing', `ClamAV is not installed: ${displaySafe(cmd, { max: 200 })} was not found on PATH. Install it (Debian/Ubuntu: apt-get install clamav${cmd.includes('clamdscan') ? ' clamdscan' : ''}) and put the signature databases in its folder, or pack and import without --scan.`));
        } else reject(e);
      });
      child.on('close', (code) => {
        if (signal?.aborted) reject(signal.reason instanceof Error ? signal.reason : new DOMException('The scan was cancelled', 'AbortError'));
        else resolvePromise({ code, stdout: out.join(''), stderr });
      });
    });
  }
}

/** "ClamAV 1.4.6" or "ClamAV 1.4.6/27456/Sat Nov 28 09:30:00 2026", the first line of --version. */
export function parseVersionLine(text: string): { engine: string; db?: string; date?: string } | null {
  const m = /^ClamAV ([0-9][0-9A-Za-z.+~-]{0,40})(?:\/([0-9]{1,9})\/([^\n]{1,60}))?\s*$/m.exec(text);
  return m ? { engine: m[1]!, ...(m[2] ? { db: m[2], date: m[3]!.trim() } : {}) } : null;
}

/** The first meaningful stderr line, escaped, for the error message. */
function stderrHint(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l)) ?? stderr.split('\n').find((l) => l.trim() !== '');
  return line ? ` (ClamAV said: ${displaySafe(line, { max: 200 })})` : '';
}
