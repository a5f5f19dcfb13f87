// The replay state fed one entry at a time (ReplayIndex, kept per process by withLedger since
// issue 12) answers exactly as the whole-ledger reading it replaced: for random ledgers of imports,
// intents, abandoned and settled intents (also an outcome naming a later intent), every look-up —
// first record of an id, a channel's highest sequence and first record of a sequence, the
// unsettled intents — matches a straightforward reference over all entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayIndex, judgeReplay } from '../../../electron/engine/import/replay-guard';
import type { LedgerEntry } from '../../../shared/ledger-events';

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['K1', 'K2'];

function randomLedger(seed: number, length: number): LedgerEntry[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: LedgerEntry[] = [];
  const intents: number[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const base = { seq, time: '2026-11-29T12:00:00Z', prev: '0'.repeat(64), station: 'HIGH', actor: pick(['olga', 'system']) };
    const ident = { transferId: `T-${Math.floor(r() * 12)}`, keyId: pick(KEYS), source: 'LOW', destination: 'HIGH', sequence: 1 + Math.floor(r() * 20) };
    const roll = r();
    if (roll < 0.3) {
      intents.push(seq);
      out.push({ ...base, event: 'transfer.importing', transferId: ident.transferId, data: { ...ident, manifestSha256: 'a'.repeat(64), path: '/x', staging: '/s' } });
    } else if (roll < 0.6) {
      // Usually settles an earlier intent; sometimes none, sometimes (never by this writer) a later seq.
      const intentSeq = r() < 0.7 && intents.length ? pick(intents) : r() < 0.5 ? seq + 1 + Math.floor(r() * 5) : undefined;
      out.push({ ...base, event: 'transfer.imported', transferId: ident.transferId, data: { ...ident, manifestSha256: 'a'.repeat(64), path: '/x', ...(intentSeq ? { intentSeq } : {}), ...(r() < 0.5 ? { officer: 'oscar' } : {}) } });
    } else if (roll < 0.75 && intents.length) {
      out.push({ ...base, event: 'transfer.import-abandoned', transferId: ident.transferId, data: { intentSeq: pick(intents), reason: 'interrupted' } });
    } else if (roll < 0.8) {
      // An import line missing a field replay needs: ignored by both readings.
      out.push({ ...base, event: 'transfer.imported', transferId: ident.transferId, data: { keyId: ident.keyId, source: 'LOW', destination: 'HIGH' } });
    } else {
      out.push({ ...base, event: 'document.printed', data: { document: 'receipt' } });
    }
  }
  return out;
}

/** The reference: the whole-ledger reading as it was before issue 12 (first record in ledger order wins). */
function reference(entries: readonly LedgerEntry[]) {
  const settled = new Set<number>();
  for (const e of entries) {
    if ((e.event === 'transfer.imported' || e.event === 'transfer.import-abandoned') && typeof e.data.intentSeq === 'number') settled.add(e.data.intentSeq);
  }
  const counted = entries.filter((e) => (e.event === 'transfer.imported' || (e.event === 'transfer.importing' && !settled.has(e.seq))) &&
    typeof e.data.keyId === 'string' && typeof e.data.sequence === 'number' && typeof e.data.source === 'string');
  return {
    pending: entries.filter((e) => e.event === 'transfer.importing' && !settled.has(e.seq)).map((e) => e.seq),
    byId: (id: string) => counted.find((e) => e.transferId === id)?.seq,
    channel: (keyId: string, sequence: number) => {
      const on = counted.filter((e) => e.data.keyId === keyId);
      return { high: Math.max(0, ...on.map((e) => e.data.sequence as number)), first: on.find((e) => e.data.sequence === sequence)?.seq };
    },
  };
}

test('the incremental replay index answers as a reading of the whole ledger, at every prefix of 200 random ledgers', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const entries = randomLedger(seed, 60);
    const index = new ReplayIndex();
    entries.forEach((e, n) => {
      index.add(e);
      // Every few lines, as a process would see the ledger between two transactions.
      if (n % 7 !== 6 && n !== entries.length - 1) return;
      const ref = reference(entries.slice(0, n + 1));
      const where = `seed ${seed}, after line ${n + 1}`;
      assert.deepEqual(index.pendingIntents().map((e) => e.seq), ref.pending, where);
      for (let id = 0; id < 12; id++) assert.equal(index.byId(`T-${id}`)?.ledgerSeq, ref.byId(`T-${id}`), `${where}, T-${id}`);
      for (const keyId of KEYS) {
        for (let sequence = 1; sequence <= 20; sequence++) {
          const got = index.channel(keyId, 'LOW', 'HIGH', sequence);
          const want = ref.channel(keyId, sequence);
          assert.equal(got.high, want.high, `${where}, ${keyId} high`);
          assert.equal(got.record?.ledgerSeq, want.first, `${where}, ${keyId} #${sequence}`);
        }
      }
    });
  }
});

test('an unsettled intent counts as imported until its outcome, and stops counting once abandoned', () => {
  const index = new ReplayIndex();
  const ident = { transferId: 'T-1', keyId: 'K1', source: 'LOW', destination: 'HIGH', sequence: 100 };
  const base = { time: '2026-11-29T12:00:00Z', prev: '0'.repeat(64), station: 'HIGH', actor: 'olga' };
  index.add({ ...base, seq: 1, event: 'transfer.importing', transferId: 'T-1', data: { ...ident, manifestSha256: 'a'.repeat(64), path: '/x', staging: '/s' } });
  assert.match(judgeReplay(index, ident).replay ?? '', /is being imported, or its import was interrupted/);
  assert.match(judgeReplay(index, { ...ident, transferId: 'T-2', sequence: 10 }).rollback ?? '', /more than 64 below 100/);
  index.add({ ...base, seq: 2, event: 'transfer.import-abandoned', transferId: 'T-1', data: { intentSeq: 1, reason: 'interrupted' } });
  assert.deepEqual(judgeReplay(index, ident), { replay: null, rollback: null });
  assert.deepEqual(index.pendingIntents(), []);
});
