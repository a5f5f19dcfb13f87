/**
 * Keys and trust: the export side's signing keys, the import side's trusted signers (both when the
 * station may do both). "Acting as" names the person: every key and trust event in the ledger
 * records who did it (main checks the name against the station's people).
 */
import { useId } from 'react';
import { useApp } from '../store/store';
import { canExport, canImport } from '../../shared/settings';
import { StepHeading } from '../components/step-heading';
import { ErrorNotice } from '../components/notice';
import { SigningKeys } from './signing-keys';
import { TrustStore } from './trust-store';

/** The keys screen. */
export function KeysScreen() {
  const settings = useApp((s) => s.settings);
  const error = useApp((s) => s.keysError);
  const actor = useApp((s) => s.keysActor);
  const setActor = useApp((s) => s.setKeysActor);
  const id = useId();
  if (!settings) return null;
  const people = [...new Set([...settings.people.officers, ...settings.people.operators, ...settings.people.witnesses])];
  return (
    <section>
      <StepHeading>Keys and trust</StepHeading>
      <div className="field">
        <label htmlFor={id}>Acting as</label>
        <select id={id} value={actor} onChange={(e) => setActor(e.target.value)}>
          <option value="">— choose a person —</option>
          {people.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
        <span className="hint">The ledger records who generated, trusted or revoked each key. Trusting and revoking are for officers and operators.</span>
      </div>
      <ErrorNotice error={error} />
      {canExport(settings) && <SigningKeys />}
      {canImport(settings) && <TrustStore />}
    </section>
  );
}
