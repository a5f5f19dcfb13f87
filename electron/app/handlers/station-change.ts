/**
 * The one path by which a station-wide control changes (the antivirus settings, the import
 * policy): only a named security officer — an operator on a station without officers — may change
 * it, and the change is recorded in the ledger with the person, the old and the new value BEFORE
 * it is saved. A change the ledger cannot record is not made; settings:save refuses these blocks,
 * so the renderer cannot lower a control silently.
 */
import type { Settings } from '../../../shared/settings';
import { appendEvent } from '../../engine/ledger';
import { requirePerson, type PersonRole } from '../people';
import type { HandlerEnv } from './deps';

/** The ledger events a station-control change writes. */
export type StationChangeEvent = 'station.scan-settings' | 'station.policy';

/** Who may change a station control (`what`, for the refusal): its security officers, or its operators when it has none. */
export function stationChanger(s: Settings, actor: string, what: string): string {
  const roles: PersonRole[] = s.people.officers.length ? ['officers'] : ['operators'];
  return requirePerson(s, actor, roles, what);
}

/** Records the change (`from` → `to`, by `actor`) in the ledger, then saves `next`: ledger first, write-ahead. */
export async function ledgeredSave(
  env: HandlerEnv, s: Settings, next: Settings,
  change: { event: StationChangeEvent; actor: string; from: Record<string, unknown>; to: Record<string, unknown> },
): Promise<Settings> {
  await appendEvent(s.paths.ledgerFile, { event: change.event, station: s.networkId, actor: change.actor, data: { from: change.from, to: change.to } });
  return env.settings.save(next);
}
