/**
 * Running Chromium without a network: on Linux, inside a fresh network namespace (`unshare -n`),
 * which has only a loopback interface that is down. Then even a Chromium bug or a flag a future
 * version stops honouring cannot reach a DNS server or any host: the kernel has no route.
 *
 * Used by default where it works (root may create one; other users need unprivileged user
 * namespaces, `unshare -rn`, which some distributions switch off). Where it does not, printing falls
 * back to Chromium's own switches alone (CHROMIUM_FLAGS in pdf.ts), which the egress test also
 * guards. SLUICE_PRINT_NETNS chooses: `auto` (default), `off` (flags only), `require` (refuse to
 * print without a namespace).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { SluiceError } from '../errors';

/** How printing uses a network namespace (SLUICE_PRINT_NETNS). */
export type NetnsMode = 'auto' | 'off' | 'require';

/** Where `unshare` (util-linux) is looked for; an absolute path so PATH cannot substitute another. */
export const UNSHARE_CANDIDATES = ['/usr/bin/unshare', '/bin/unshare'];

/** The mode SLUICE_PRINT_NETNS asks for; SluiceError 'bad-setting' for any other value. */
export function netnsMode(env: Readonly<Record<string, string | undefined>> = process.env): NetnsMode {
  const value = (env.SLUICE_PRINT_NETNS ?? '').trim().toLowerCase();
  if (value === '' || value === 'auto') return 'auto';
  if (value === 'off' || value === 'require') return value;
  throw new SluiceError('bad-setting', `SLUICE_PRINT_NETNS must be auto, off or require, not "${JSON.stringify(value).slice(1, -1).slice(0, 40)}". Unset it to use the default (auto).`);
}

function runsOk(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

/**
 * Finds a way to start a program in a new network namespace on this machine: the command prefix
 * (e.g. `['/usr/bin/unshare', '-n', '--']`) or null when the platform offers none. Tries `-n`
 * (needs CAP_SYS_ADMIN) and then `-rn` (an unprivileged user namespace mapping the caller to root,
 * which Chromium's --no-sandbox run does not mind), each by running `true` inside it.
 */
export async function probeNetns(platform: NodeJS.Platform = process.platform, candidates: readonly string[] = UNSHARE_CANDIDATES): Promise<string[] | null> {
  if (platform !== 'linux') return null;
  const unshare = candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!unshare) return null;
  for (const flags of [['-n'], ['-rn']]) {
    const prefix = [unshare, ...flags, '--'];
    if (await runsOk(unshare, [...flags, '--', 'true'])) return prefix;
  }
  return null;
}

let probed: Promise<string[] | null> | null = null;

/**
 * The command prefix that runs Chromium in a network namespace, per `mode`: null for 'off' or when
 * none is available under 'auto'; under 'require' a missing namespace is SluiceError 'no-netns'.
 * The probe runs once per process.
 */
export async function netnsPrefix(mode: NetnsMode): Promise<string[] | null> {
  if (mode === 'off') return null;
  probed ??= probeNetns();
  const prefix = await probed;
  if (prefix === null && mode === 'require') {
    throw new SluiceError(
      'no-netns',
      'SLUICE_PRINT_NETNS=require, but this machine cannot start Chromium in a network namespace (`unshare -n` needs root; `unshare -rn` needs unprivileged user namespaces). ' +
        'Run as a user allowed to create one, or set SLUICE_PRINT_NETNS=auto to print with Chromium\'s network switches alone.',
    );
  }
  return prefix;
}
