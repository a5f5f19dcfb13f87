/**
 * Keys and trust: the export side's signing keys, the import side's trusted signers (both when the
 * station may do both).
 */
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
  if (!settings) return null;
  return (
    <section>
      <StepHeading>Keys and trust</StepHeading>
      <ErrorNotice error={error} />
      {canExport(settings) && <SigningKeys />}
      {canImport(settings) && <TrustStore />}
    </section>
  );
}
