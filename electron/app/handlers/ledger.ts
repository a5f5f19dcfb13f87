/** ledger:list, ledger:verify, records:search — the custody ledger, read-only. */
import { ok } from '../../../shared/result';
import { findEntries, readLedger, verifyLedger } from '../../engine/ledger';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import type { RecordHit } from '../../../shared/ipc/contract';

export function ledgerHandlers(env: HandlerEnv): Pick<HandlerTable, 'ledger:list' | 'ledger:verify' | 'records:search'> {
  return {
    'ledger:list': async ({ offset = 0, limit = 200, event }) => {
      const s = await env.requireSettings();
      const all = await readLedger(s.paths.ledgerFile);
      const matching = event ? findEntries(all, { event }) : all;
      // Newest first: the records screen shows the latest events on top.
      const newest = [...matching].reverse();
      return ok({ entries: newest.slice(offset, offset + limit), total: matching.length });
    },
    'ledger:verify': async () => {
      const s = await env.requireSettings();
      const v = await verifyLedger(s.paths.ledgerFile);
      const problems = v.firstBad ? [`line ${v.firstBad.line}: ${v.firstBad.reason}`] : [];
      if (!v.ok && problems.length === 0) problems.push(v.anchor ? `the ledger does not reach its anchored head ${v.anchor.head}` : 'the ledger did not verify');
      return ok({ ok: v.ok, entries: v.count, head: v.head, problems });
    },
    'records:search': async ({ query, limit = 100 }) => {
      const s = await env.requireSettings();
      const q = query.trim().toLowerCase();
      const hits: RecordHit[] = [];
      for (const e of findEntries(await readLedger(s.paths.ledgerFile), { event: 'transfer.imported' }).reverse()) {
        const d = e.data as Record<string, unknown>;
        const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
        const hay = [e.transferId, str('source'), str('signer'), str('manifestSha256'), str('path'), str('officer')].filter(Boolean).join(' ').toLowerCase();
        if (q && !hay.includes(q)) continue;
        hits.push({ transferId: e.transferId ?? str('transferId') ?? '', sequence: typeof d.sequence === 'number' ? d.sequence : null, source: str('source'), signer: str('signer'), importedAt: e.time, path: str('path'), ledgerSeq: e.seq });
        if (hits.length >= limit) break;
      }
      return ok({ hits });
    },
  };
}
