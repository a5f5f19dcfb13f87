/**
 * checklist:record — records a completed checklist that no signed manifest carries (the export's
 * after-packing checklist), so every checklist of a transfer is in the custody ledger.
 */
import { ok, err } from '../../../shared/result';
import { appendEvent, readLedger } from '../../engine/ledger';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

export function custodyHandlers(env: HandlerEnv): Pick<HandlerTable, 'checklist:record'> {
  return {
    'checklist:record': async ({ transferId, stage, actor, records }) => {
      const s = await env.requireSettings();
      // Only for a transfer this station packed: the renderer cannot attach answers to anything else.
      const packed = (await readLedger(s.paths.ledgerFile)).some((e) => e.event === 'transfer.packed' && e.transferId === transferId);
      if (!packed) return err({ code: 'not-packed-here', message: `This station's ledger records no packing of transfer ${transferId}; the checklist was not recorded.` });
      const line = await appendEvent(s.paths.ledgerFile, {
        event: 'checklist.completed', station: s.networkId, actor, transferId,
        data: { stage, items: records.map((r) => `${r.itemId}: ${String(r.value)}`), records },
      });
      return ok({ ledgerSeq: line.seq });
    },
  };
}
