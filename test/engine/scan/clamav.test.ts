// The ClamAV scanner against the real clamscan and clamd (Debian's clamav), with a signature
// database written by the test: clean, found (hostile names that forge result lines), a broken
// database (exit 2 is an error, never clean), a missing database, a missing engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClamAvScanner, scanEntries } from '../../../electron/engine/scan/index';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { MARKER, SIGNATURE, startClamd, writeTestDatabase } from '../../helpers/clamav';

/** Files whose names try to forge ClamAV result lines, one infected, the others clean. */
async function hostileFiles(dir: string) {
  const src = join(dir, 'src');
  await mkdir(src);
  const files = [
    { name: 'clean.txt', body: 'nothing to see\n' },
    { name: 'a: OK', body: `prefix ${MARKER} suffix` },
    { name: 'a', body: 'clean, but its name is a prefix of the infected one\n' },
    { name: 'b: Fake.Sig FOUND', body: 'clean, named like a finding\n' },
    { name: 'empty', body: '' },
  ];
  for (const f of files) await writeFile(join(src, f.name), f.body);
  return files.map((f) => ({ entryPath: `src/${f.name}`, file: join(src, f.name), size: Buffer.byteLength(f.body) }));
}

test('clamscan: a hostile-named infected file is found by its entry path, the others are clean', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  const files = await hostileFiles(dir);
  const progress: number[] = [];
  const outcome = await scanEntries(new ClamAvScanner({ databaseDir: db }), files, { onProgress: (p) => progress.push(p.bytesDone) });
  assert.equal(outcome.verdict, 'found');
  assert.deepEqual(outcome.findings, [{ path: 'src/a: OK', signature: SIGNATURE }]);
  assert.equal(outcome.filesScanned, 5);
  assert.equal(outcome.engine, 'ClamAV');
  assert.match(outcome.engineVersion, /^\d+\.\d+/);
  assert.match(outcome.database.description, /^custom: sluice-test\.ndb sha256:[0-9a-f]{16}$/);
  assert.equal(progress.at(-1), files.reduce((a, f) => a + f.size, 0), 'progress reaches every byte');
});

test('clamscan: clean files give a clean verdict; no files is clean with nothing scanned', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  const files = (await hostileFiles(dir)).filter((f) => f.entryPath !== 'src/a: OK');
  const scanner = new ClamAvScanner({ databaseDir: db });
  const outcome = await scanEntries(scanner, files);
  assert.deepEqual([outcome.verdict, outcome.filesScanned, outcome.findings], ['clean', 4, []]);
  const none = await scanEntries(scanner, []);
  assert.deepEqual([none.verdict, none.filesScanned], ['clean', 0]);
});

test('clamscan exiting 2 (a malformed signature file) is an error, never clean', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  await writeFile(join(db, 'broken.ndb'), 'this is not a signature\n');
  const files = (await hostileFiles(dir)).filter((f) => f.entryPath === 'src/clean.txt');
  await assert.rejects(scanEntries(new ClamAvScanner({ databaseDir: db }), files), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'av-scan-failed');
    assert.match(e.message, /not known to be clean \(ClamAV said: LibClamAV Error: .*database/);
    assert.ok(e.details.some((d) => /exit code 2/.test(d.reason)), JSON.stringify(e.details));
    return true;
  });
});

test('a file that vanished before the scan is an error naming it, not clean', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  const files = [{ entryPath: 'gone.txt', file: join(dir, 'gone.txt'), size: 1 }];
  await assert.rejects(scanEntries(new ClamAvScanner({ databaseDir: db }), files), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-scan-failed' && e.details.some((d) => d.path === join(dir, 'gone.txt') || d.path === '(ClamAV)'));
});

test('a missing or empty signature folder and a missing engine are one clear environment error', async (t) => {
  const dir = await makeTempDir(t);
  const file = [{ path: join(dir, 'f'), size: 1 }];
  await writeFile(join(dir, 'f'), 'x');
  await assert.rejects(new ClamAvScanner({ databaseDir: join(dir, 'nope') }).scanFiles(file), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-database-missing' && /No ClamAV signature folder at .*nope: copy ClamAV's main\.cvd, daily\.cvd and bytecode\.cvd/.test(e.message) && !e.message.includes('\n'));
  await mkdir(join(dir, 'empty'));
  await assert.rejects(new ClamAvScanner({ databaseDir: join(dir, 'empty') }).scanFiles(file), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-database-missing' && /holds no signature database/.test(e.message));
  const db = await writeTestDatabase(dir);
  await assert.rejects(new ClamAvScanner({ databaseDir: db, clamscan: join(dir, 'no-clamscan') }).scanFiles(file), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-engine-missing' && /ClamAV is not installed: .*no-clamscan was not found on PATH\. Install it \(Debian\/Ubuntu: apt-get install clamav\)/.test(e.message));
});

test('a path with a line break is refused before ClamAV runs (its output could be forged)', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  await writeFile(join(dir, 'two\nlines'), 'x');
  await assert.rejects(new ClamAvScanner({ databaseDir: db }).scanFiles([{ path: join(dir, 'two\nlines'), size: 1 }]), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-scan-failed' && /line break/.test(e.message));
});

test('a cancelled scan rejects with an AbortError', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  const files = await hostileFiles(dir);
  await assert.rejects(scanEntries(new ClamAvScanner({ databaseDir: db }), files, { signal: AbortSignal.abort() }), (e: unknown) => (e as Error).name === 'AbortError');
});

test('clamd: clamdscan through a unix socket finds the same file, reports clean otherwise, and a dead socket is a clear error', async (t) => {
  const dir = await makeTempDir(t);
  const db = await writeTestDatabase(dir);
  const files = await hostileFiles(dir);
  const clamd = await startClamd(dir, db);
  t.after(() => clamd.stop());
  const scanner = new ClamAvScanner({ clamdSocket: clamd.socket });
  const found = await scanEntries(scanner, files);
  assert.deepEqual([found.verdict, found.findings, found.filesScanned], ['found', [{ path: 'src/a: OK', signature: SIGNATURE }], 5]);
  assert.match(found.database.description, /loaded by clamd/);
  const clean = await scanEntries(scanner, files.filter((f) => f.entryPath !== 'src/a: OK'));
  assert.deepEqual([clean.verdict, clean.filesScanned], ['clean', 4]);
  await clamd.stop();
  await assert.rejects(scanner.scanFiles([{ path: files[0]!.file, size: 1 }]), (e: unknown) =>
    e instanceof SluiceError && e.code === 'av-clamd-unreachable' && /clamd does not answer at .*clamd\.sock/.test(e.message));
});
