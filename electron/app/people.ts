/**
 * Who may act: every ledger event names a person of this station, never "system" for a human's
 * decision. The renderer sends the name (an "Acting as" choice); main checks it against the
 * station's people before anything is recorded.
 */
import type { Settings } from '../../shared/settings';
import { SluiceError } from '../engine/errors';

/** The groups of the station's people. */
export type PersonRole = keyof Settings['people'];

const GROUP_NAMES: Record<PersonRole, string> = { operators: 'operators', officers: 'security officers', witnesses: 'witnesses' };

/**
 * Returns `name` when it is one of the station's people in `roles` (exact, after trimming);
 * throws 'unknown-person' otherwise, naming the groups that may do `what`.
 */
export function requirePerson(s: Settings, name: string, roles: readonly PersonRole[], what: string): string {
  const n = name.trim();
  if (roles.some((r) => s.people[r].includes(n))) return n;
  const groups = roles.map((r) => GROUP_NAMES[r]).join(' or ');
  throw new SluiceError('unknown-person', `${JSON.stringify(n.slice(0, 200))} is not one of this station's ${groups}, so cannot ${what}. Choose who is acting from the list, or add them in the station settings.`);
}
