// The export procedure as main enforces it, through the handler table with crafted requests (what a
// renderer that ignores its own checks could send): unknown operators, missing and blocking
// before-packing answers and a malformed seal cannot pack; a real pack signs the seal; the
// after-packing checklist refuses a wrong blind seal and records who and when; a witness co-signs
// only with their own key and only if they are a witness other than the operator; once the medium
// is sealed, no co-signature and no PDF is written onto it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { createKey } from '../../../electron/engine/keys';
import { readLedger } from '../../../electron/engine/ledger';
import { SETTINGS_VERSION, type Settings } from '../../../shared/settings';
import type { EventPayloads, InvokeChannel, InvokeRequest, PackParams } from '../../../shared/ipc/contract';
import { makeTempDir } from '../../helpers/tmp';

const PASS = 'correct horse';
const PRE = { 'sources-approved': true, 'vendor-checksums': 'Checked, all match', 'content-reviewed': true, 'sources-scanned': true, 'media-fresh': true };
const POST = { 'medium-ejected': true, 'manifest-printed': true, 'medium-sealed': true, 'seal-number': 'te-004711', 'handed-to': 'Ivo Import', 'handover-method': 'Via courier' };

function exportSettings(root: string): Settings {
  return {
    version: SETTINGS_VERSION, role: 'EXPORT', networkId: 'LOW', stationName: 'Low desk',
    // Op One is also on the witness list, so "witness is the operator" is refused by that rule, not by the list.
    people: { operators: ['Op One', 'Op Two'], witnesses: ['Wit Ness', 'Op One'], officers: [] },
    paths: {
      ledgerFile: join(root, 'ledger', 'ledger.jsonl'), recordsDir: join(root, 'records'), trustDir: join(root, 'trust'), keysDir: join(root, 'keys'),
      inboxDir: join(root, 'inbox'), quarantineDir: join(root, 'quarantine'), importDir: join(root, 'import'),
    },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d' },
  } as Settings;
}

async function exportStation(t: { after: (fn: () => void | Promise<void>) => void }) {
  const root = await makeTempDir(t);
  const settings = exportSettings(root);
  const dialogs = scriptedDialogs();
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  // Records what each print asked for (the paper reaches the dialog and the kept PDF alike).
  const printed: string[] = [];
  const printer = {
    toPdf: async (_html: string, paper: string) => { printed.push(`pdf:${paper}`); return Buffer.from('%PDF-1.4\n% test\n'); },
    printDialog: async (_html: string, paper: string) => { printed.push(`dialog:${paper}`); return { printed: true, reason: '' }; },
  };
  // Written straight to the store: this file tests the export procedure, not the set-up.
  const store = createSettingsStore(join(root, 'userdata'));
  await store.save(settings);
  const handlers = createHandlers({
    settings: store, dialogs, jobs, clock: () => new Date(), printer,
    userDataDir: join(root, 'userdata'), checklistsDir: join(import.meta.dirname, '../../../resources/checklists'), kdfCost: 'test',
  });
  const ends: ((e: { event: string; payload: unknown }) => void)[] = [];
  const ctx = createContext(3, (event, payload) => { if (event !== 'job:progress') ends.shift()?.({ event, payload }); });
  const call = <C extends InvokeChannel>(channel: C, request: unknown) => guardedInvoke(channel, handlers[channel] as never, request as InvokeRequest<C>, ctx);
  for (const dir of ['keys', 'records', 'trust', 'inbox', 'quarantine', 'import', 'ledger']) await mkdir(join(root, dir), { recursive: true });
  await createKey({ dir: settings.paths.keysDir, name: 'signer', passphrase: PASS, cost: 'test' });
  await createKey({ dir: settings.paths.keysDir, name: 'wim', passphrase: 'witness words', cost: 'test' });
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'a.txt'), 'alpha\n');
  const usb = join(root, 'usb');
  await mkdir(usb);
  dialogs.push({ canceled: false, paths: [src] });
  await call('dialog:openFolder', {});
  dialogs.push({ canceled: false, paths: [usb] });
  await call('dialog:chooseTarget', {});
  const params = (over: Partial<PackParams> = {}): PackParams => ({
    sources: [src], targetDir: usb, destination: 'HIGH', operator: 'Op One', classification: 'OFFICIAL', purpose: 'test', ticket: '',
    expiresInSeconds: 86400, seal: 'TE-004711', requireWitnesses: 1, checklist: { by: 'Op One', answers: PRE }, keyName: 'signer', passphrase: PASS, ...over,
  });
  const pack = async (over: Partial<PackParams> = {}) => {
    const done = new Promise<{ event: string; payload: unknown }>((r) => ends.push(r));
    const started = await call('job:start', { kind: 'pack', params: params(over) });
    if (!started.ok) assert.fail(`${started.error.code}: ${started.error.message}`);
    const end = await done;
    assert.equal(end.event, 'job:done', JSON.stringify(end.payload));
    const r = (end.payload as EventPayloads['job:done']).result;
    assert.ok(r.kind === 'pack');
    return r;
  };
  return { root, settings, usb, call, params, pack, printed };
}

test('pack is refused for an unknown operator, missing or blocking answers, and a malformed seal — and nothing is written', async (t) => {
  const s = await exportStation(t);
  const refused = async (over: Partial<PackParams>, code: string, message: RegExp) => {
    const r = await s.call('job:start', { kind: 'pack', params: s.params(over) });
    assert.equal(r.ok, false, `expected ${code}`);
    if (!r.ok) {
      assert.equal(r.error.code, code, r.error.message);
      assert.match(r.error.message, message);
    }
  };
  await refused({ operator: 'Mallory' }, 'unknown-person', /"Mallory" \(operator\) is not one of this station's operators/);
  await refused({ checklist: { by: 'Wit Ness', answers: PRE } }, 'unknown-person', /"Wit Ness" \(answering the before-packing checklist\)/);
  const { 'media-fresh': _m, 'sources-scanned': _s, ...missing } = PRE;
  await refused({ checklist: { by: 'Op One', answers: missing } }, 'checklist-incomplete', /freshly formatted.* must be confirmed.*scanned with the current antivirus.* must be confirmed|scanned with the current antivirus.*must be confirmed.*freshly formatted.*must be confirmed/);
  await refused({ checklist: { by: 'Op One', answers: { ...PRE, 'vendor-checksums': 'Checked, one did NOT match (do not pack)' } } }, 'packing-blocked', /Vendor checksums .*: Checked, one did NOT match/);
  await refused({ seal: 'no seal!' }, 'bad-request', /seal/);
  const { seal: _seal, ...noSeal } = s.params();
  const r = await s.call('job:start', { kind: 'pack', params: noSeal });
  assert.equal(!r.ok && r.error.code, 'bad-request', 'the seal is required in the app');
  // The old request shape (records built by the renderer) is not accepted any more.
  const old = await s.call('job:start', { kind: 'pack', params: { ...s.params(), checklist: [{ stage: 'export-pre', itemId: 'media-fresh', label: 'x', kind: 'confirm', value: true, by: 'Op One', at: '2026-01-01T00:00:00Z' }] } });
  assert.equal(!old.ok && old.error.code, 'bad-request');
  assert.deepEqual(await readdir(s.usb), [], 'nothing packed');
  assert.deepEqual(await readLedger(s.settings.paths.ledgerFile).catch(() => []), []);
});

test('a real pack signs the seal; the after-packing checklist compares the seal typed blind; a witness co-signs with their own key; then the medium is closed', async (t) => {
  const s = await exportStation(t);
  const r = await s.pack();
  const manifest = JSON.parse(await readFile(join(r.packageDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.seal, 'TE-004711');
  assert.deepEqual(manifest.cosign, { witnesses: 1 });
  assert.ok(manifest.checklist.every((c: { by: string; stage: string }) => c.by === 'Op One' && c.stage === 'export-pre'), 'main made the records: who answered');
  assert.equal(r.seal, 'TE-004711');
  const id = r.transferId;

  // Co-signing: only a listed witness other than the operator, only with a key other than the signer's.
  const cosign = (over: Record<string, string>) => s.call('package:cosign', { transferId: id, keyName: 'wim', passphrase: 'witness words', witness: 'Wit Ness', ...over });
  const notWitness = await cosign({ witness: 'Op Two' });
  assert.equal(!notWitness.ok && notWitness.error.code, 'unknown-witness');
  const operator = await cosign({ witness: 'op one' });
  assert.equal(!operator.ok && operator.error.code, 'witness-is-operator');
  const own = await cosign({ keyName: 'signer', passphrase: PASS });
  assert.equal(!own.ok && own.error.code, 'cosign-own-key');
  const wrongPass = await cosign({ passphrase: 'not it' });
  assert.equal(wrongPass.ok, false);
  const unknown = await s.call('package:cosign', { transferId: 'T-NOT-HERE', keyName: 'wim', passphrase: 'witness words', witness: 'Wit Ness' });
  assert.equal(!unknown.ok && unknown.error.code, 'not-packed-here');
  assert.deepEqual((await readdir(r.packageDir)).filter((f) => f.startsWith('cosign-')), [], 'no refused attempt left a file');
  const signed = await cosign({});
  if (!signed.ok) assert.fail(`${signed.error.code}: ${signed.error.message}`);
  assert.equal(signed.value.file, `cosign-${signed.value.keyId}.minisig`);
  assert.ok((await readdir(r.packageDir)).includes(signed.value.file));

  // The after-packing checklist: refusals first, none of which records anything.
  const post = (over: Record<string, unknown>) => s.call('checklist:record', { transferId: id, stage: 'export-post', by: 'Op One', answers: POST, ...over });
  const { 'handed-to': _h, ...noHandover } = POST;
  const incomplete = await post({ answers: noHandover });
  assert.equal(!incomplete.ok && incomplete.error.code, 'checklist-incomplete');
  assert.match(!incomplete.ok ? incomplete.error.message : '', /Handed over to .* is required/);
  const stranger = await post({ by: 'Mallory' });
  assert.equal(!stranger.ok && stranger.error.code, 'unknown-person');
  const wrongSeal = await post({ answers: { ...POST, 'seal-number': 'TE-009999' } });
  assert.equal(!wrongSeal.ok && wrongSeal.error.code, 'seal-mismatch');
  assert.match(!wrongSeal.ok ? wrongSeal.error.message : '', /seal mismatch/);
  assert.doesNotMatch(!wrongSeal.ok ? wrongSeal.error.message : '', /TE-004711/, 'blind: the refusal does not reveal the signed seal');
  const foreign = await s.call('checklist:record', { transferId: 'T-NOT-HERE', stage: 'export-post', by: 'Op One', answers: POST });
  assert.equal(!foreign.ok && foreign.error.code, 'not-packed-here');
  const before = await readLedger(s.settings.paths.ledgerFile);
  assert.equal(before.filter((e) => e.event === 'checklist.completed' && (e.data as { stage: string }).stage === 'export-post').length, 0);

  // The medium is ejected by now: the seal is compared with what main recorded from the signed manifest.
  const { rm } = await import('node:fs/promises');
  await rm(r.packageDir, { recursive: true });
  const recorded = await post({});
  if (!recorded.ok) assert.fail(`${recorded.error.code}: ${recorded.error.message}`);
  assert.deepEqual(recorded.value.matches.map((m) => [m.itemId, m.matched]), [['seal-number', true]]);
  assert.ok(recorded.value.records.every((x) => x.by === 'Op One' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(x.at)));
  const again = await post({});
  assert.equal(!again.ok && again.error.code, 'already-recorded');

  const ledger = await readLedger(s.settings.paths.ledgerFile);
  const completed = ledger.filter((e) => e.event === 'checklist.completed');
  assert.deepEqual(completed.map((e) => [(e.data as { stage: string }).stage, e.actor]), [['export-pre', 'Op One'], ['export-post', 'Op One']]);
  assert.ok((completed[1]!.data as { items: string[] }).items.includes('handed-to: Ivo Import'));
  const cosigned = ledger.find((e) => e.event === 'transfer.cosigned')!;
  assert.equal(cosigned.actor, 'Wit Ness');
  assert.deepEqual({ ...(cosigned.data as object), fingerprint: undefined, keyName: undefined }, { keyId: signed.value.keyId, role: 'witness', manifestSha256: r.manifestSha256, fingerprint: undefined, file: signed.value.file, keyName: undefined });
});

test('once the after-packing checklist is recorded, neither a co-signature nor the manifest PDF is written onto the medium', async (t) => {
  const s = await exportStation(t);
  const r = await s.pack({ requireWitnesses: 0 });
  const open = await s.call('print:document', { kind: 'manifest', transferId: r.transferId, paper: 'A4', action: 'pdf', medium: true });
  if (!open.ok) assert.fail(`${open.error.code}: ${open.error.message}`);
  assert.equal(open.value.savedTo.length, 2, 'while the medium is open the PDF goes beside the package too');
  const onMedium = () => readdir(s.usb).then((n) => n.filter((x) => x.endsWith('.pdf')));
  assert.equal((await onMedium()).length, 1);

  const sealed = await s.call('checklist:record', { transferId: r.transferId, stage: 'export-post', by: 'Op Two', answers: POST });
  if (!sealed.ok) assert.fail(`${sealed.error.code}: ${sealed.error.message}`);
  const pdf = await s.call('print:document', { kind: 'manifest', transferId: r.transferId, paper: 'A4', action: 'pdf', medium: true });
  assert.equal(!pdf.ok && pdf.error.code, 'medium-sealed');
  const cosign = await s.call('package:cosign', { transferId: r.transferId, keyName: 'wim', passphrase: 'witness words', witness: 'Wit Ness' });
  assert.equal(!cosign.ok && cosign.error.code, 'medium-sealed');
  // A reprint for the records is still possible, but it does not touch the medium.
  const reprint = await s.call('print:document', { kind: 'manifest', transferId: r.transferId, paper: 'A4', action: 'pdf' });
  if (!reprint.ok) assert.fail(`${reprint.error.code}: ${reprint.error.message}`);
  assert.equal(reprint.value.savedTo.length, 1);
  assert.match(reprint.value.message, /medium is sealed/);
  assert.equal((await onMedium()).length, 1, 'nothing new on the sealed medium');
  assert.deepEqual((await readdir(r.packageDir)).filter((f) => f.startsWith('cosign-')), []);
});

test('the print dialog opens on the paper chosen, the same paper the kept PDF is laid out on', async (t) => {
  const s = await exportStation(t);
  const r = await s.pack({ requireWitnesses: 0 });
  for (const paper of ['Letter', 'A4'] as const) {
    s.printed.length = 0;
    const done = await s.call('print:document', { kind: 'manifest', transferId: r.transferId, paper, action: 'dialog' });
    if (!done.ok) assert.fail(`${done.error.code}: ${done.error.message}`);
    assert.deepEqual(s.printed, [`dialog:${paper}`, `pdf:${paper}`]);
  }
});

test('with the ledger folder gone (an unmounted data volume), the after-packing checklist and a co-signature are refused by name, and nothing is re-created', async (t) => {
  const s = await exportStation(t);
  const r = await s.pack({ requireWitnesses: 0 });
  const { dirname } = await import('node:path');
  const { rename, stat } = await import('node:fs/promises');
  const ledgerDir = dirname(s.settings.paths.ledgerFile);
  await rename(ledgerDir, `${ledgerDir}.away`);
  const post = await s.call('checklist:record', { transferId: r.transferId, stage: 'export-post', by: 'Op One', answers: POST });
  assert.equal(!post.ok && post.error.code, 'folder-missing');
  assert.match(!post.ok ? post.error.message : '', /mounted/);
  const cosign = await s.call('package:cosign', { transferId: r.transferId, keyName: 'wim', passphrase: 'witness words', witness: 'Wit Ness' });
  assert.equal(!cosign.ok && cosign.error.code, 'folder-missing');
  await assert.rejects(stat(ledgerDir), 'the ledger folder was not re-created');
});

test('with a vendor SHA256SUMS in the sources, main answers the vendor-checksums item itself and the summary shows what it vouched for', async (t) => {
  const s = await exportStation(t);
  const { createHash } = await import('node:crypto');
  const sum = createHash('sha256').update('alpha\n').digest('hex');
  await writeFile(join(s.root, 'src', 'SHA256SUMS'), `${sum}  a.txt\n`);
  await writeFile(join(s.root, 'src', 'SHA256SUMS.asc'), '-----BEGIN PGP SIGNATURE-----\n');
  // sources:scan tells the window before packing that the machine will answer the item.
  const scanned = await s.call('sources:scan', { paths: [join(s.root, 'src')] });
  assert.deepEqual(scanned.ok && scanned.value.vendorChecksums, { found: 1, checkable: 1 });
  // The operator's answer says the vendor supplied none: the machine's answer replaces it.
  const r = await s.pack({ checklist: { by: 'Op One', answers: { ...PRE, 'vendor-checksums': 'Not supplied by the vendor' } } });
  const item = r.checklist.find((c) => c.itemId === 'vendor-checksums');
  assert.equal(item?.value, 'Checked, all match');
  assert.equal(item?.by, 'Sluice: 1 vendor checksum file, every listed file checked while packing (machine)');
  assert.equal(r.vendorChecksums?.summary, '1 file matches 1 checksum file (SHA-256); 1 vendor signature present, not checked by Sluice');
  assert.deepEqual(r.vendorChecksums?.files, [{ path: 'src/SHA256SUMS', text: '1 of 1 listed file matches (SHA-256, gnu format); signature present (SHA256SUMS.asc), not checked by Sluice', absent: [] }]);
});
