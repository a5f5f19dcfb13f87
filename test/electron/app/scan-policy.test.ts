// The station's antivirus policy as main enforces it, through the handler table with real ClamAV
// (clamscan) and a custom test signature database (test/helpers/clamav.ts): the policy changes only
// through scan:* with a named officer and a ledger line; under 'required' main scans every pack
// whatever the request says (the checklist item is answered by the machine) and refuses a pack it
// cannot scan; a staged import with an infected file cannot be approved, nothing is released, the
// ledger and the rejection report name the file and signature; a clean import's receipt shows the
// engine and signatures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { createKey, loadSigningKey } from '../../../electron/engine/keys';
import { trustKey } from '../../../electron/engine/keys/trust-store';
import { pack } from '../../../electron/engine/pack/pack';
import { readLedger } from '../../../electron/engine/ledger';
import { SETTINGS_VERSION, type Settings } from '../../../shared/settings';
import type { EventPayloads, InvokeChannel, InvokeRequest, InvokeResponse, PackParams } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { MARKER, SIGNATURE, writeTestDatabase } from '../../helpers/clamav';

const PASS = 'correct horse';
const OFFICER = 'Off Icer';
/** The before-packing answers WITHOUT the antivirus item: under 'required' the machine answers it. */
const PRE = { 'sources-approved': true, 'vendor-checksums': 'Not applicable (internal data)', 'content-reviewed': true, 'media-fresh': true };
/** The import answers; the officer claims "clean" for the antivirus item — the machine's answer counts. */
const IMPORT = { 'seal-intact': 'Intact', 'seal-number': 'SEAL-4711', 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'Wit Ness' };

/** One station that packs and imports (allowBothSides), a test ClamAV database, a key it trusts. */
async function station(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  const settings: Settings = {
    version: SETTINGS_VERSION, role: 'IMPORT', networkId: 'HIGH', stationName: 'Scan desk',
    people: { operators: ['Op One'], witnesses: ['Wit Ness'], officers: [OFFICER] },
    paths: {
      ledgerFile: join(root, 'ledger', 'ledger.jsonl'), recordsDir: join(root, 'records'), trustDir: join(root, 'trust'), keysDir: join(root, 'keys'),
      inboxDir: join(root, 'inbox'), quarantineDir: join(root, 'quarantine'), importDir: join(root, 'imported'),
    },
    allowBothSides: true, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d' },
  };
  for (const d of ['keys', 'records', 'trust', 'inbox', 'quarantine', 'imported', 'ledger', 'src', 'usb']) await mkdir(join(root, d), { recursive: true });
  const db = await writeTestDatabase(root);
  await createKey({ dir: settings.paths.keysDir, name: 'signer', passphrase: PASS, cost: 'test' });
  const signingKey = await loadSigningKey(join(settings.paths.keysDir, 'signer.key'), PASS);
  await trustKey(settings.paths.trustDir, await readFile(join(settings.paths.keysDir, 'signer.pub'), 'utf8'), 'signer');
  const store = createSettingsStore(join(root, 'userdata'));
  await store.save(settings);
  const dialogs = scriptedDialogs();
  const html: string[] = [];
  const printer = {
    toPdf: async (h: string) => { html.push(h); return Buffer.from('%PDF-1.4\n% test\n'); },
    printDialog: async (h: string) => { html.push(h); return { printed: true, reason: '' }; },
  };
  const handlers = createHandlers({
    settings: store, dialogs, jobs: new JobRunner({ transport: workerThreadTransport() }), clock: () => new Date(), printer,
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const ends: ((e: { event: string; payload: unknown }) => void)[] = [];
  const ctx = createContext(5, (event, payload) => { if (event !== 'job:progress') ends.shift()?.({ event, payload }); });
  const call = <C extends InvokeChannel>(channel: C, request: unknown) => guardedInvoke(channel, handlers[channel] as never, request as InvokeRequest<C>, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: unknown): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  /** Starts a job and resolves with its end event. */
  const job = async (request: unknown) => {
    const end = new Promise<{ event: string; payload: unknown }>((r) => ends.push(r));
    await must('job:start', request);
    return end;
  };
  const src = join(root, 'src');
  const usb = join(root, 'usb');
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  dialogs.push({ canceled: false, paths: [src] });
  await must('dialog:openFolder', {});
  dialogs.push({ canceled: false, paths: [usb] });
  await must('dialog:chooseTarget', {});
  const params = (over: Partial<PackParams> = {}): PackParams => ({
    sources: [src], targetDir: usb, destination: 'HIGH', operator: 'Op One', classification: 'OFFICIAL', purpose: 'test', ticket: '',
    expiresInSeconds: 86400, seal: 'SEAL-4711', checklist: { by: 'Op One', answers: PRE }, keyName: 'signer', passphrase: PASS, ...over,
  });
  /** Requires scanning with the test database, as an officer does in Settings → Antivirus. */
  const requireScan = async () => {
    dialogs.push({ canceled: false, paths: [db] });
    await must('scan:choose', { which: 'clamavDb', actor: OFFICER });
    return must('scan:setPolicy', { policy: 'required', actor: OFFICER });
  };
  /** A package in the inbox packed by the engine directly (bypassing any export scan), with `files`. */
  const inboxPackage = async (files: Record<string, string>) => {
    const dir = join(root, `content-${Object.keys(files).length}-${Math.random().toString(36).slice(2, 8)}`);
    await mkdir(dir);
    for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
    const packed = await pack({
      sources: [dir], outDir: settings.paths.inboxDir, signingKey,
      source: 'LOW', destination: 'HIGH', sequence: Math.floor(Math.random() * 1e6) + 1, expires: new Date(Date.now() + 86_400_000), operator: 'Op One', seal: 'SEAL-4711',
    });
    await must('inbox:list', {});
    return packed;
  };
  const ledger = () => readLedger(settings.paths.ledgerFile).catch(() => []);
  return { root, settings, db, dialogs, src, usb, call, must, job, params, requireScan, inboxPackage, ledger, html, store };
}

test('the scan policy changes only through scan:* by an officer, each change ledgered; settings:save cannot lower it', async (t) => {
  const s = await station(t);
  const byOperator = await s.call('scan:setPolicy', { policy: 'required', actor: 'Op One' });
  assert.equal(!byOperator.ok && byOperator.error.code, 'unknown-person', 'only a security officer changes the antivirus settings here');
  const status = await s.requireScan();
  assert.equal(status.policy, 'required');
  assert.equal(status.clamavDb, s.db);
  assert.equal(status.problem, null);
  assert.equal(status.engine?.engine, 'ClamAV');
  assert.match(status.engine?.database ?? '', /sluice-test\.ndb/);
  const changes = (await s.ledger()).filter((e) => e.event === 'station.scan-settings');
  assert.equal(changes.length, 2);
  assert.ok(changes.every((e) => e.actor === OFFICER));
  assert.deepEqual(changes[1]!.data.from, { policy: 'off', clamavDb: s.db });
  assert.deepEqual(changes[1]!.data.to, { policy: 'required', clamavDb: s.db });

  const saved = (await s.store.load())!;
  const lowered = await s.call('settings:save', { settings: { ...saved, scan: { policy: 'off' } } });
  assert.equal(!lowered.ok && lowered.error.code, 'scan-settings-locked');
  const dropped = await s.call('settings:save', { settings: { ...saved, scan: undefined } });
  assert.equal(!dropped.ok && dropped.error.code, 'scan-settings-locked', 'removing the block is a change too');
  assert.equal((await s.store.load())!.scan?.policy, 'required');
  // A socket that is not a socket is refused; nothing changes.
  s.dialogs.push({ canceled: false, paths: [join(s.db, 'sluice-test.ndb')] });
  const notSocket = await s.call('scan:choose', { which: 'clamdSocket', actor: OFFICER });
  assert.equal(!notSocket.ok && notSocket.error.code, 'av-clamd-unreachable');
  assert.equal((await s.ledger()).filter((e) => e.event === 'station.scan-settings').length, 2);
});

test('required: main scans a pack the request says not to scan; the machine answers the checklist item; the scan is signed', async (t) => {
  const s = await station(t);
  // Without a scanner, 'required' refuses every pack before anything is written.
  await s.must('scan:setPolicy', { policy: 'required', actor: OFFICER });
  const unconfigured = await s.call('job:start', { kind: 'pack', params: s.params() });
  assert.equal(!unconfigured.ok && unconfigured.error.code, 'scan-not-configured');
  await s.requireScan();
  const end = await s.job({ kind: 'pack', params: s.params({ scan: false }) });
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 500));
  const r = (end.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'pack');
  assert.equal(r.scan?.verdict, 'clean');
  const manifest = JSON.parse(await readFile(join(r.packageDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.scan.verdict, 'clean');
  assert.equal(manifest.scan.engine, 'ClamAV');
  assert.equal(manifest.scan.filesScanned, 1);
  const item = manifest.checklist.find((c: { itemId: string }) => c.itemId === 'sources-scanned');
  assert.equal(item.value, true);
  assert.match(item.by, /^ClamAV \S+ \(machine\)$/, 'answered by the machine, not by the operator');
  assert.ok(manifest.checklist.filter((c: { itemId: string }) => c.itemId !== 'sources-scanned').every((c: { by: string }) => c.by === 'Op One'));
  // The printed manifest carries the scan.
  await s.must('print:document', { kind: 'manifest', transferId: r.transferId, paper: 'A4', action: 'pdf', medium: false });
  assert.match(s.html.at(-1)!, /Antivirus scan at packing/);
  assert.match(s.html.at(-1)!, /clean — 1 file scanned by ClamAV/);
});

test('required: an infected source refuses the pack naming file and signature; a missing database is refused in main before packing', async (t) => {
  const s = await station(t);
  await s.requireScan();
  await writeFile(join(s.src, 'evil.bin'), `x${MARKER}y`);
  const end = await s.job({ kind: 'pack', params: s.params() });
  assert.equal(end.event, 'job:failed');
  const f = end.payload as EventPayloads['job:failed'];
  assert.equal(f.error.code, 'malware-found');
  assert.match(f.error.message, /src\/evil\.bin: signature Sluice\.Test\.Marker/);
  assert.deepEqual((await readdir(s.usb)).filter((n) => !n.startsWith('.')), [], 'nothing written');

  await rm(join(s.db, 'sluice-test.ndb'));
  const refused = await s.call('job:start', { kind: 'pack', params: s.params() });
  assert.equal(!refused.ok && refused.error.code, 'av-database-missing', !refused.ok ? refused.error.message : '');
  assert.deepEqual((await s.ledger()).filter((e) => e.event === 'transfer.packed'), []);
});

test('import: an infected staged file blocks approval, nothing is released; the rejection is ledgered and printed with the finding', async (t) => {
  const s = await station(t);
  await s.requireScan();
  const packed = await s.inboxPackage({ 'readme.txt': 'hello\n', 'evil.bin': `..${MARKER}..` });
  const end = await s.job({ kind: 'stage-import', params: { dir: packed.packageDir, officer: OFFICER } });
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 500));
  const r = (end.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'stage-import');
  assert.equal(r.scan?.verdict, 'found');
  assert.deepEqual(r.scan?.findings.map((x) => x.signature), [SIGNATURE]);
  assert.match(r.scan!.findings[0]!.path, /\/evil\.bin$/);

  const ev = await s.must('import:evaluate', { stagingId: r.stagingId, officer: OFFICER, answers: IMPORT });
  assert.equal(ev.approvalAllowed, false, 'the officer answered "clean", the machine found something');
  assert.match(ev.rejectionReason ?? '', /Done, findings \(reject\).*evil\.bin: Sluice\.Test\.Marker/);
  const approve = await s.call('import:commit', { stagingId: r.stagingId, decision: 'approve', reason: 'ok', officer: OFFICER, answers: IMPORT });
  assert.equal(!approve.ok && approve.error.code, 'approval-blocked');
  assert.deepEqual(await readdir(s.settings.paths.importDir), [], 'nothing released');

  await s.must('import:commit', { stagingId: r.stagingId, decision: 'reject', reason: ev.rejectionReason, officer: OFFICER, answers: IMPORT });
  assert.deepEqual(await readdir(s.settings.paths.importDir), []);
  const entries = await s.ledger();
  const verified = entries.findLast((e) => e.event === 'transfer.verified')!;
  assert.equal((verified.data.scan as { verdict: string }).verdict, 'found');
  const rejected = entries.findLast((e) => e.event === 'transfer.rejected')!;
  assert.equal(rejected.actor, OFFICER);
  const scan = rejected.data.scan as { verdict: string; findings: { path: string; signature: string }[] };
  assert.equal(scan.verdict, 'found');
  assert.deepEqual(scan.findings.map((x) => x.signature), [SIGNATURE]);
  const checklist = entries.findLast((e) => e.event === 'checklist.completed')!;
  const av = (checklist.data.records as { itemId: string; value: unknown; by: string }[]).find((x) => x.itemId === 'av-scan')!;
  assert.equal(av.value, 'Done, findings (reject)');
  assert.match(av.by, /\(machine\)$/);

  await s.must('print:document', { kind: 'rejection', stagingId: r.stagingId, paper: 'A4', action: 'pdf' });
  const paper = s.html.at(-1)!;
  assert.match(paper, /Antivirus scan of the staged files/);
  assert.match(paper, /FOUND — 1 infected file/);
  assert.match(paper, /evil\.bin/);
  assert.match(paper, /Sluice\.Test\.Marker/);
});

test('import: a clean scan is recorded with the import and printed on the receipt (engine, signatures, verdict)', async (t) => {
  const s = await station(t);
  await s.requireScan();
  const packed = await s.inboxPackage({ 'readme.txt': 'hello\n' });
  const end = await s.job({ kind: 'stage-import', params: { dir: packed.packageDir, officer: OFFICER } });
  const r = (end.payload as EventPayloads['job:done']).result;
  assert.ok(r.kind === 'stage-import');
  assert.equal(r.scan?.verdict, 'clean');
  assert.equal(r.scan?.filesScanned, 1);
  const done = await s.must('import:commit', { stagingId: r.stagingId, decision: 'approve', reason: 'needed', officer: OFFICER, answers: IMPORT });
  assert.ok(done.path);
  const imported = (await s.ledger()).findLast((e) => e.event === 'transfer.imported')!;
  assert.equal((imported.data.scan as { verdict: string; engine: string }).verdict, 'clean');
  await s.must('print:document', { kind: 'receipt', stagingId: r.stagingId, paper: 'A4', action: 'pdf' });
  const paper = s.html.at(-1)!;
  assert.match(paper, /Antivirus scan of the staged files/);
  assert.match(paper, />CLEAN</);
  assert.match(paper, /ClamAV \d/);
  assert.match(paper, /sluice-test\.ndb/);
});

test('required: an import the station cannot scan is refused before verifying, with the clear environment error', async (t) => {
  const s = await station(t);
  await s.requireScan();
  const packed = await s.inboxPackage({ 'readme.txt': 'hello\n' });
  await rm(join(s.db, 'sluice-test.ndb'));
  const r = await s.call('job:start', { kind: 'stage-import', params: { dir: packed.packageDir, officer: OFFICER } });
  assert.equal(!r.ok && r.error.code, 'av-database-missing');
  assert.deepEqual((await readdir(s.settings.paths.quarantineDir)).filter((n) => n.startsWith('.sluice-staging-')), []);
});
