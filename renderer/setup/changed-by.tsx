/**
 * "Changed by": the person a station-control change is recorded under (Settings → Antivirus,
 * Settings → Import policy). Offers whom main accepts for such a change — the station's security
 * officers, or its operators on a station without officers (electron/app/handlers/station-change.ts).
 */
import { useId } from 'react';
import type { Settings } from '../../shared/settings';

/** The people who may change a station control. */
export function stationChangers(settings: Settings | null): string[] {
  if (!settings) return [];
  return settings.people.officers.length ? settings.people.officers : settings.people.operators;
}

/** The person choice, with the reminder that the ledger records it. */
export function ChangedBy({ settings, value, onChange }: { settings: Settings | null; value: string; onChange: (name: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Changed by</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— choose a person —</option>
        {stationChangers(settings).map((p) => <option key={p} value={p}>{p}</option>)}
      </select>
      <span className="hint">Every change is recorded in the ledger with this person, the old and the new setting.</span>
    </div>
  );
}
