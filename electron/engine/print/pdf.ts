/**
 * PDF output for the CLI: prints an HTML document from shared/print with a local headless Chromium.
 * The page is a temporary file opened as file:// with a fresh profile and every background network
 * feature off; the document itself carries a CSP that forbids scripts and fetches.
 *
 * Sluice opens no network socket, and Chromium must not either (docs/SECURITY.md, "Network
 * egress"): its resolver maps every name to "not found", it uses no proxy, its background services
 * are off, and on Linux it runs in a network namespace when one can be made (netns.ts).
 * test/cli/no-egress.test.ts traces every socket of a whole CLI session to prove it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { link, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SluiceError } from '../errors';
import { netnsMode, netnsPrefix } from './netns';

/** Where Chromium is looked for, in order, after the SLUICE_CHROMIUM environment variable. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The flags every headless run uses: no sandbox-dependent setup, no GPU, and no way to reach the
 * network. Without the resolver rule Chromium 15x still looked up clients2.google.com and
 * update.googleapis.com (24 DNS connects per PDF) despite --disable-background-networking.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  // Every host name resolves to "not found" before any DNS query or IPv6 reachability probe.
  // "^NOTFOUND" is the spelling Chromium 11x+ honours; the older "~NOTFOUND" is resolved as a
  // literal host name there, which still runs the probe (a UDP connect to 2001:4860:4860::8888).
  '--host-resolver-rules=MAP * ^NOTFOUND',
  '--no-proxy-server', // direct, so no WPAD / PAC auto-detection lookups either
  '--dns-prefetch-disable',
  '--no-pings',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-client-side-phishing-detection',
  '--safebrowsing-disable-auto-update',
  '--metrics-recording-only', // record nothing to upload: no UMA upload
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-field-trial-config', // no server-driven experiments
  '--disable-extensions',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  // Services that phone home on their own schedule (names as in Chromium's base::Feature list).
  '--disable-features=NetworkTimeServiceQuerying,Translate,MediaRouter,DialMediaRouteProvider,OptimizationHints,OptimizationHintsFetching,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile(); // a directory is "executable" too
  } catch {
    return false;
  }
}

/**
 * The Chromium (or Chrome) executable to print with: $SLUICE_CHROMIUM when set (and then only it),
 * else the first of CHROMIUM_CANDIDATES that exists. Throws SluiceError 'no-chromium' saying what
 * to install when none is found.
 */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env, candidates: readonly string[] = CHROMIUM_CANDIDATES): string {
  const chosen = env.SLUICE_CHROMIUM;
  if (chosen) {
    if (isExecutable(chosen)) return chosen;
    throw new SluiceError('no-chromium', `SLUICE_CHROMIUM is set to "${chosen}", which is not an executable file. Point it at a Chromium or Chrome binary, or unset it.`);
  }
  for (const candidate of candidates) if (isExecutable(candidate)) return candidate;
  throw new SluiceError(
    'no-chromium',
    'PDF output needs a local Chromium or Google Chrome, and none was found. Install one (Debian/Ubuntu: `apt install chromium`; Fedora: `dnf install chromium`), ' +
      'or set SLUICE_CHROMIUM to its path, or write HTML with --html and print it from a browser.',
  );
}

/** Options for htmlToPdf. */
export interface HtmlToPdfOptions {
  /** The Chromium to use (default: findChromium()). */
  chromium?: string;
  /** Kill Chromium after this many milliseconds (default 120 000). */
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Prints `html` to the PDF file `outFile` with headless Chromium. Writes to a temporary name beside
 * `outFile` and links it into place, so a failed print leaves no partial PDF and an existing file is
 * never replaced (SluiceError 'output-exists'); the temporary page and profile are always removed.
 */
export async function htmlToPdf(html: string, outFile: string, options: HtmlToPdfOptions = {}): Promise<void> {
  const chromium = options.chromium ?? findChromium(options.env);
  const target = resolve(outFile);
  const work = await mkdtemp(join(tmpdir(), 'sluice-print-'));
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    const page = join(work, 'document.html');
    await writeFile(page, html, { mode: 0o600 });
    const profile = join(work, 'profile');
    const args = [...CHROMIUM_FLAGS, '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${partial}`, pathToFileURL(page).href];
    const netns = await netnsPrefix(netnsMode(options.env ?? process.env));
    const [cmd, ...cmdArgs] = netns ? [...netns, chromium, ...args] : [chromium, ...args];
    // Crash-report folders and dconf caches follow XDG_*; keep them in the private work folder too.
    const env = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), XDG_CACHE_HOME: join(work, 'cache') };
    const { code, stderr } = await run(cmd!, cmdArgs, env, options.timeoutMs ?? 120_000);
    const size = await stat(partial).then((s) => s.size, () => 0);
    if (code !== 0 || size === 0) {
      const hint = netns ? ' It ran in a network namespace; if that is what fails here, set SLUICE_PRINT_NETNS=off.' : '';
      throw new SluiceError('pdf-failed', `Chromium (${chromium}) could not print the PDF (exit ${code}).${stderr ? ` It said: ${lastLines(stderr)}` : ''}${hint}`);
    }
    await link(partial, target).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') throw new SluiceError('output-exists', `${target} already exists; choose another output file or remove it.`);
      throw e;
    });
  } finally {
    await rm(partial, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 500);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 64_000) stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new SluiceError('no-chromium', `Could not start ${cmd} to print with Chromium: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : -1), stderr });
    });
  });
}
