// print:document, records:* and checklist:record through the handler table, with the real engine,
// worker threads and the real headless Chromium as the printer: an export's manifest kept in the
// records folder and beside the package, the import receipt carrying the ledger head, a failed
// verification's rejection report, every custody event of the flow in the ledger, and which kept
// documents records:open will hand to the system viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { chromiumPrinter } from '../../../electron/engine/print/index';
import { readLedger } from '../../../electron/engine/ledger';
import { parseKeptName } from '../../../electron/app/handlers/records';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';
import { sampleSettings, IMPORT_ANSWERS } from './station-fixture';

const skip = existsSync('/usr/bin/chromium') ? false : 'needs /usr/bin/chromium';
const pdfText = (file: string) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

async function station(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  const dialogs = scriptedDialogs();
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  t.after(() => jobs.shutdown());
  const opened: string[] = [];
  const handlers = createHandlers({
    settings: createSettingsStore(join(root, 'userdata')), dialogs, jobs, clock: () => new Date(),
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
    printer: chromiumPrinter(), openDocument: async (p) => { opened.push(p); return ''; },
  });
  const waiters: ((e: { event: EventChannel; payload: unknown }) => void)[] = [];
  const ctx = createContext(3, (event, payload) => { if (event !== 'job:progress') waiters.shift()?.({ event, payload }); });
  const call = <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}) => guardedInvoke(channel, handlers[channel] as never, request, ctx);
  const must = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C> | Record<string, never> = {}): Promise<InvokeResponse<C>> => {
    const r = await call(channel, request);
    if (!r.ok) assert.fail(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponse<C>;
  };
  const nextEnd = () => new Promise<{ event: EventChannel; payload: unknown }>((r) => waiters.push(r));
  const settings = sampleSettings(root, { allowBothSides: true, networkId: 'NET-A' });
  await must('station:setup', { settings });
  const key = await must('keys:generate', { name: 'signer', passphrase: 'correct horse', actor: 'Op One' });
  const pub = join(root, 'keys', 'signer.pub');
  dialogs.push({ canceled: false, paths: [pub] });
  await must('dialog:openFiles', {});
  await must('trust:add', { file: pub, label: 'signer', typedFingerprint: key.fingerprint, actor: 'Off Icer' });
  return { root, settings, dialogs, ctx, call, must, nextEnd, opened, handlers };
}

type Station = Awaited<ReturnType<typeof station>>;

async function packOne(s: Station) {
  const src = join(s.root, 'src');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  s.dialogs.push({ canceled: false, paths: [src] });
  await s.must('dialog:openFolder', {});
  s.dialogs.push({ canceled: false, paths: [s.settings.paths.inboxDir] });
  await s.must('dialog:chooseTarget', {});
  // The before-packing ANSWERS (main makes the records) and the seal number of the bag.
  const checklist = { by: 'Op One', answers: { 'sources-approved': true, 'vendor-checksums': 'Checked, all match', 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true } };
  const done = s.nextEnd();
  await s.must('job:start', { kind: 'pack', params: {
    sources: [src], targetDir: s.settings.paths.inboxDir, destination: 'NET-A', operator: 'Op One', classification: 'OFFICIAL',
    purpose: 'test', ticket: 'T-1', expiresInSeconds: 86400, seal: 'SEAL-4711', checklist, keyName: 'signer', passphrase: 'correct horse',
  } });
  const end = await done;
  const r = (end.payload as EventPayloads['job:done']).result;
  assert.ok(end.event === 'job:done' && r.kind === 'pack', JSON.stringify(end.payload).slice(0, 300));
  return r as Extract<typeof r, { kind: 'pack' }>;
}

async function stage(s: Station, dir: string) {
  const done = s.nextEnd();
  const { jobId } = await s.must('job:start', { kind: 'stage-import', params: { dir, officer: 'Off Icer' } });
  return { jobId, end: await done };
}

test('export manifest and import receipt are printed, kept, recorded and openable; every custody event is in the ledger', { skip, timeout: 120_000 }, async (t) => {
  const s = await station(t);
  const pr = await packOne(s);
  const records = s.settings.paths.recordsDir;

  const printed = await s.must('print:document', { kind: 'manifest', transferId: pr.transferId, paper: 'A4', action: 'pdf' });
  const inRecords = join(records, `${pr.transferId}.manifest.pdf`);
  const beside = join(s.settings.paths.inboxDir, `${pr.transferId}.manifest.pdf`);
  assert.deepEqual(printed.savedTo, [inRecords, beside]);
  assert.equal(printed.printed, true);
  for (const f of printed.savedTo) {
    const text = pdfText(f);
    assert.ok(text.includes(pr.transferId), `${f} names the transfer`);
    assert.ok(text.includes(pr.manifestSha256), `${f} carries the manifest digest in full`);
  }
  assert.deepEqual((await readdir(pr.packageDir)).filter((n) => n.endsWith('.pdf')), [], 'nothing is written inside the package');

  // A reprint keeps the first copy and does not touch the one beside the package.
  const again = await s.must('print:document', { kind: 'manifest', transferId: pr.transferId, paper: 'Letter', action: 'pdf', actor: 'Wit Ness' });
  assert.deepEqual(again.savedTo, [join(records, `${pr.transferId}.manifest-2.pdf`)]);
  assert.match(again.message, /already exists, so no new copy was put beside the package/);

  // The system dialog is not available headless: nothing printed, nothing kept, nothing recorded.
  const dialog = await s.must('print:document', { kind: 'manifest', transferId: pr.transferId, paper: 'A4', action: 'dialog' });
  assert.deepEqual([dialog.printed, dialog.savedTo, dialog.ledgerSeq], [false, [], null]);
  assert.match(dialog.message, /not printed: The system print dialog is not available here/);

  const staged = await stage(s, pr.packageDir);
  const sr = (staged.end.payload as EventPayloads['job:done']).result;
  assert.ok(staged.end.event === 'job:done' && sr.kind === 'stage-import');
  const unknown = await s.call('print:document', { kind: 'receipt', stagingId: sr.stagingId, paper: 'A4', action: 'pdf' });
  assert.equal(!unknown.ok && unknown.error.code, 'unknown-receipt', 'no receipt before the decision');
  const decision = await s.must('import:commit', { stagingId: sr.stagingId, decision: 'approve', reason: 'seal intact', officer: 'Off Icer', answers: IMPORT_ANSWERS });
  const receipt = await s.must('print:document', { kind: 'receipt', stagingId: sr.stagingId, paper: 'A4', action: 'pdf' });
  assert.deepEqual(receipt.savedTo, [join(records, `${pr.transferId}.receipt.pdf`)]);
  const head = `${decision.ledgerSeq}:${decision.report!.imported!.ledgerHash}`;
  assert.ok(pdfText(receipt.savedTo[0]!).includes(head), 'the receipt carries the ledger head of the import');
  const other = await guardedInvoke('print:document', s.handlers['print:document'], { kind: 'receipt', stagingId: sr.stagingId, paper: 'A4', action: 'pdf' }, createContext(9, () => {}));
  assert.equal(!other.ok && other.error.code, 'unknown-receipt', 'another window cannot print this receipt');

  const ledger = await readLedger(s.settings.paths.ledgerFile);
  const events = ledger.filter((e) => e.transferId === pr.transferId).map((e) => `${e.event}${e.data.stage ? `:${String(e.data.stage)}` : ''}@${e.actor}`);
  assert.deepEqual(events, [
    'transfer.packed@Op One', 'checklist.completed:export-pre@Op One', 'media.written@Op One',
    'document.printed@Op One', 'document.printed@Wit Ness',
    'transfer.verified@Off Icer', 'checklist.completed:import@Off Icer', 'transfer.approved@Off Icer', 'transfer.importing@Off Icer', 'transfer.imported@Off Icer', 'document.printed@Off Icer',
  ]);
  assert.deepEqual(ledger.filter((e) => e.event.startsWith('key.')).map((e) => e.event), ['key.created', 'key.trusted']);

  const docs = (await s.must('records:documents', { transferId: pr.transferId })).documents;
  assert.deepEqual(docs.map((d) => [d.file, d.kind, d.matchesLedger, d.actor]), [
    [`${pr.transferId}.manifest-2.pdf`, 'manifest', true, 'Wit Ness'],
    [`${pr.transferId}.manifest.pdf`, 'manifest', true, 'Op One'],
    [`${pr.transferId}.receipt.pdf`, 'receipt', true, 'Off Icer'],
  ]);
  assert.deepEqual(await s.must('records:open', { transferId: pr.transferId, file: `${pr.transferId}.receipt.pdf` }), { opened: true });
  assert.deepEqual(s.opened, [receipt.savedTo[0]]);

  // records:open refuses anything but an unaltered document Sluice printed for that transfer.
  const code = async (req: InvokeRequest<'records:open'>) => { const r = await s.call('records:open', req); return !r.ok && r.error.code; };
  const pdf = await readFile(inRecords);
  pdf[pdf.length - 10]! ^= 1;
  await writeFile(inRecords, pdf);
  assert.equal(await code({ transferId: pr.transferId, file: `${pr.transferId}.manifest.pdf` }), 'document-altered');
  assert.equal((await s.must('records:documents', { transferId: pr.transferId })).documents[1]!.matchesLedger, false);
  await cp(receipt.savedTo[0]!, join(records, `${pr.transferId}.rejection.pdf`));
  assert.equal(await code({ transferId: pr.transferId, file: `${pr.transferId}.rejection.pdf` }), 'document-unrecorded');
  await symlink(receipt.savedTo[0]!, join(records, `${pr.transferId}.receipt-2.pdf`));
  assert.equal(await code({ transferId: pr.transferId, file: `${pr.transferId}.receipt-2.pdf` }), 'no-such-document');
  assert.equal(await code({ transferId: 'other', file: `${pr.transferId}.receipt.pdf` }), 'not-a-document');
  const traversal = await s.call('records:open', { transferId: pr.transferId, file: `../${pr.transferId}.receipt.pdf` });
  assert.equal(!traversal.ok && traversal.error.code, 'bad-request');
  assert.equal(s.opened.length, 1, 'nothing else was opened');

  // Searching the ledger: transfer id (part of it), person, dates.
  const part = pr.transferId.slice(2, 8).toUpperCase();
  const byId = await s.must('records:events', { transferId: part });
  assert.equal(byId.total, 11);
  assert.equal(byId.entries[0]!.event, 'document.printed', 'newest first');
  assert.deepEqual((await s.must('records:events', { actor: 'wit' })).entries.map((e) => e.event), ['document.printed']);
  assert.equal((await s.must('records:events', { transferId: part, exact: true })).total, 0, 'exact needs the whole id');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await s.must('records:events', { from: today, to: today })).total, ledger.length);
  assert.equal((await s.must('records:events', { to: '2001-01-01' })).total, 0);

  // The after-packing checklist is recorded only for a transfer this station packed.
  const post = { 'medium-ejected': true, 'manifest-printed': true, 'medium-sealed': true, 'seal-number': 'SEAL-4711', 'handed-to': 'Ivo Import', 'handover-method': 'Via courier' };
  const rec = await s.must('checklist:record', { transferId: pr.transferId, stage: 'export-post', by: 'Op One', answers: post });
  assert.equal(rec.ledgerSeq, ledger.length + 1);
  const foreign = await s.call('checklist:record', { transferId: 'not-packed-here', stage: 'export-post', by: 'Op One', answers: post });
  assert.equal(!foreign.ok && foreign.error.code, 'not-packed-here');
  const verify = await s.must('ledger:verify');
  assert.equal(verify.ok, true, verify.problems.join());
});

test('a failed verification prints a rejection report by job id; manifests only of transfers packed here', { skip, timeout: 120_000 }, async (t) => {
  const s = await station(t);
  const pr = await packOne(s);
  const tampered = join(s.root, 'inbox', 'tampered', pr.transferId); // a package keeps its id as its folder name
  await cp(pr.packageDir, tampered, { recursive: true });
  const payload = join(tampered, 'payload.tar');
  const bytes = await readFile(payload);
  bytes[bytes.indexOf("alpha")]! ^= 1;
  await writeFile(payload, bytes);
  s.dialogs.push({ canceled: false, paths: [tampered] });
  await s.must('dialog:openFolder', {});
  const failed = await stage(s, tampered);
  assert.equal(failed.end.event, 'job:failed');
  const rejection = await s.must('print:document', { kind: 'rejection', jobId: failed.jobId, paper: 'A4', action: 'pdf', actor: 'Off Icer' });
  assert.deepEqual(rejection.savedTo, [join(s.settings.paths.recordsDir, `${pr.transferId}.rejection.pdf`)]);
  const text = pdfText(rejection.savedTo[0]!);
  assert.ok(text.includes('REJECTED') && text.includes('a.txt'), 'the report names the failing file');
  const last = (await readLedger(s.settings.paths.ledgerFile)).at(-1)!;
  assert.deepEqual([last.event, last.actor, last.transferId, last.data.document], ['document.printed', 'Off Icer', pr.transferId, 'rejection']);

  const both = await s.call('print:document', { kind: 'rejection', jobId: failed.jobId, stagingId: 'x', paper: 'A4', action: 'pdf' } as never);
  assert.equal(!both.ok && both.error.code, 'bad-request');
  const notHere = await s.call('print:document', { kind: 'manifest', transferId: 'never-packed', paper: 'A4', action: 'pdf' });
  assert.equal(!notHere.ok && notHere.error.code, 'not-packed-here');
  // A changed manifest on the media is refused, not printed.
  const manifest = join(pr.packageDir, 'manifest.json');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"test"', '"TEST"'));
  const changed = await s.call('print:document', { kind: 'manifest', transferId: pr.transferId, paper: 'A4', action: 'pdf' });
  assert.equal(!changed.ok && changed.error.code, 'package-changed');
});

test('kept document names: transfer id and kind, nothing else', () => {
  assert.deepEqual(parseKeptName('T-1.2.manifest-3.pdf'), { transferId: 'T-1.2', kind: 'manifest' });
  assert.deepEqual(parseKeptName('abc.receipt.pdf'), { transferId: 'abc', kind: 'receipt' });
  for (const bad of ['abc.pdf', '../abc.receipt.pdf', 'abc.receipt.pdf.exe', 'abc.receipt-0.pdf', '.abc.receipt.pdf.tmp', 'a/b.receipt.pdf']) assert.equal(parseKeptName(bad), null, bad);
});
