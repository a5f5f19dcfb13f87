// The station's antivirus policy in the CLI, from the app's settings.json (--station-settings FILE
// or $SLUICE_HOME/settings.json): "required" refuses pack and import without --scan (exit 2,
// nothing written or recorded); --scan alone uses the station's signature folder; a station
// without a policy, or no settings at all, leaves `pack --scan` as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/format/manifest';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';
import { makeTestKey, makeTrustStore, TEST_PASSPHRASE } from '../helpers/keys';
import { writeTestDatabase } from '../helpers/clamav';
import { sampleSettings } from '../electron/app/station-fixture';

async function setup(t: { after: (fn: () => void | Promise<void>) => void }, scan: object | undefined) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await makeTrustStore(join(dir, 'trust'), [key]);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'report.txt'), 'quarterly numbers\n');
  for (const d of ['out', 'dest', 'home']) await mkdir(join(dir, d));
  const db = await writeTestDatabase(dir);
  const settingsFile = join(dir, 'home', 'settings.json');
  await writeFile(settingsFile, JSON.stringify({ ...sampleSettings(join(dir, 'station')), ...(scan ? { scan: { ...scan, clamavDb: db } } : {}) }));
  const pack = (...extra: string[]) => runCli(['pack', join(dir, 'src'), '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json'), ...extra]);
  const ledgerFile = join(dir, 'ledger.jsonl');
  const importPkg = (pkg: string, ...extra: string[]) => runCli(['import', pkg, '--trust', join(dir, 'trust'), '--to', join(dir, 'dest'), '--station', 'HIGH', '--officer', 'olga', '--ledger', ledgerFile, ...extra]);
  return { dir, db, settingsFile, pack, importPkg, ledgerFile };
}

test('required: pack and import without --scan are refused; --scan alone uses the station\'s signature folder', async (t) => {
  const s = await setup(t, { policy: 'required' });
  const refused = await s.pack('--station-settings', s.settingsFile);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /antivirus policy is "required".*pack only with --scan/);
  assert.deepEqual(await readdir(join(s.dir, 'out')), []);

  const r = await s.pack('--station-settings', s.settingsFile, '--scan');
  assert.equal(r.code, 0, r.stderr);
  const parsed = parseManifest(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.ok(parsed.ok && parsed.manifest.scan?.verdict === 'clean');
  assert.match(parsed.manifest.scan.database.description, /^custom: sluice-test\.ndb/, 'the station\'s folder, not /var/lib/clamav');

  const imp = await s.importPkg(r.stdout.trim(), '--station-settings', s.settingsFile);
  assert.equal(imp.code, 2, imp.stderr);
  assert.match(imp.stderr, /import only with --scan/);
  assert.deepEqual(await readdir(join(s.dir, 'dest')), []);
  assert.equal(await readFile(s.ledgerFile, 'utf8').catch(() => ''), '', 'nothing recorded');
  // $SLUICE_HOME/settings.json is the default.
  const viaHome = await runCli(['import', r.stdout.trim(), '--trust', join(s.dir, 'trust'), '--to', join(s.dir, 'dest'), '--station', 'HIGH', '--officer', 'olga', '--ledger', s.ledgerFile], { env: { SLUICE_HOME: join(s.dir, 'home') } });
  assert.equal(viaHome.code, 2, viaHome.stderr);
  assert.match(viaHome.stderr, /policy is "required"/);
  const scanned = await s.importPkg(r.stdout.trim(), '--station-settings', s.settingsFile, '--scan');
  assert.equal(scanned.code, 0, scanned.stderr);
  // The receipt prints the scan the ledger recorded with the import: engine, signatures, verdict.
  const html = join(s.dir, 'receipt.html');
  const receipt = await runCli(['receipt', r.stdout.trim(), '--trust', join(s.dir, 'trust'), '--ledger', s.ledgerFile, '--html', html]);
  assert.equal(receipt.code, 0, receipt.stderr);
  const paper = await readFile(html, 'utf8');
  assert.match(paper, /Antivirus scan of the staged files/);
  assert.match(paper, />CLEAN</);
  assert.match(paper, /ClamAV \d/);
  assert.match(paper, /sluice-test\.ndb/);
  assert.match(paper, /Antivirus scan at packing/, 'and the export side\'s signed scan');
});

test('optional or no policy: pack without --scan still packs (not-scanned); a named settings file that is missing is an error', async (t) => {
  const s = await setup(t, { policy: 'optional' });
  const r = await s.pack('--station-settings', s.settingsFile);
  assert.equal(r.code, 0, r.stderr);
  const parsed = parseManifest(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.ok(parsed.ok);
  assert.equal(parsed.manifest.scan?.verdict, 'not-scanned');
  const missing = await s.pack('--station-settings', join(s.dir, 'nope.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the station settings .*nope\.json/);
});
