// Environment errors are errors, not crashes (issue 9 §5): on a full filesystem (a 2 MiB tmpfs),
// a read-only one (tmpfs remounted ro), a folder without write permission (0500, as root without
// CAP_DAC_OVERRIDE through setpriv), a FUSE filesystem whose reads fail with EIO
// (test/helpers/eio-fuse.py) and a target unmounted mid-write, pack, import, the ledger and keygen
// print one line — what failed, where, what to do — exit 2 (a volume that cannot be read is a
// finding in the --json report), never "internal error", and leave nothing half-written.
// Every mount is undone after each test, also when it fails.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tmp';
import { repoRoot, runCli, spawnCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';

const isRoot = process.getuid?.() === 0;
const FUSE_PYTHON = '/usr/bin/python3';
const fuseReason = !existsSync('/dev/fuse') ? 'no /dev/fuse in this container'
  : spawnSync(FUSE_PYTHON, ['-c', 'import fusepy'], { stdio: 'ignore' }).status !== 0 ? 'python3-fusepy is not installed (apt-get install python3-fusepy)' : null;

/**
 * A fresh folder for mount points, outside the test's temp dir (whose removal would run first and
 * meet a busy mount): when the test ends, passed or not, every mount under it is undone (lazily,
 * so a busy one goes too), then the folder is removed.
 */
async function mountRoot(t: TestContext): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-mnt-'));
  t.after(async () => {
    const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(`${root}/`));
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    await rm(root, { recursive: true, force: true });
  });
  return root;
}

/** Mounts a tmpfs of `size` at a new folder `name` under `root` (see mountRoot) and returns its path. */
async function mountTmpfs(root: string, name: string, size: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mount tmpfs: ${r.stderr}`);
  return dir;
}

function remountReadOnly(dir: string): void {
  const r = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `remount ro: ${r.stderr}`);
}

/** Fills the filesystem at `dir` to the last byte. */
function fill(dir: string): void {
  spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
  spawnSync('sync');
}

async function setup(t: TestContext) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'data.bin'), Buffer.alloc(3_000_000, 0x5a));
  await mkdir(join(dir, 'small'));
  await writeFile(join(dir, 'small', 'note.txt'), 'a small note\n');
  await mkdir(join(dir, 'trust'));
  await writeFile(join(dir, 'trust', 'low.pub'), await readFile(key.pubFile));
  const packArgs = (src: string, out: string, id: string) => ['pack', src, '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', out, '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json'), '--id', id];
  const importArgs = (pkg: string, dest: string, ledger = join(dir, 'ledger.jsonl')) => ['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--ledger', ledger, '--officer', 'olivia'];
  return { dir, key, packArgs, importArgs };
}

/** One line on stderr, naming `where`, the errno and what to do; never an internal error. */
function oneLine(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|please report/i);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('sluice pack: removed') && !/^\s/.test(l));
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

test('a full filesystem: pack, import, the ledger and keygen say so in one line and leave nothing', { skip: isRoot ? false : 'needs root to mount a tmpfs' }, async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  const full = await mountTmpfs(await mountRoot(t), 'full', '2m');

  const packed = await runCli(packArgs(join(dir, 'src'), full, 'T-full'));
  oneLine(packed, 2, new RegExp(`${full} has .* free; this package needs .*Free some space`));
  assert.deepEqual(await readdir(full), []);

  const pkg = await runCli(packArgs(join(dir, 'src'), join(dir), 'T-ok'));
  assert.equal(pkg.code, 0, pkg.stderr);
  const imported = await runCli(importArgs(pkg.stdout.trim(), full));
  oneLine(imported, 2, new RegExp(`${full} has .* free; importing T-ok needs`));
  assert.deepEqual(await readdir(full), [], 'no staging folder in DEST');

  fill(full);
  const small = await runCli(packArgs(join(dir, 'small'), dir, 'T-small'));
  assert.equal(small.code, 0, small.stderr);
  const dest = join(dir, 'dest');
  await mkdir(dest);
  const ledger = join(full, 'ledger.jsonl');
  const noLedger = await runCli(importArgs(small.stdout.trim(), dest, ledger));
  // The ledger's lock file is the first thing written there.
  oneLine(noLedger, 2, new RegExp(`Cannot create the lock file \\(${ledger}\\.lock\\): the filesystem is full \\(ENOSPC\\); free some space`));
  assert.equal(existsSync(`${ledger}.lock`), false, 'no empty lock file is left to block the next run');
  assert.deepEqual(await readdir(dest), [], 'nothing imported, no staging folder left');

  const keygen = await runCli(['keygen', '--out', join(full, 'keys'), '--passphrase-file', join(dir, 'pass')]);
  oneLine(keygen, 2, /ENOSPC/);
  assert.deepEqual((await readdir(full)).filter((n) => n !== 'filler' && n !== 'ledger.jsonl' && !n.startsWith('ledger.jsonl')), existsSync(join(full, 'keys')) ? ['keys'] : []);
  if (existsSync(join(full, 'keys'))) assert.deepEqual(await readdir(join(full, 'keys')), [], 'no half-written key');
});

test('a read-only filesystem: pack, import and keygen name it and say to use a writable medium', { skip: isRoot ? false : 'needs root to mount a tmpfs' }, async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  const ro = await mountTmpfs(await mountRoot(t), 'ro', '64m');
  remountReadOnly(ro);
  const packed = await runCli(packArgs(join(dir, 'small'), ro, 'T-ro'));
  oneLine(packed, 2, new RegExp(`Cannot create the package folder \\(${ro}/T-ro\\.partial\\): the filesystem is read-only \\(EROFS\\); use a writable medium`));

  const pkg = await runCli(packArgs(join(dir, 'small'), dir, 'T-ok'));
  assert.equal(pkg.code, 0, pkg.stderr);
  const imported = await runCli(importArgs(pkg.stdout.trim(), ro));
  oneLine(imported, 2, new RegExp(`Cannot create a staging folder in the quarantine \\(${ro}/\\.sluice-staging-[^)]*\\): the filesystem is read-only \\(EROFS\\)`));
  const ledger = await readFile(join(dir, 'ledger.jsonl'), 'utf8').catch(() => '');
  assert.doesNotMatch(ledger, /transfer\.imported/);

  const keygen = await runCli(['keygen', '--out', ro, '--passphrase-file', join(dir, 'pass')]);
  oneLine(keygen, 2, /read-only \(EROFS\)/);
  assert.deepEqual(await readdir(ro), []);
});

test('permission denied: a 0500 output folder is named, with what to do', { skip: isRoot ? false : 'runs as root without CAP_DAC_OVERRIDE (setpriv)' }, async (t) => {
  const { dir, packArgs } = await setup(t);
  const locked = join(dir, 'locked');
  await mkdir(locked);
  await chmod(locked, 0o500);
  // Root bypasses permissions; without these capabilities it sees what an operator's account sees.
  const r = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, '--import', 'tsx', join(repoRoot, 'electron/cli/main.ts'), ...packArgs(join(dir, 'small'), locked, 'T-locked')], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SLUICE_KDF_COST: 'test', HOME: '/tmp' },
  });
  oneLine({ code: r.status ?? -1, stderr: r.stderr }, 2, new RegExp(`Cannot create the package folder \\(${locked}/T-locked\\.partial\\): permission denied \\(EACCES\\); check the folder's owner and permissions`));
  assert.deepEqual(await readdir(locked), []);
});

test('--out naming a file says it is not a folder', async (t) => {
  const { dir, packArgs } = await setup(t);
  await writeFile(join(dir, 'a.txt'), 'not a folder');
  const r = await runCli(packArgs(join(dir, 'small'), join(dir, 'a.txt'), 'T-file'));
  oneLine(r, 2, new RegExp(`Cannot write the package to ${join(dir, 'a.txt')}: it is not a folder`));
});

/** Serves `root` read-only at `mnt` (under a mountRoot) through FUSE, failing reads of `fail` past `after` bytes with EIO. */
async function mountEio(t: TestContext, root: string, mnt: string, fail: string, after: number): Promise<void> {
  const child = spawn(FUSE_PYTHON, [join(repoRoot, 'test/helpers/eio-fuse.py'), root, mnt, fail, String(after)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  t.after(() => void child.kill('SIGKILL'));
  const deadline = Date.now() + 10_000;
  while (!(await readFile('/proc/mounts', 'utf8')).includes(` ${mnt} fuse`)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the FUSE filesystem did not mount: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('EIO from a failing medium: pack names the source file; verify and import name the volume in the --json report', { skip: !isRoot ? 'needs root to mount FUSE' : (fuseReason ?? false) }, async (t) => {
  const { dir, packArgs, importArgs } = await setup(t);
  const mnt = join(await mountRoot(t), 'mnt');
  await mkdir(mnt);
  await mkdir(join(dir, 'out'));
  await mountEio(t, join(dir, 'src'), mnt, 'data.bin', 1 << 20);
  const packed = await runCli(packArgs(join(mnt, 'data.bin'), join(dir, 'out'), 'T-eio'));
  oneLine(packed, 2, new RegExp(`Cannot read the source file \\(${mnt}/data\\.bin\\): input/output error.*\\(EIO\\); check the medium`));
  assert.deepEqual(await readdir(join(dir, 'out')), [], 'the partial package was removed');
  spawnSync('umount', [mnt]);

  const pkg = await runCli(packArgs(join(dir, 'src'), join(dir, 'out'), 'T-pkg'));
  assert.equal(pkg.code, 0, pkg.stderr);
  await mountEio(t, join(dir, 'out'), mnt, 'T-pkg/payload.tar', 1 << 20);
  const verified = await runCli(['verify', join(mnt, 'T-pkg'), '--trust', join(dir, 'trust'), '--json']);
  assert.equal(verified.code, 1, verified.stderr);
  const report = JSON.parse(verified.stdout);
  assert.deepEqual(report.failures.map((f: { check: string; where: string }) => `${f.check} ${f.where}`), ['volumes payload.tar']);
  assert.match(report.failures[0].reason, /^EIO: cannot read the volume at byte \d+ .*copy the package again/);

  const dest = join(dir, 'dest');
  await mkdir(dest);
  const imported = await runCli([...importArgs(join(mnt, 'T-pkg'), dest), '--json']);
  assert.equal(imported.code, 1, imported.stderr);
  assert.match(JSON.parse(imported.stdout).failures[0].reason, /^EIO: cannot read the volume/);
  assert.doesNotMatch(imported.stderr, /internal error/);
  assert.deepEqual(await readdir(dest), [], 'nothing extracted is left in DEST');
});

test('a target unmounted mid-write is reported then, and nothing is committed', { skip: isRoot ? false : 'needs root to mount a tmpfs' }, async (t) => {
  const { dir, packArgs } = await setup(t);
  await truncate(join(dir, 'src', 'data.bin'), 200 * 1024 * 1024);
  const target = await mountTmpfs(await mountRoot(t), 'usb', '400m');
  const job = spawnCli(packArgs(join(dir, 'src'), target, 'T-pulled'));
  const deadline = Date.now() + 30_000;
  while (!(await readdir(target).catch(() => [] as string[])).includes('T-pulled.partial')) {
    if (Date.now() > deadline || job.child.exitCode !== null) throw new Error(`no partial package: ${job.stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  spawnSync('umount', ['-l', target]); // the medium is pulled: the path now shows the folder beneath
  const r = await job.done;
  oneLine(r, 2, new RegExp(`The target ${target} was unmounted or replaced while the package was being written; nothing was committed`));
  assert.deepEqual(await readdir(target), []);
});
