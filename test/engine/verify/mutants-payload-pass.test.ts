/**
 * payload-pass.ts driven directly (runPayloadPass with a ReportBuilder, on volume files this test
 * writes): which of 'volumes', 'payload', 'archive' and 'entries' pass, fail or stay skipped, each
 * file's status, the failures' literal words, the sink's calls, progress, and that every volume
 * begun is ended before its handle closes. Mutation testing (docs/SECURITY.md, "Mutation score")
 * found these decisions unguarded: a short or longer volume, a read error, a missing end of archive
 * or a refused header could be passed or reported wrongly with every test green. Tar bytes come
 * from test/helpers/raw-tar.ts, digests from node:crypto over the test's own bytes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { constants } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPayloadSource, runPayloadPass, type EntrySink, type PayloadPassOptions } from '../../../electron/engine/verify/payload-pass';
import { inlineSource, type PayloadSource } from '../../../electron/engine/verify/payload-source';
import { ReportBuilder, VERIFY_CHECKS } from '../../../electron/engine/verify/report-builder';
import type { Manifest } from '../../../shared/format/manifest';
import type { EngineProgress } from '../../../shared/progress';
import { RawTarWriter } from '../../helpers/raw-tar';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { benignEntries, benignTar, HELLO, MTIME, sha256, TOP } from './defence-kit';

let root = '';
before(async () => { root = await makeTempDir(undefined, 'sluice-mutants-pass-'); });
after(() => removeTempDir(root));

/** The benign tar (4096 bytes): docs/ at 0, docs/a.txt header 512 body 1024, top.txt header 1536 body 2048, end 3072. */
const BENIGN = Buffer.from(benignTar().end().bytes());
const half = (b: Buffer) => [b.subarray(0, 2048), b.subarray(2048)];

let n = 0;
/**
 * Writes `onDisk` as the volume files and returns a manifest whose sizes and digests describe
 * `declared` (default: the same bytes), so a test can make the files differ from what is declared.
 */
async function pkg(declared: Buffer[], opts: { onDisk?: Buffer[]; entries?: Record<string, unknown>[]; tweak?: (m: any) => void } = {}) {
  const dir = join(root, `p${++n}`);
  await mkdir(dir);
  const entries = opts.entries ?? benignEntries();
  const volumes = declared.map((v, i) => ({ name: `payload.tar.00${i + 1}`, size: v.length, sha256: sha256(v) }));
  const whole = Buffer.concat(declared);
  const m: any = { payload: { size: whole.length, sha256: sha256(whole), volumes }, entries, totals: { files: entries.filter((e) => e.type === 'file').length } };
  opts.tweak?.(m);
  for (const [i, v] of (opts.onDisk ?? declared).entries()) await writeFile(join(dir, volumes[i]!.name), v);
  return { dir, m: m as Manifest };
}

/** Wraps a source, logging volume starts/ends and finish; `failAt` makes that next() call (1-based) reject with `error`. */
function spy(src: PayloadSource, log: string[], failAt = 0, error?: Error): PayloadSource {
  let calls = 0;
  return {
    startVolume: (fh, size) => { log.push(`start ${size}`); src.startVolume(fh, size); },
    next: async () => { if (++calls === failAt) throw error; return src.next(); },
    endVolume: async () => { log.push('end'); return src.endVolume(); },
    finish: async () => { log.push('finish'); return src.finish(); },
    close: () => src.close(),
  };
}

async function run(p: { dir: string; m: Manifest }, opts: PayloadPassOptions = {}, source?: PayloadSource) {
  const b = new ReportBuilder(VERIFY_CHECKS);
  const log: string[] = [];
  const src = source ?? spy(openPayloadSource(p.m, false), log);
  const progress: EngineProgress[] = [];
  try {
    await runPayloadPass(p.dir, p.m, b, src, { onProgress: (e) => progress.push(e), ...opts });
  } finally {
    await src.close();
  }
  const said = Object.fromEntries(b.checks().map((c) => [c.id, `${c.status}: ${c.detail}`]));
  return {
    ids: b.checks().map((c) => c.id),
    four: ['volumes', 'payload', 'archive', 'entries'].map((id) => said[id]),
    files: b.files.map((f) => [f.path, f.status, f.reason]),
    failures: b.failures.map((f) => [f.check, f.where, f.reason]),
    log,
    progress: progress.map((e) => [e.phase, e.bytesDone, e.bytesTotal, e.currentFile]),
  };
}

/** A sink that logs what it is given. */
function logSink(log: string[]): EntrySink {
  return {
    begin: async (e) => { log.push(`begin ${e.path}`); },
    data: async (e, bytes) => { log.push(`data ${e.path} ${bytes.length}`); },
    end: async (e, ok) => { log.push(`end ${e.path} ${ok}`); },
  };
}

const PASSED = [['docs', 'pass', undefined], ['docs/a.txt', 'pass', undefined], ['top.txt', 'pass', undefined]];
const SKIP = 'skipped: not reached';

test('a good payload in two volumes: the four checks in words, every file, progress and each volume ended once', async () => {
  const r = await run(await pkg(half(BENIGN)));
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.ids, VERIFY_CHECKS);
  assert.deepEqual(r.four, [
    'pass: 2 volume(s), sizes and SHA-256 match',
    `pass: 4096 bytes, SHA-256 ${sha256(BENIGN)}`,
    'pass: 3 entries match the manifest; clean end of archive',
    'pass: 2 files match their SHA-256',
  ]);
  assert.deepEqual(r.files, PASSED);
  // After the first volume the header of top.txt (the third entry) has been read.
  assert.deepEqual(r.progress, [['verify', 2048, 4096, 'top.txt'], ['verify', 4096, 4096, 'top.txt']]);
  assert.deepEqual(r.log, ['start 2048', 'end', 'start 2048', 'end', 'finish']);
  const extract = await run(await pkg([BENIGN]), { phase: 'extract' });
  assert.deepEqual(extract.progress, [['extract', 4096, 4096, 'top.txt']]);
});

test('progress every 1 MiB read: at 1048576 bytes (four 256 KiB reads), then at the end of the volume', async () => {
  const body = Buffer.alloc(1_200_000, 0x41);
  const tar = Buffer.from(new RawTarWriter().file('big.bin', body, { mtime: MTIME }).end().bytes());
  assert.equal(tar.length, 1_201_664);
  const entries = [{ path: 'big.bin', type: 'file', size: body.length, mode: '0644', mtime: MTIME, sha256: sha256(body) }];
  const r = await run(await pkg([tar], { entries }));
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.progress, [['verify', 1_048_576, 1_201_664, 'big.bin'], ['verify', 1_201_664, 1_201_664, 'big.bin']]);
});

test('a payload with no entries: progress names no file, and the checks say 0', async () => {
  const r = await run(await pkg([Buffer.alloc(1024)], { entries: [] }));
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.progress, [['verify', 1024, 1024, undefined]]);
  assert.deepEqual(r.four.slice(2), ['pass: 0 entries match the manifest; clean end of archive', 'pass: 0 files match their SHA-256']);
});

test('a changed file body without a sink: the file, its volume and the payload are named; with a sink the pass stops there', async () => {
  const bad = Buffer.from(BENIGN);
  bad[1024] = bad[1024]! ^ 1; // first byte of docs/a.txt's body
  const p = await pkg(half(BENIGN), { onDisk: half(bad) });
  const r = await run(p);
  assert.deepEqual(r.failures, [
    ['entries', 'docs/a.txt', 'SHA-256 does not match the manifest'],
    ['volumes', 'payload.tar.001', 'SHA-256 does not match the manifest'],
    ['payload', 'payload', 'SHA-256 of the whole payload does not match the manifest'],
  ]);
  assert.equal(r.four[2], SKIP, 'a failed volume leaves the end of the archive unjudged');
  assert.deepEqual(r.files[1], ['docs/a.txt', 'fail', 'SHA-256 does not match the manifest']);

  const sinkLog: string[] = [];
  const s = await run(p, { sink: logSink(sinkLog) });
  assert.deepEqual(s.failures, [['entries', 'docs/a.txt', 'SHA-256 does not match the manifest']]);
  assert.deepEqual(s.four, [SKIP, SKIP, SKIP, 'fail: docs/a.txt: SHA-256 does not match the manifest']);
  assert.deepEqual(sinkLog, ['begin docs', 'end docs true', 'begin docs/a.txt', `data docs/a.txt ${HELLO.length}`, 'end docs/a.txt false', 'begin top.txt']);
  assert.deepEqual(s.log, ['start 2048', 'end'], 'the stopped volume is ended before its handle closes');
  assert.deepEqual(s.files[2], ['top.txt', 'skipped', 'not reached']);
});

test('with a sink, a volume whose SHA-256 differs from the manifest stops the pass at that volume', async () => {
  const p = await pkg(half(BENIGN), { tweak: (m) => { m.payload.volumes[0].sha256 = 'f'.repeat(64); } });
  const sinkLog: string[] = [];
  const s = await run(p, { sink: logSink(sinkLog) });
  assert.deepEqual(s.failures, [['volumes', 'payload.tar.001', 'SHA-256 does not match the manifest']]);
  assert.deepEqual(s.four, ['fail: payload.tar.001: SHA-256 does not match the manifest', SKIP, SKIP, SKIP]);
  assert.deepEqual(sinkLog, ['begin docs', 'end docs true', 'begin docs/a.txt', `data docs/a.txt ${HELLO.length}`, 'end docs/a.txt true', 'begin top.txt']);
  assert.deepEqual(s.log, ['start 2048', 'end']);
});

test('a payload digest that differs while every volume matches fails the payload check alone', async () => {
  const r = await run(await pkg(half(BENIGN), { tweak: (m) => { m.payload.sha256 = '0'.repeat(64); } }));
  assert.deepEqual(r.failures, [['payload', 'payload', 'SHA-256 of the whole payload does not match the manifest']]);
  assert.deepEqual(r.files, PASSED);
});

test('a refused header: the file named fails with the reason, later volumes are not parsed, the sink gets nothing of that chunk', async () => {
  const tar = Buffer.from(new RawTarWriter().dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME + 1 }).end().bytes());
  const p = await pkg(half(tar));
  const why = "tar header mtime 1700000001 does not match the manifest's 1700000000";
  const r = await run(p);
  assert.deepEqual(r.failures, [['archive', 'top.txt', why]]);
  assert.deepEqual(r.files, [['docs', 'pass', undefined], ['docs/a.txt', 'pass', undefined], ['top.txt', 'fail', why]]);
  assert.deepEqual(r.four, ['pass: 2 volume(s), sizes and SHA-256 match', `pass: 4096 bytes, SHA-256 ${sha256(tar)}`, `fail: top.txt: ${why}`, SKIP]);
  const sinkLog: string[] = [];
  const s = await run(p, { sink: logSink(sinkLog) });
  assert.deepEqual(s.failures, [['archive', 'top.txt', why]]);
  assert.deepEqual(sinkLog, []);
  assert.deepEqual(s.files, r.files);
});

test('a refusal that names no file marks no file; one naming a file that already failed keeps its first reason', async () => {
  const r = await run(await pkg([Buffer.concat([BENIGN, Buffer.alloc(512)])]));
  assert.deepEqual(r.failures, [['archive', 'payload', 'data after the end-of-archive blocks (at offset 4096)']]);
  assert.deepEqual(r.files, PASSED);
  assert.deepEqual(r.four.slice(2), ['fail: payload: data after the end-of-archive blocks (at offset 4096)', SKIP]);

  const bad = Buffer.from(BENIGN);
  bad[1024] = bad[1024]! ^ 1; // docs/a.txt's body no longer matches its SHA-256...
  bad[1100] = 1; // ...and its padding is not zero
  const b = await run(await pkg([BENIGN], { onDisk: [bad] }));
  assert.deepEqual(b.files[1], ['docs/a.txt', 'fail', 'SHA-256 does not match the manifest']);
  assert.deepEqual(b.failures.slice(0, 2), [
    ['entries', 'docs/a.txt', 'SHA-256 does not match the manifest'],
    ['archive', 'docs/a.txt', 'non-zero bytes in the padding after an entry'],
  ]);
});

test('an archive without its end blocks is refused at the end of the stream, not passed', async () => {
  const cut = BENIGN.subarray(0, 3072);
  const r = await run(await pkg([cut]));
  assert.deepEqual(r.failures, [['archive', 'payload', 'payload ends without the end-of-archive blocks']]);
  assert.deepEqual(r.files, PASSED);
  assert.deepEqual(r.four.slice(2), ['fail: payload: payload ends without the end-of-archive blocks', SKIP]);
});

test('a volume shorter on disk than declared: named with both sizes, the rest not read, nothing passed that was not read', async () => {
  const p = await pkg(half(BENIGN), { onDisk: [BENIGN.subarray(0, 1800), BENIGN.subarray(2048)] });
  const r = await run(p);
  assert.deepEqual(r.failures, [
    ['volumes', 'payload.tar.001', 'volume ended after 1800 bytes; the manifest says 2048'],
    ['volumes', 'payload.tar.001', 'SHA-256 does not match the manifest'],
  ]);
  assert.deepEqual(r.four, ['fail: payload.tar.001: volume ended after 1800 bytes; the manifest says 2048', 'skipped: a volume could not be read whole', SKIP, SKIP]);
  assert.deepEqual(r.files, [['docs', 'pass', undefined], ['docs/a.txt', 'pass', undefined], ['top.txt', 'skipped', 'not reached']]);
  assert.deepEqual(r.log, ['start 2048', 'end']);
});

test('a volume longer on disk than declared is refused, though its declared bytes match', async () => {
  const r = await run(await pkg([BENIGN], { onDisk: [Buffer.concat([BENIGN, Buffer.from('x')])] }));
  assert.deepEqual(r.failures, [['volumes', 'payload.tar.001', "volume is longer than the manifest's 4096 bytes"]]);
  assert.deepEqual(r.four, ["fail: payload.tar.001: volume is longer than the manifest's 4096 bytes", `pass: 4096 bytes, SHA-256 ${sha256(BENIGN)}`, SKIP, 'pass: 2 files match their SHA-256']);
});

const errno = (code: string | undefined, message: string) => Object.assign(new Error(message), code ? { code } : {});

test('a read error is a finding about the volume at the byte reached; other errors are thrown', async () => {
  const p = await pkg(half(BENIGN));
  const log: string[] = [];
  // 1000-byte reads: the third read of the first volume fails, at byte 2000.
  const r = await run(p, {}, spy(inlineSource(2, 1000), log, 3, errno('EIO', 'EIO: i/o error, read')));
  const why = 'EIO: cannot read the volume at byte 2000 (i/o error, read); the medium may be failing or was removed: copy the package again from a good medium';
  assert.deepEqual(r.failures, [['volumes', 'payload.tar.001', why]]);
  assert.deepEqual(r.four, [`fail: payload.tar.001: ${why}`, 'skipped: a volume could not be read whole', SKIP, SKIP]);
  assert.deepEqual(log, ['start 2048', 'end']);
  // Only a leading code is cut from the message.
  const mid = await run(p, {}, spy(inlineSource(2, 1000), [], 1, errno('EIO', 'device says EIO: gone')));
  assert.deepEqual(mid.failures.map((f) => f[2]), ['EIO: cannot read the volume at byte 0 (device says EIO: gone); the medium may be failing or was removed: copy the package again from a good medium']);
  await assert.rejects(run(p, {}, spy(inlineSource(2, 1000), [], 1, errno(undefined, 'boom'))), /^Error: boom$/);
  await assert.rejects(run(p, {}, spy(inlineSource(2, 1000), [], 1, errno('EINVAL', 'EINVAL: invalid argument'))), { code: 'EINVAL' });
});

test('every volume handle is closed, on a good pass and after a stop mid-volume', async () => {
  const fds = () => readdirSync('/proc/self/fd').length;
  const p = await pkg(half(BENIGN), { onDisk: [BENIGN.subarray(0, 1800), BENIGN.subarray(2048)] });
  await run(p); // warm up
  const before = fds();
  await run(p);
  await run(await pkg(half(BENIGN)));
  assert.equal(fds(), before);
});

test('openPayloadSource: a worker from 32 MiB (33554432 bytes) or when asked; otherwise one buffer the size of the largest volume', async () => {
  const threads = () => readdirSync('/proc/self/task').length;
  const uses = async (size: number, inWorker?: boolean) => {
    const before = threads();
    const s = openPayloadSource({ payload: { size, volumes: [{ size: 10240 }] } } as unknown as Manifest, inWorker);
    const started = threads() > before;
    await s.close();
    return started;
  };
  assert.equal(await uses(33_554_431), false);
  assert.equal(await uses(100), false);
  assert.equal(await uses(33_554_432), true);
  assert.equal(await uses(100, true), true);
  assert.equal(await uses(33_554_432, false), false);

  const p = await pkg([Buffer.alloc(300_000), Buffer.alloc(10_240)]);
  const s = openPayloadSource(p.m);
  const fh = await open(join(p.dir, 'payload.tar.001'), constants.O_RDONLY);
  try {
    s.startVolume(fh, 300_000);
    assert.equal((await s.next())!.length, 262_144, 'reads of 256 KiB, not of the smallest volume');
    await s.endVolume();
  } finally {
    await fh.close();
    await s.close();
  }
});
