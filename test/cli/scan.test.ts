// `sluice pack --scan` and `sluice import --scan` with the real ClamAV (clamscan, and clamd on a
// unix socket) and a signature database the test writes: an infected source refuses the pack; an
// infected package (packed without --scan) is rejected at import with nothing released; clean
// runs record engine and database in the signed manifest and the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/format/manifest';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { MARKER, SIGNATURE, startClamd, writeTestDatabase } from '../helpers/clamav';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await makeTrustStore(join(dir, 'trust'), [key]);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src', 'docs'), { recursive: true });
  await writeFile(join(dir, 'src', 'docs', 'report.txt'), 'quarterly numbers\n');
  await writeFile(join(dir, 'src', 'tool OK FOUND.bin'), 'a clean tool whose name looks like a result\n');
  await mkdir(join(dir, 'out'));
  await mkdir(join(dir, 'dest'));
  const db = await writeTestDatabase(dir);
  const pack = (...extra: string[]) => runCli(['pack', join(dir, 'src'), '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json'), ...extra]);
  const ledgerFile = join(dir, 'ledger.jsonl');
  const importPkg = (pkg: string, ...extra: string[]) => runCli(['import', pkg, '--trust', join(dir, 'trust'), '--to', join(dir, 'dest'), '--station', 'HIGH', '--officer', 'olga', '--ledger', ledgerFile, ...extra]);
  const ledger = async () => (await readFile(ledgerFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; data: Record<string, unknown> });
  const infect = () => writeFile(join(dir, 'src', 'docs', 'invoice.pdf'), `%PDF-1.4 ${MARKER} %%EOF\n`);
  return { dir, db, pack, importPkg, ledger, infect };
}

test('pack --scan refuses an infected source naming file and signature: exit 2, nothing in --out', async (t) => {
  const { dir, db, pack, infect } = await setup(t);
  await infect();
  const r = await pack('--scan', '--clamav-db', db);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /ClamAV \d[\d.]* found 1 infected file \(signatures: custom: sluice-test\.ndb sha256:[0-9a-f]{16}\); nothing was packed:/);
  assert.match(r.stderr, new RegExp(`^  src/docs/invoice\\.pdf: signature ${SIGNATURE.replace(/\./g, '\\.')}$`, 'm'));
  assert.deepEqual(await readdir(join(dir, 'out')), []);
});

test('pack --scan signs the clean result into the manifest; without --scan it says not-scanned', async (t) => {
  const { db, pack } = await setup(t);
  const r = await pack('--scan', '--clamav-db', db);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Antivirus: +clean: 2 files, ClamAV /);
  const parsed = parseManifest(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.ok(parsed.ok);
  const scan = parsed.manifest.scan;
  assert.equal(scan?.verdict, 'clean');
  assert.ok(scan?.verdict === 'clean');
  assert.equal(scan.engine, 'ClamAV');
  assert.match(scan.engineVersion, /^\d+\.\d+/);
  assert.match(scan.database.description, /^custom: sluice-test\.ndb sha256:[0-9a-f]{16}$/);
  assert.equal(scan.filesScanned, 2);

  const plain = await pack();
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /Antivirus: +not scanned/);
  const m = JSON.parse(await readFile(join(plain.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.deepEqual(m.scan, { verdict: 'not-scanned' });
});

test('a missing signature folder, or --clamav-db without --scan, is exit 2 with one clear line and nothing written', async (t) => {
  const { dir, pack } = await setup(t);
  const r = await pack('--scan', '--clamav-db', join(dir, 'no-such-db'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No ClamAV signature folder at .*no-such-db: copy ClamAV's main\.cvd, daily\.cvd and bytecode\.cvd .* or name the signature folder with --clamav-db DIR\./);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
  const usage = await pack('--clamav-db', join(dir, 'clamav-db'));
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--clamav-db needs --scan/);
});

test('import --scan rejects an infected package (packed without --scan): exit 1, nothing released, transfer.rejected names the finding', async (t) => {
  const { dir, db, pack, importPkg, ledger, infect } = await setup(t);
  await infect();
  const packed = await pack();
  assert.equal(packed.code, 0, packed.stderr);
  const r = await importPkg(packed.stdout.trim(), '--scan', '--clamav-db', db);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout, new RegExp(`^INFECTED src/docs/invoice\\.pdf: ${SIGNATURE.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(r.stdout, /nothing was imported/);
  assert.deepEqual(await readdir(join(dir, 'dest')), [], 'no transfer folder and no staging folder');
  const events = await ledger();
  assert.deepEqual(events.map((e) => e.event), ['transfer.rejected']);
  const data = events[0]!.data as { reason: string; scan: { verdict: string; findings: { path: string; signature: string }[]; engine: string } };
  assert.match(data.reason, /^antivirus: ClamAV found 1 infected file\(s\): src\/docs\/invoice\.pdf: Sluice\.Test\.Marker\.UNOFFICIAL$/);
  assert.equal(data.scan.verdict, 'found');
  assert.deepEqual(data.scan.findings, [{ path: 'src/docs/invoice.pdf', signature: SIGNATURE }]);
});

test('import --scan of a clean package records engine, database and verdict in transfer.imported', async (t) => {
  const { dir, db, pack, importPkg, ledger } = await setup(t);
  const packed = await pack('--scan', '--clamav-db', db);
  assert.equal(packed.code, 0, packed.stderr);
  const r = await importPkg(packed.stdout.trim(), '--scan', '--clamav-db', db);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Antivirus: clean, 2 files scanned by ClamAV /m);
  const imported = (await ledger()).find((e) => e.event === 'transfer.imported')!;
  const scan = imported.data.scan as { engine: string; verdict: string; filesScanned: number; database: { description: string } };
  assert.deepEqual([scan.engine, scan.verdict, scan.filesScanned], ['ClamAV', 'clean', 2]);
  assert.match(scan.database.description, /sluice-test\.ndb/);
  const [id] = await readdir(join(dir, 'dest'));
  assert.equal(await readFile(join(dir, 'dest', id!, 'src', 'docs', 'report.txt'), 'utf8'), 'quarterly numbers\n');
});

test('clamd: pack --scan --clamd refuses the infected file; import --scan --clamd rejects it and imports the clean one', async (t) => {
  const { dir, db, pack, importPkg, ledger, infect } = await setup(t);
  const clamd = await startClamd(dir, db);
  t.after(() => clamd.stop());
  const clean = await pack('--scan', '--clamd', clamd.socket);
  assert.equal(clean.code, 0, clean.stderr);
  const m = JSON.parse(await readFile(join(clean.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.equal(m.scan.verdict, 'clean');
  assert.match(m.scan.database.description, /loaded by clamd/);
  await infect();
  const refused = await pack('--scan', '--clamd', clamd.socket);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /src\/docs\/invoice\.pdf: signature Sluice\.Test\.Marker\.UNOFFICIAL/);
  const infected = await pack();
  const r = await importPkg(infected.stdout.trim(), '--scan', '--clamd', clamd.socket);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const ok = await importPkg(clean.stdout.trim(), '--scan', '--clamd', clamd.socket);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.deepEqual((await ledger()).map((e) => e.event), ['transfer.rejected', 'transfer.importing', 'transfer.imported']);
  assert.equal((await readdir(join(dir, 'dest'))).length, 1);
});
