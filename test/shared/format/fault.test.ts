/**
 * The fault classifier over reports made by the REAL verifier and importer from real packed
 * packages, damaged the ways media are damaged (a volume missing, a volume short, manifest.json
 * missing or cut) and the ways an attacker would (a flipped byte, a longer volume, an edited
 * manifest), plus a second import of the same package.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyFault, manifestLooksCutShort, parseEarlierImport, printable } from '../../../shared/format/fault';
import { INCOMPLETE_HEADLINE } from '../../../shared/format/fault-words';
import type { Failure } from '../../../shared/format/report';
import { verifyPackage } from '../../../electron/engine/verify/verify';
import { checkSignature } from '../../../electron/engine/verify/signature-stage';
import { importPackage } from '../../../electron/engine/import/import';
import { readLedger } from '../../../electron/engine/ledger/index';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { FIXED_NOW, makeFixture, type Fixture } from '../../engine/verify/fixture';

let dir: string;
let fx: Fixture;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-fault-');
  fx = await makeFixture(dir);
});
after(() => removeTempDir(dir));

/** A fresh multi-volume package and a function that verifies it as it now is. */
async function damaged(damage: (pkgDir: string) => Promise<void>) {
  const pkg = await fx.makePackage({ volumeSize: 10240 });
  await damage(pkg.packageDir);
  const report = await verifyPackage(pkg.packageDir, { store: fx.store, now: FIXED_NOW });
  assert.equal(report.ok, false, 'the damage is detected');
  return { report, fault: classifyFault(report)!, pkg };
}

function assertIncomplete(fault: ReturnType<typeof classifyFault>, where: RegExp) {
  assert.ok(fault);
  assert.equal(fault.kind, 'incomplete', JSON.stringify(fault));
  assert.equal(fault.incident, false);
  assert.equal(fault.headline, INCOMPLETE_HEADLINE);
  assert.match(fault.detail, where);
  assert.doesNotMatch(`${fault.headline} ${fault.advice}`, /security|tamper|signature/i);
}

test('a verified package has no fault', async () => {
  const pkg = await fx.makePackage();
  const report = await verifyPackage(pkg.packageDir, { store: fx.store, now: FIXED_NOW });
  assert.equal(report.ok, true);
  assert.equal(classifyFault(report), null);
});

test('a missing volume is incomplete, not a signature failure — in the full report and the signature stage alone', async () => {
  const { report, fault, pkg } = await damaged((d) => rm(join(d, 'payload.tar.002')));
  assert.ok(report.failures.some((f) => f.where === 'payload.tar.002'), JSON.stringify(report.failures));
  assertIncomplete(fault, /^payload\.tar\.002: missing from the package directory$/);
  assert.match(fault.advice, /a copying fault, not an incident/);
  // The import wizard's first screen runs only the signature stage: same verdict.
  const sig = await checkSignature(pkg.packageDir, fx.store);
  assert.equal(sig.ok, false);
  assertIncomplete(classifyFault(sig), /payload\.tar\.002/);
});

test('a volume shorter than its recorded size is incomplete; a longer one is tampering', async () => {
  const short = await damaged((d) => truncate(join(d, 'payload.tar.003'), 4000));
  assertIncomplete(short.fault, /^payload\.tar\.003: volume is 4000 bytes; the manifest says \d+$/);
  const long = await damaged((d) => appendFile(join(d, 'payload.tar.003'), Buffer.alloc(512)));
  assert.equal(long.fault.kind, 'tampered');
  assert.equal(long.fault.incident, true);
});

test('manifest.json missing, empty or cut short is incomplete; its signature file empty too', async () => {
  assertIncomplete((await damaged((d) => rm(join(d, 'manifest.json')))).fault, /manifest\.json/);
  assertIncomplete((await damaged((d) => writeFile(join(d, 'manifest.json'), ''))).fault, /manifest\.json is cut short/);
  const cut = await damaged(async (d) => {
    const bytes = await readFile(join(d, 'manifest.json'));
    await writeFile(join(d, 'manifest.json'), bytes.subarray(0, Math.floor(bytes.length / 2)));
  });
  assert.deepEqual(cut.report.failures.map((f) => f.check), ['signature']);
  assert.match(cut.report.failures[0]!.reason, /does not match the file's contents; manifest\.json is cut short/);
  assertIncomplete(cut.fault, /^manifest\.json is cut short \(it does not end as a manifest does\)$/);
  assertIncomplete((await damaged((d) => writeFile(join(d, 'manifest.json.minisig'), ''))).fault, /manifest\.json\.minisig: file is empty/);
});

test('an edited manifest that still ends as a manifest does is tampering', async () => {
  const { fault } = await damaged(async (d) => {
    const text = await readFile(join(d, 'manifest.json'), 'utf8');
    await writeFile(join(d, 'manifest.json'), text.replace('"purpose": "tests"', '"purpose": "test5"'));
  });
  assert.equal(fault.kind, 'tampered');
  assert.match(fault.detail, /does not match the file's contents$/);
  assert.match(fault.headline, /report it to security/);
  assert.match(fault.advice, /keep the medium/);
});

test('a flipped byte in a volume of the right size stays an incident', async () => {
  const { fault } = await damaged(async (d) => {
    const vol = join(d, 'payload.tar.002');
    const bytes = await readFile(vol);
    bytes[700] = bytes[700]! ^ 0x01;
    await writeFile(vol, bytes);
  });
  assert.equal(fault.kind, 'tampered');
  assert.equal(fault.incident, true);
  assert.equal(fault.headline, 'Possible tampering — report it to security');
  assert.ok(fault.evidence.some((f) => f.where === 'payload.tar.002'), JSON.stringify(fault.evidence));
});

test('an untrusted signer is not an incident; an expired package says to ask for a fresh one', async () => {
  const pkg = await fx.makePackage();
  const untrusted = classifyFault(await verifyPackage(pkg.packageDir, { store: { keys: [], revoked: [] }, now: FIXED_NOW }))!;
  assert.equal(untrusted.kind, 'untrusted');
  assert.equal(untrusted.incident, false);
  assert.equal(untrusted.headline, 'Signed by a key this station does not trust');
  const revoked = classifyFault(await verifyPackage(pkg.packageDir, { store: { keys: [], revoked: fx.store.keys }, now: FIXED_NOW }))!;
  assert.equal(revoked.headline, 'Signed by a revoked key');
  const expired = classifyFault(await verifyPackage(pkg.packageDir, { store: fx.store, now: FIXED_NOW + 2 * 86_400_000 }))!;
  assert.equal(expired.kind, 'expired');
  assert.match(expired.advice, /pack it again/);
});

test('importing twice: the replay names the earlier import by ledger entry, date and officer', async () => {
  const destRoot = join(dir, 'dest-replay');
  await mkdir(destRoot);
  const s = { destRoot, ledgerFile: join(dir, 'replay.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW };
  const pkg = await fx.makePackage({ transferId: 'FT-1', sequence: 50 });
  assert.equal((await importPackage(pkg.packageDir, { ...s, officer: 'alice' })).ok, true);
  const first = (await readLedger(s.ledgerFile)).find((e) => e.event === 'transfer.imported');
  const again = await importPackage(pkg.packageDir, { ...s, officer: 'bob' });
  // Only the replay: the sequence is within the replay window, and the folder in DEST is the earlier import's.
  assert.deepEqual(again.failures.map((f) => f.check), ['replay']);
  const fault = classifyFault(again)!;
  assert.equal(fault.kind, 'replay', 'a replay outranks the rollback it implies');
  assert.equal(fault.incident, false);
  assert.deepEqual(fault.earlierImport, { ledgerSeq: first!.seq, date: first!.time.slice(0, 10), time: first!.time.slice(11, 19), officer: 'alice' });
  assert.equal(fault.headline, `Already imported on ${first!.time.slice(0, 10)} at ${first!.time.slice(11, 19)} UTC by alice, ledger entry ${first!.seq}`);
  assert.doesNotMatch(fault.advice, /security|medium again/);

  // The same sequence under a new transfer id names the id it was imported as.
  const sameSeq = await fx.makePackage({ transferId: 'FT-1b', sequence: 50 });
  const r2 = classifyFault(await importPackage(sameSeq.packageDir, { ...s, officer: 'bob' }))!;
  assert.equal(r2.earlierImport?.transferId, 'FT-1');
  assert.match(r2.advice, /\(as FT-1\)/);
});

test('a package for another station is wrong-destination, not an incident', async () => {
  const destRoot = join(dir, 'dest-other');
  await mkdir(destRoot);
  const pkg = await fx.makePackage({ destination: 'OTHER' });
  const r = await importPackage(pkg.packageDir, { destRoot, ledgerFile: join(dir, 'other.jsonl'), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga' });
  const fault = classifyFault(r)!;
  assert.equal(fault.kind, 'wrong-destination');
  assert.equal(fault.incident, false);
});

// Failure sets the real pipeline produces only in races or from a broken packer, written out.
const f = (check: Failure['check'], where: string, reason: string): Failure => ({ check, where, reason });

test('precedence: a volume that shrank while read also hashes wrong — still incomplete; a tamper elsewhere wins', () => {
  const shrank = [f('volumes', 'payload.tar.002', 'volume ended after 4096 bytes; the manifest says 10240'), f('volumes', 'payload.tar.002', 'SHA-256 does not match the manifest'),
    f('payload', 'payload', 'SHA-256 of the whole payload does not match the manifest')];
  assert.equal(classifyFault({ failures: shrank })!.kind, 'incomplete');
  const plusTamper = [f('volumes', 'payload.tar.001', 'SHA-256 does not match the manifest'), ...shrank];
  const fault = classifyFault({ failures: plusTamper })!;
  assert.equal(fault.kind, 'tampered');
  assert.deepEqual(fault.evidence.map((e) => e.where), ['payload.tar.001']);
});

test('a payload cut short inside signed volumes is incomplete, but copying again will not help', () => {
  const fault = classifyFault({ failures: [f('archive', 'docs/c.bin', 'payload is truncated in the middle of this file (512 bytes missing)')] })!;
  assert.equal(fault.kind, 'incomplete');
  assert.equal(fault.incident, false);
  assert.match(fault.headline, /cut short when it was packed/);
  assert.match(fault.advice, /ask the sender to pack it again/);
});

test('hostile archive content, unknown reasons and missing witnesses', () => {
  assert.equal(classifyFault({ failures: [f('archive', 'x', 'tar entry of type symlink is not allowed (only regular files and directories)')] })!.kind, 'tampered');
  assert.equal(classifyFault({ failures: [f('sums', 'SHA256SUMS', 'something no one has seen before')] })!.incident, true);
  assert.equal(classifyFault({ failures: [f('cosign', 'co-signatures', '1 witness co-signature required, 0 valid')] })!.kind, 'witnesses');
  assert.equal(classifyFault({ failures: [f('cosign', 'cosign-0123456789ABCDEF.minisig', 'co-signature by witness w does not verify: signature by key 0123456789ABCDEF does not match the file\'s contents')] })!.kind, 'tampered');
  assert.equal(classifyFault({ failures: [f('volumes', 'payload.tar', 'EACCES: permission denied, lstat \'/m/payload.tar\'')] })!.kind, 'environment');
});

test('package-supplied text is made printable; the earlier import is read back from its words', () => {
  assert.equal(printable('a\u001b[31mb\nc'), 'a\\u001b[31mb\\u000ac');
  const fault = classifyFault({ failures: [f('package-files', 'evil\u001b]0;x\u0007', 'file is not part of the package format (and not a listed attachment)')] })!;
  assert.doesNotMatch(fault.detail + fault.advice, /[\u0000-\u001f]/);
  assert.deepEqual(parseEarlierImport('transfer T was already imported on 2026-11-20 at 14:03:05 UTC by Ann, Officer, ledger entry 42'),
    { ledgerSeq: 42, date: '2026-11-20', time: '14:03:05', officer: 'Ann, Officer' });
  assert.equal(manifestLooksCutShort(new TextEncoder().encode('{\n}\n')), false);
  assert.equal(manifestLooksCutShort(new TextEncoder().encode('{\n  "a"')), true);
});

test('a package copied under another folder name is misnamed, not tampering: say to copy it again under its own name', async () => {
  const pkg = await fx.makePackage();
  const { cp } = await import('node:fs/promises');
  const other = join(dir, 'copied-as-other-name');
  await cp(pkg.packageDir, other, { recursive: true });
  const report = await verifyPackage(other, { store: fx.store, now: FIXED_NOW });
  assert.equal(report.ok, false);
  const fault = classifyFault(report)!;
  assert.equal(fault.kind, 'misnamed', JSON.stringify(fault));
  assert.equal(fault.incident, false);
  assert.match(fault.advice, /under its own name/);
  assert.doesNotMatch(`${fault.headline} ${fault.advice}`, /security|tamper/i);
});
