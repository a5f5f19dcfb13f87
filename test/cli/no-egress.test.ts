// Zero egress: a whole CLI session — keygen, trust, pack, verify, import, `manifest --pdf`,
// `receipt --pdf` — run under strace, every process followed (Node and the Chromium it starts for
// PDFs). No AF_INET/AF_INET6 address may appear in a connect, bind or send, whatever Chromium's
// path: inside a network namespace (the default where one can be made) and with its switches alone
// (SLUICE_PRINT_NETNS=off). Inside the namespace not even an inet socket may be created.
// AF_UNIX sockets are fine: Chromium's processes talk to each other over them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeNetns } from '../../electron/engine/print/netns';
import { repoRoot } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

const SYSCALLS = 'execve,socket,connect,bind,sendto,sendmsg,sendmmsg';

/** Whether strace can trace a child here (ptrace may be forbidden in a container). */
function straceWorks(): string | null {
  const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${SYSCALLS}`, '-o', '/dev/null', 'true'], { stdio: 'pipe', encoding: 'utf8' });
  if (r.error) return `strace is not installed (${r.error.message}); install it (apt-get install strace) to run the egress test`;
  if (r.status !== 0) return `strace cannot trace here (exit ${r.status}: ${r.stderr.trim().split('\n')[0]}); ptrace is not allowed`;
  return null;
}
const skip = straceWorks();

/** What a trace shows: inet sockets created, inet addresses used, and whether Chromium ran. */
function egressIn(trace: string): { inetSockets: string[]; inetUses: string[]; chromiumRan: boolean } {
  const lines = trace.split('\n');
  return {
    inetSockets: lines.filter((l) => /\bsocket\((?:AF|PF)_INET6?\b/.test(l)),
    inetUses: lines.filter((l) => /\b(?:connect|bind|sendto|sendmsg|sendmmsg)\(.*\b(?:sa_family|sin6?_family)=AF_INET6?\b/.test(l)),
    chromiumRan: lines.some((l) => /\bexecve\("[^"]*chrom[^"]*"/i.test(l) && !/= -1 /.test(l)),
  };
}

interface Traced { code: number; stdout: string; stderr: string; trace: string }

let dir: string;
let n = 0;
const PASS = 'egress test passphrase';

/** Runs the CLI from source under `strace -f`, every syscall that could reach a network logged. */
function traced(args: string[], env: Record<string, string> = {}): Promise<Traced> {
  const traceFile = join(dir, `trace-${++n}-${args[0]}.txt`);
  const child = spawn('strace', ['-f', '-qq', '-e', `trace=${SYSCALLS}`, '-o', traceFile, process.execPath, '--import', 'tsx', join(repoRoot, 'electron/cli/main.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, SLUICE_KDF_COST: 'test', SLUICE_PASSPHRASE: PASS, SLUICE_HOME: join(dir, 'home'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', async (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, trace: await readFile(traceFile, 'utf8') });
    });
  });
}

function assertNoEgress(what: string, r: Traced, opts: { chromium: boolean; strict: boolean }) {
  assert.equal(r.code, 0, `${what} failed: ${r.stderr}`);
  const e = egressIn(r.trace);
  assert.deepEqual(e.inetUses, [], `${what} used an internet address:\n${e.inetUses.slice(0, 10).join('\n')}`);
  if (opts.strict) assert.deepEqual(e.inetSockets, [], `${what} created an internet socket:\n${e.inetSockets.slice(0, 10).join('\n')}`);
  // Without a namespace Chromium still opens datagram sockets to ask the kernel for interface
  // names (ioctl SIOCGIFNAME/SIOCGIWNAME); they are never bound, connected or sent on (inetUses).
  else for (const l of e.inetSockets) assert.match(l, /SOCK_DGRAM/, `${what}: only datagram sockets for interface queries: ${l}`);
  assert.equal(e.chromiumRan, opts.chromium, `${what}: strace ${opts.chromium ? 'did not follow' : 'unexpectedly saw'} Chromium`);
}

let pkg = '';
let trust = '';
let ledger = '';

before(async () => {
  if (skip) return;
  dir = await makeTempDir(undefined, 'sluice-no-egress-');
  trust = join(dir, 'trust');
  ledger = join(dir, 'ledger.jsonl');
  await mkdir(join(dir, 'home'));
  await mkdir(join(dir, 'src', 'sub'), { recursive: true });
  await writeFile(join(dir, 'src', 'report.txt'), 'quarterly numbers\n');
  await writeFile(join(dir, 'src', 'sub', 'data.csv'), 'a,b\n1,2\n');
  await mkdir(join(dir, 'out'));
  await mkdir(join(dir, 'dest'));
});
after(() => (dir ? removeTempDir(dir) : undefined));

test('keygen, trust, pack, verify and import open no internet socket at all', { skip: skip ?? false }, async () => {
  const keygen = await traced(['keygen', '--out', join(dir, 'keys'), '--name', 'ops']);
  assertNoEgress('keygen', keygen, { chromium: false, strict: true });
  const fp = /Fingerprint:\s+((?:[0-9A-F]{4} ?){10})/.exec(keygen.stdout)?.[1];
  assert.ok(fp, keygen.stdout);
  assertNoEgress('trust add', await traced(['trust', 'add', join(dir, 'keys', 'ops.pub'), '--trust', trust, '--label', 'ops', '--fingerprint', fp]), { chromium: false, strict: true });

  const packed = await traced([
    'pack', join(dir, 'src'), '--key', join(dir, 'keys', 'ops.key'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json'),
    '--classification', 'OFFICIAL', '--purpose', 'egress test', '--operator', 'alice', '--expires', '2d',
  ]);
  assertNoEgress('pack', packed, { chromium: false, strict: true });
  pkg = packed.stdout.trim();
  assertNoEgress('verify', await traced(['verify', pkg, '--trust', trust]), { chromium: false, strict: true });
  assertNoEgress('import', await traced(['import', pkg, '--trust', trust, '--to', join(dir, 'dest'), '--station', 'HIGH', '--ledger', ledger, '--officer', 'olga', '--reason', 'egress test']), { chromium: false, strict: true });
  assert.ok((await stat(join(dir, 'dest', pkg.split('/').at(-1)!, 'src', 'report.txt'))).isFile());
});

// Both of Chromium's paths, each guarded: the namespace (when this machine can make one) and the
// switches alone. A Chromium started with the old flags fails both (DNS connects to port 53).
const netns = skip ? null : await probeNetns();
const modes: { mode: string; strict: boolean; skip: string | false }[] = [
  { mode: 'auto', strict: netns !== null, skip: skip ?? false },
  { mode: 'off', strict: false, skip: skip ?? (netns === null ? 'no network namespace here: the auto run above already printed with the switches alone' : false) },
];
for (const { mode, strict, skip: why } of modes) {
  test(`manifest --pdf and receipt --pdf reach no network (SLUICE_PRINT_NETNS=${mode}${mode === 'auto' ? (netns ? ', in a network namespace' : ', no namespace available') : ''})`, { skip: why }, async () => {
    assert.ok(pkg, 'the packing test ran first');
    const env = { SLUICE_PRINT_NETNS: mode };
    const manifestPdf = join(dir, `manifest-${mode}.pdf`);
    assertNoEgress('manifest --pdf', await traced(['manifest', pkg, '--trust', trust, '--pdf', manifestPdf], env), { chromium: true, strict });
    const receiptPdf = join(dir, `receipt-${mode}.pdf`);
    assertNoEgress('receipt --pdf', await traced(['receipt', pkg, '--trust', trust, '--ledger', ledger, '--pdf', receiptPdf], env), { chromium: true, strict });
    for (const pdf of [manifestPdf, receiptPdf]) assert.equal((await readFile(pdf)).subarray(0, 5).toString('latin1'), '%PDF-');
  });
}

test('the trace reader sees what the issue reported: DNS connects and the IPv6 probe', () => {
  const trace = [
    '15146 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 19',
    '15146 connect(19, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
    '15146 connect(18, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>',
    '15092 socket(AF_UNIX, SOCK_SEQPACKET|SOCK_CLOEXEC, 0) = 12',
    '15092 connect(12, {sa_family=AF_UNIX, sun_path="/tmp/x"}, 110) = 0',
    '15092 sendmsg(12, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="x", iov_len=1}]}, 0) = 1',
    '15000 execve("/usr/lib/chromium/chromium", ["/usr/lib/chromium/chromium", "--headless"], 0x1 /* 3 vars */) = 0',
  ].join('\n');
  const e = egressIn(trace);
  assert.equal(e.inetSockets.length, 1);
  assert.equal(e.inetUses.length, 2);
  assert.equal(e.chromiumRan, true);
  assert.deepEqual(egressIn('1 execve("/usr/bin/chromium", ["chromium"], 0x1 /* 3 vars */) = -1 ENOENT (No such file or directory)').chromiumRan, false);
});
