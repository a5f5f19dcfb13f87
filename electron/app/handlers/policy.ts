/**
 * policy:setWitnesses — the import station's two-person rule (`policy.requireWitnesses`). It changes
 * only here (settings:save refuses any change to `policy`), by a named security officer, and each
 * change is recorded in the ledger (`station.policy`, from and to) BEFORE it is saved: lowering the
 * rule is a recorded act of an officer, never a silent edit by the renderer.
 */
import { ok } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { ledgeredSave, stationChanger } from './station-change';

/** The policy block as the ledger records it: absent reads as no witnesses required. */
const policyOf = (s: Settings): Record<string, unknown> => ({ ...(s.policy ?? { requireWitnesses: 0 }) });

/** The import-policy handlers. */
export function policyHandlers(env: HandlerEnv): Pick<HandlerTable, 'policy:setWitnesses'> {
  return {
    'policy:setWitnesses': async ({ requireWitnesses, actor }) => {
      const s = await env.requireSettings();
      const who = stationChanger(s, actor, 'change the witness co-signatures required on import');
      if ((s.policy?.requireWitnesses ?? 0) === requireWitnesses) return ok(s);
      const next: Settings = { ...s, policy: { ...(s.policy ?? {}), requireWitnesses } };
      return ok(await ledgeredSave(env, s, next, { event: 'station.policy', actor: who, from: policyOf(s), to: policyOf(next) }));
    },
  };
}
