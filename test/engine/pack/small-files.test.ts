/**
 * The many-small-files path of pack (issue 12): files are read synchronously straight into shared
 * 1 MiB slots behind headers from pack's own encoder, a hundred to a slot. These tests show it keeps
 * every byte and every check: the payload is byte for byte what tar-stream wrote before, GNU tar and
 * Python read back each file with the manifest's hash, and a file that changed or became
 * unreadable after the scan — deep in a run of small files, not only the first — is refused by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { pack as tarPack } from 'tar-stream';
import { pack } from '../../../electron/engine/pack/pack';
import { scanSources, type PlannedEntry } from '../../../electron/engine/pack/scan';
import { tarHeader } from '../../../electron/engine/pack/tar-layout';
import { writePayload } from '../../../electron/engine/pack/write-payload';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { baseOptions, run, testKey } from './fixtures';

const key = testKey();
const FILES = 3000;

/**
 * FILES small files in 30 folders — sizes 0 to ~5 KiB including the block edges — with some
 * non-ASCII and long names (pax), executables, and three larger files that span 1 MiB slots.
 */
function makeTree(src: string): void {
  for (let i = 0; i < FILES; i++) {
    const dir = join(src, `d${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const edges = [0, 1, 511, 512, 513, 1023, 1024, 4096];
    const size = i < edges.length ? edges[i]! : (i * 2654435761) % 5200;
    const name = i % 97 === 0 ? `é-${i}-${'n'.repeat(100)}.dat` : `f${i}.dat`;
    const body = Buffer.alloc(size, i % 251);
    if (size >= 4) body.writeUInt32LE(i, 0);
    writeFileSync(join(dir, name), body, { mode: i % 13 === 0 ? 0o755 : 0o644 });
  }
  mkdirSync(join(src, 'big'));
  writeFileSync(join(src, 'big', 'a.bin'), Buffer.alloc(2.5 * 1024 * 1024 + 3, 7));
  writeFileSync(join(src, 'big', 'b.bin'), Buffer.alloc(1024 * 1024, 8));
  writeFileSync(join(src, 'big', 'c.bin'), Buffer.alloc(1024 * 1024 - 512, 9));
}

/** What tar-stream's pack() writes for the planned entries with their real bodies (the writer pack used before). */
async function tarStreamPayload(entries: readonly PlannedEntry[]): Promise<Buffer> {
  const tar = tarPack();
  const chunks: Buffer[] = [];
  tar.on('data', (c) => { chunks.push(Buffer.from(c as Uint8Array)); });
  const ended = new Promise<void>((resolve) => tar.on('end', () => resolve()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const body = e.type === 'file' ? readFileSync(e.source) : undefined;
      tar.entry(tarHeader(e), body as Buffer, (err) => (err ? reject(err) : resolve()));
    });
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('thousands of small files pack to the bytes tar-stream wrote, and GNU tar and Python read back every file with its hash', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  const out = join(root, 'out');
  await mkdir(out);
  const plan = await scanSources([src]);
  const r = await pack(baseOptions([src], out, key.signingKey));
  const payload = await readFile(join(r.packageDir, 'payload.tar'));
  const expected = await tarStreamPayload(plan.entries);
  assert.equal(payload.length, expected.length, 'payload size');
  assert.ok(payload.equals(expected), 'payload bytes equal tar-stream\'s');
  assert.equal(r.manifest.payload.sha256, sha256(payload));
  assert.equal(r.manifest.totals.files, FILES + 3);

  // Every file hash in the manifest is the hash of the source file, and of what each tool extracts.
  const files = r.manifest.entries.filter((e) => e.type === 'file');
  for (const e of files) assert.equal(e.sha256, sha256(readFileSync(join(root, e.path))), e.path);
  const sums = join(r.packageDir, 'FILES.SHA256SUMS');
  for (const [tool, extract] of [
    ['GNU tar', (dir: string) => run('tar', ['-x', '--no-same-owner', '-f', join(r.packageDir, 'payload.tar'), '-C', dir])],
    ['python tarfile', (dir: string) => run('python3', ['-c', 'import sys,tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter="data")', join(r.packageDir, 'payload.tar'), dir])],
  ] as const) {
    const dir = join(root, tool.replace(' ', '-'));
    await mkdir(dir);
    const x = extract(dir);
    assert.equal(x.code, 0, `${tool}: ${x.stderr}`);
    const check = run('sha256sum', ['--strict', '--quiet', '-c', sums], { cwd: dir });
    assert.equal(check.code, 0, `${tool}: sha256sum -c FILES.SHA256SUMS: ${check.stdout}${check.stderr}`);
    const listed = run('find', [dir, '-type', 'f']).stdout.trim().split('\n').length;
    assert.equal(listed, files.length, `${tool}: every file and nothing else`);
  }
});

test('split into volumes, the small-files payload is the same bytes cut at exact offsets', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  const out = join(root, 'out');
  await mkdir(out);
  const whole = await pack(baseOptions([src], out, key.signingKey));
  const split = await pack(baseOptions([src], out, key.signingKey, { transferId: 'T-test-2', volumeSize: 1024 * 1024 + 1000 }));
  const volumes = split.manifest.payload.volumes;
  assert.ok(volumes.length > 3);
  const parts = await Promise.all(volumes.map((v) => readFile(join(split.packageDir, v.name))));
  parts.slice(0, -1).forEach((p, i) => assert.equal(p.length, 1024 * 1024 + 1000, `volume ${i + 1}`));
  parts.forEach((p, i) => assert.equal(sha256(p), volumes[i]!.sha256, `volume ${i + 1} hash`));
  assert.ok(Buffer.concat(parts).equals(await readFile(join(whole.packageDir, 'payload.tar'))));
  assert.deepEqual(split.manifest.entries, whole.manifest.entries);
});

/** Plans the tree, lets `change` alter it, then runs the payload pass; returns its refusal. */
async function refusalAfter(t: { after: (fn: () => Promise<void> | void) => void }, change: (src: string, entries: PlannedEntry[]) => void): Promise<SluiceError> {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  const plan = await scanSources([src]);
  change(src, plan.entries);
  const dir = join(root, 'staging');
  await mkdir(dir);
  const bytesTotal = plan.bytes;
  const e = await writePayload({ entries: plan.entries, dir, volumeNames: ['payload.tar'], volumeSize: Infinity, bytesTotal }).then(
    () => assert.fail('the payload pass accepted a source that changed after the scan'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof SluiceError, String(e));
  return e;
}

/** A file deep in the run of small files (the 2,500th), not the first one read. */
const DEEP = 'mirror/d25/f2500.dat';

test('a small file that grew, shrank or was touched after the scan is refused by name', async (t) => {
  for (const [what, change] of [
    ['grew', (p: string) => appendFileSync(p, 'x')],
    ['shrank', (p: string) => writeFileSync(p, readFileSync(p).subarray(1))],
    ['was touched (same size, new time)', (p: string) => utimesSync(p, 1_800_000_000, 1_800_000_000)],
  ] as const) {
    const e = await refusalAfter(t, (src, entries) => change(entries.find((x) => x.path === DEEP)!.source));
    assert.equal(e.code, 'source-changed', what);
    assert.match(e.details[0]!.path, /\/mirror\/d25\/f2500\.dat$/, what);
    assert.equal(e.details[0]!.reason, 'source changed during pack', what);
  }
});

test('a small file replaced by a symbolic link or a folder after the scan is refused by name', async (t) => {
  const link = await refusalAfter(t, (src, entries) => {
    const p = entries.find((x) => x.path === DEEP)!.source;
    renameSync(p, `${p}.moved`);
    symlinkSync(`${p}.moved`, p); // same target size and time: only O_NOFOLLOW tells them apart
  });
  assert.equal(link.code, 'source-unreadable');
  assert.match(link.details[0]!.path, /\/mirror\/d25\/f2500\.dat$/);
  assert.equal(link.details[0]!.reason, 'ELOOP');
  const folder = await refusalAfter(t, (src, entries) => {
    const p = entries.find((x) => x.path === DEEP)!.source;
    rmSync(p);
    mkdirSync(p);
  });
  assert.equal(folder.code, 'source-changed');
  assert.match(folder.details[0]!.path, /\/mirror\/d25\/f2500\.dat$/);
});

test('a small file deleted after the scan is an error naming it', async (t) => {
  const e = await refusalAfter(t, (src, entries) => rmSync(entries.find((x) => x.path === DEEP)!.source));
  assert.equal(e.code, 'source-unreadable');
  assert.match(e.details[0]!.path, /\/mirror\/d25\/f2500\.dat$/);
  assert.equal(e.details[0]!.reason, 'ENOENT');
});

test('a small file replaced by a FIFO after the scan is refused as changed, not waited on', async (t) => {
  // Opened without O_NONBLOCK, a FIFO with no writer would block the pack for good.
  const e = await refusalAfter(t, (_src, entries) => {
    const source = entries.find((x) => x.path === DEEP)!.source;
    rmSync(source);
    assert.equal(run('mkfifo', [source]).code, 0);
  });
  assert.equal(e.code, 'source-changed');
  assert.match(e.details[0]!.path, /\/mirror\/d25\/f2500\.dat$/);
});

test('a file holding more bytes than its size says (a /proc file) is refused by the read that asks for one byte more', async (t) => {
  const root = await makeTempDir(t);
  const plan = await scanSources([`/proc/${process.pid}/status`]);
  assert.equal(plan.entries[0]!.size, 0, 'the kernel reports size 0 for it');
  const dir = join(root, 'staging');
  await mkdir(dir);
  await assert.rejects(writePayload({ entries: plan.entries, dir, volumeNames: ['payload.tar'], volumeSize: Infinity, bytesTotal: 0 }), (e: unknown) =>
    e instanceof SluiceError && e.code === 'source-changed' && e.details[0]!.path === `/proc/${process.pid}/status`);
});

test('a small file that became unreadable after the scan is an error naming it (as root without the override capability)', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  const repo = fileURLToPath(new URL('../../..', import.meta.url));
  const target = join(src, 'd25', 'f2500.dat');
  // The scan sees a readable file; the chmod lands between the scan and the payload pass.
  const script = `import { scanSources } from ${JSON.stringify(join(repo, 'electron/engine/pack/scan.ts'))};
import { writePayload } from ${JSON.stringify(join(repo, 'electron/engine/pack/write-payload.ts'))};
import { chmodSync, mkdirSync } from 'node:fs';
const plan = await scanSources([${JSON.stringify(src)}]);
chmodSync(${JSON.stringify(target)}, 0);
mkdirSync(${JSON.stringify(join(root, 'staging'))});
try { await writePayload({ entries: plan.entries, dir: ${JSON.stringify(join(root, 'staging'))}, volumeNames: ['payload.tar'], volumeSize: Infinity, bytesTotal: plan.bytes }); console.log('accepted'); }
catch (e) { console.log(JSON.stringify({ code: e.code, details: e.details })); }`;
  const asRoot = process.getuid?.() === 0;
  const r = asRoot
    ? run('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, env: { ...process.env, HOME: '/tmp' } })
    : run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  const outcome = JSON.parse(r.stdout.trim().split('\n').pop()!) as { code: string; details: { path: string; reason: string }[] };
  assert.deepEqual(outcome, { code: 'source-unreadable', details: [{ path: target, reason: 'EACCES' }] });
});

/**
 * Runs pack() of `src` into `root/out` in a child without the capabilities that bypass file
 * permissions (as an operator's account would), after making `unreadable` mode 000. Returns the
 * error's code and details and what was left in the output folder.
 */
function packAsOperator(root: string, src: string, unreadable: string[]): { code: string; details: { path: string; reason: string }[]; left: string[] } {
  const repo = fileURLToPath(new URL('../../..', import.meta.url));
  const out = join(root, 'out');
  const script = `import { pack } from ${JSON.stringify(join(repo, 'electron/engine/pack/pack.ts'))};
import { baseOptions, testKey } from ${JSON.stringify(join(repo, 'test/engine/pack/fixtures.ts'))};
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
for (const p of ${JSON.stringify(unreadable)}) chmodSync(p, 0);
mkdirSync(${JSON.stringify(out)});
try { await pack(baseOptions([${JSON.stringify(src)}], ${JSON.stringify(out)}, testKey().signingKey)); console.log(JSON.stringify({ code: 'packed' })); }
catch (e) { console.log(JSON.stringify({ code: e.code, details: e.details, left: readdirSync(${JSON.stringify(out)}) })); }`;
  const r = process.getuid?.() === 0
    ? run('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, env: { ...process.env, HOME: '/tmp' } })
    : run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test('pack refuses unreadable files found by its read (the scan skips the probe) and lists every one at once, leaving nothing', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  const a = join(src, 'd05', 'f500.dat');
  const b = join(src, 'd25', 'f2500.dat');
  const r = packAsOperator(root, src, [a, b]);
  assert.equal(r.code, 'sources-refused');
  assert.deepEqual(r.details, [{ path: a, reason: 'cannot be read: EACCES' }, { path: b, reason: 'cannot be read: EACCES' }]);
  assert.deepEqual(r.left, [], 'no partial package left');
});

test('an unreadable file beside another refusal: the one error still lists both', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'mirror');
  makeTree(src);
  symlinkSync('/etc/hostname', join(src, 'd10', 'link'));
  const b = join(src, 'd25', 'f2500.dat');
  const r = packAsOperator(root, src, [b]);
  assert.equal(r.code, 'sources-refused');
  assert.deepEqual(r.details.map((d) => d.path), [join(src, 'd10', 'link'), b]);
  assert.match(r.details[0]!.reason, /symbolic link/);
  assert.equal(r.details[1]!.reason, 'cannot be read: EACCES');
  assert.deepEqual(r.left, []);
});
