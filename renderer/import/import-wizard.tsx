/**
 * The import wizard: choose → signature → review → verify and stage → checklist → decision → receipt.
 * The officer importing is chosen before staging (the engine names them on a rejection). The
 * checklist's Next asks main to evaluate the answers; the witness is chosen among the station's
 * witnesses, never the officer.
 */
import { useId } from 'react';
import { useApp } from '../store/store';
import { IMPORT_STEPS, importBlockers, importMachineAnswers } from '../store/import-slice';
import { StepList } from '../components/step-list';
import { StepHeading } from '../components/step-heading';
import { WizardActions } from '../components/wizard-actions';
import { ErrorNotice } from '../components/notice';
import { ChecklistForm } from '../components/checklist-form';
import { ChooseStep } from './choose-step';
import { SignatureStep } from './signature-step';
import { ReviewStep } from './review-step';
import { VerifyStep } from './verify-step';
import { DecisionStep } from './decision-step';
import { ReceiptStep } from './receipt-step';

const NO_PEOPLE: string[] = [];

/** Who is importing: one of the station's officers, chosen before the package is staged. */
function OfficerPicker() {
  const id = useId();
  const officers = useApp((s) => s.settings?.people.officers ?? NO_PEOPLE);
  const officer = useApp((s) => s.officer);
  const setOfficer = useApp((s) => s.setOfficer);
  return (
    <div className="field">
      <label htmlFor={id}>Officer importing this package</label>
      <select id={id} value={officer} onChange={(e) => setOfficer(e.target.value)}>
        <option value="">— choose an officer —</option>
        {officers.map((p) => <option key={p} value={p}>{p}</option>)}
      </select>
      <span className="hint">Named in the ledger on the verification, the checklist and the decision.</span>
    </div>
  );
}

function ImportChecklist() {
  const template = useApp((s) => s.templates?.import);
  const state = useApp((s) => s.importChecklist);
  const answer = useApp((s) => s.answerImport);
  const officers = useApp((s) => s.settings?.people.officers ?? NO_PEOPLE);
  const witnesses = useApp((s) => s.settings?.people.witnesses ?? NO_PEOPLE);
  const officer = useApp((s) => s.officer);
  const setOfficer = useApp((s) => s.setOfficer);
  const sealed = useApp((s) => s.signature?.sealed === true);
  const scan = useApp((s) => s.staged?.scan);
  if (!template) return <p>Loading the checklist…</p>;
  const machine = importMachineAnswers(template, scan);
  return (
    <div>
      <p>{template.title}</p>
      {sealed && <p className="hint" data-testid="seal-blind">Type the seal number from the bag itself. Sluice compares it with the signed manifest and shows the signed number only after that.</p>}
      <ChecklistForm template={template} state={state} people={officers} person={officer} onPersonChange={setOfficer}
        onAnswer={(id, v) => answer(id, v, officer)} otherPeople={witnesses} {...(machine ? { machine } : {})} />
    </div>
  );
}

/** The whole import wizard. */
export function ImportWizard() {
  const step = useApp((s) => s.importStep);
  const blockers = useApp((s) => importBlockers(s));
  const next = useApp((s) => s.importNext);
  const evaluate = useApp((s) => s.evaluateImport);
  const evaluating = useApp((s) => s.evaluating);
  const back = useApp((s) => s.importBack);
  const reset = useApp((s) => s.resetImport);
  const staged = useApp((s) => !!s.staged);
  const error = useApp((s) => s.importError);
  const name = IMPORT_STEPS[step]!;
  const ownActions = name === 'Choose package' || name === 'Decision' || name === 'Receipt';
  return (
    <section aria-labelledby="import-title">
      <p id="import-title" className="hint">Import a transfer</p>
      <StepList steps={IMPORT_STEPS} current={step} label="Import steps" />
      <StepHeading>{`Step ${step + 1} of ${IMPORT_STEPS.length}: ${name}`}</StepHeading>
      {name === 'Choose package' && <ChooseStep />}
      {name === 'Signature' && <SignatureStep />}
      {name === 'Review' && <><ReviewStep /><OfficerPicker /></>}
      {name === 'Verify and stage' && <VerifyStep />}
      {name === 'Import checklist' && <ImportChecklist />}
      {name === 'Decision' && <DecisionStep />}
      {name === 'Receipt' && <ReceiptStep />}
      {name !== 'Verify and stage' && name !== 'Decision' && <ErrorNotice error={error} />}
      {!ownActions && (
        <WizardActions blockers={evaluating ? [...blockers, 'Checking the answers…'] : blockers} onBack={step > 0 && !staged ? back : undefined}
          onNext={name === 'Import checklist' ? () => void evaluate() : next}>
          {step > 0 && <button type="button" onClick={() => void reset()}>{staged ? 'Discard and start over' : 'Start over'}</button>}
        </WizardActions>
      )}
      {name === 'Decision' && <WizardActions blockers={[]} onBack={back}><button type="button" onClick={() => void reset()}>Discard and start over</button></WizardActions>}
    </section>
  );
}
