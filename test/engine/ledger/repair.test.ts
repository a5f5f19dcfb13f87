// `repairLedger`: cuts exactly a torn last line (bytes after the last "\n"), keeps the cut bytes,
// records 'ledger.repaired' with their length and SHA-256, keeps <ledger>.head consistent — and
// refuses, changing nothing, when anything else is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { appendEvent, readLedger, repairLedger, verifyLedger } from '../../../electron/engine/ledger/index';
import type { LedgerEventInput } from '../../../shared/ledger-events';
import { makeTempDir } from '../../helpers/tmp';

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

function packed(n: number): LedgerEventInput {
  return {
    event: 'transfer.packed', station: 'low-1', actor: 'alice', transferId: `T-${n}`,
    data: { keyId: 'ABCDEF0123456789', source: 'low', destination: 'high', sequence: n, manifestSha256: 'a'.repeat(64) },
  };
}

async function ledgerWith(t: { after: (fn: () => void | Promise<void>) => void }, n: number): Promise<string> {
  const file = join(await makeTempDir(t), 'custody.ledger');
  for (let i = 1; i <= n; i++) await appendEvent(file, packed(i));
  return file;
}

const notRepairable = (e: unknown) => e instanceof SluiceError && e.code === 'ledger-not-repairable';

test('a torn last line: appends are refused with advice to repair; repair cuts it, records it, and appends work again', async (t) => {
  const file = await ledgerWith(t, 3);
  const torn = '{"seq":4,"time":"2026-11-29T10:00:00Z","prev":"ab';
  await appendFile(file, torn);
  await assert.rejects(appendEvent(file, packed(4)), (e: unknown) =>
    e instanceof SluiceError && e.code === 'ledger-broken' && e.message.includes(`sluice ledger repair ${file}`) && !/start a new ledger/.test(e.message));
  const before = await readFile(file);
  const goodLength = before.length - Buffer.byteLength(torn);

  const r = await repairLedger(file, { actor: 'olga' });
  assert.equal(r.cutBytes, Buffer.byteLength(torn));
  assert.equal(r.cutSha256, sha256(torn));
  assert.equal(r.offset, goodLength);
  assert.equal(await readFile(r.evidence, 'utf8'), torn, 'the cut bytes are kept');
  assert.equal(r.evidence, `${file}.torn-${sha256(torn).slice(0, 16)}`);

  const after = await readFile(file);
  assert.ok(after.subarray(0, goodLength).equals(before.subarray(0, goodLength)), 'the complete lines are untouched');
  const entries = await readLedger(file);
  assert.deepEqual(entries.map((e) => e.event), ['transfer.packed', 'transfer.packed', 'transfer.packed', 'ledger.repaired']);
  const repaired = entries[3]!;
  assert.equal(repaired.actor, 'olga');
  assert.equal(repaired.station, 'low-1', 'the station of the last complete line');
  assert.deepEqual(repaired.data, { cutBytes: Buffer.byteLength(torn), cutSha256: sha256(torn), offset: goodLength, evidence: r.evidence });
  const v = await verifyLedger(file);
  assert.equal(v.ok, true, JSON.stringify(v.firstBad));
  assert.equal(v.head, r.line.head);
  assert.equal(await readFile(`${file}.head`, 'utf8'), `${r.line.head}\n`, 'the head file names the repair line');
  assert.equal((await appendEvent(file, packed(4))).seq, 5);
});

test('a ledger whose only line is torn is repaired when the station is given', async (t) => {
  const file = join(await makeTempDir(t), 'l.ledger');
  await writeFile(file, '{"seq":1,"ti');
  await assert.rejects(repairLedger(file, { actor: 'olga' }), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-repair-station');
  assert.equal(await readFile(file, 'utf8'), '{"seq":1,"ti', 'refused before anything was cut');
  const r = await repairLedger(file, { actor: 'olga', station: 'high-1' });
  assert.equal(r.line.seq, 1);
  assert.equal((await verifyLedger(file)).ok, true);
});

test('a malformed middle line is not repairable: refused, nothing changed', async (t) => {
  const file = await ledgerWith(t, 3);
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines[1] = lines[1]!.replace('"alice"', '"mallory"');
  await writeFile(file, `${lines.join('\n')}{"seq":4,"ti`);
  const before = await readFile(file);
  const head = await readFile(`${file}.head`);
  await assert.rejects(repairLedger(file, { actor: 'olga' }), (e: unknown) => notRepairable(e) && /line 2 is bad/.test((e as Error).message));
  assert.ok((await readFile(file)).equals(before));
  assert.ok((await readFile(`${file}.head`)).equals(head));
});

test('a complete last line, or lines cut off the end (against the head file), are refused', async (t) => {
  const whole = await ledgerWith(t, 2);
  const before = await readFile(whole);
  await assert.rejects(repairLedger(whole, { actor: 'olga' }), (e: unknown) => notRepairable(e) && /nothing torn to cut/.test((e as Error).message));
  assert.ok((await readFile(whole)).equals(before));

  const cut = await ledgerWith(t, 3);
  const text = await readFile(cut, 'utf8');
  // Line 3 removed and a torn fragment added: the head file still names line 3.
  const kept = text.split('\n').slice(0, 2).join('\n') + '\n{"seq":3';
  await writeFile(cut, kept);
  await assert.rejects(repairLedger(cut, { actor: 'olga' }), (e: unknown) => notRepairable(e) && /truncated/.test((e as Error).message));
  assert.equal(await readFile(cut, 'utf8'), kept);
});
