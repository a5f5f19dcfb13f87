/**
 * The export wizard: one heading and one component per step, a step list, and Back/Next with the
 * reasons Next is blocked.
 */
import { useApp } from '../store/store';
import { EXPORT_STEPS, exportBlockers } from '../store/export-rules';
import { StepList } from '../components/step-list';
import { StepHeading } from '../components/step-heading';
import { WizardActions } from '../components/wizard-actions';
import { ErrorNotice } from '../components/notice';
import { ChecklistForm } from '../components/checklist-form';
import { DetailsStep } from './details-step';
import { SourcesStep } from './sources-step';
import { TargetStep } from './target-step';
import { PackStep } from './pack-step';
import { SummaryStep } from './summary-step';
import { useState } from 'react';

function ExportChecklist({ stage }: { stage: 'export-pre' | 'export-post' }) {
  const template = useApp((s) => s.templates?.[stage]);
  const state = useApp((s) => (stage === 'export-pre' ? s.preChecklist : s.postChecklist));
  const answer = useApp((s) => (stage === 'export-pre' ? s.answerPre : s.answerPost));
  const people = useApp((s) => s.settings?.people);
  const operator = useApp((s) => s.exportDetails.operator);
  // Until someone is picked, the transfer's operator answers (settings may load after mount).
  const [picked, setPerson] = useState<string | null>(null);
  const person = picked ?? operator;
  if (!template || !people) return <p>Loading the checklist…</p>;
  const names = [...new Set([...people.operators, ...people.witnesses])];
  return (
    <div>
      <p>{template.title}</p>
      <ChecklistForm template={template} state={state} people={names} person={person} onPersonChange={setPerson} onAnswer={(id, v) => answer(id, v, person)} />
    </div>
  );
}

/** The whole export wizard. */
export function ExportWizard() {
  const step = useApp((s) => s.exportStep);
  const blockers = useApp((s) => exportBlockers(s));
  const next = useApp((s) => s.exportNext);
  const back = useApp((s) => s.exportBack);
  const packed = useApp((s) => !!s.packResult);
  // No Back while a pack runs: leaving the step would hide its progress and its Cancel button.
  const packing = useApp((s) => !!s.packJobId && s.jobs[s.packJobId]?.status === 'running');
  const error = useApp((s) => s.exportError);
  const name = EXPORT_STEPS[step]!;
  const packStep = name === 'Pack and sign';
  return (
    <section aria-labelledby="export-title">
      <p id="export-title" className="hint">Export a transfer</p>
      <StepList steps={EXPORT_STEPS} current={step} label="Export steps" />
      <StepHeading>{`Step ${step + 1} of ${EXPORT_STEPS.length}: ${name}`}</StepHeading>
      {name === 'Transfer details' && <DetailsStep />}
      {name === 'Sources' && <SourcesStep />}
      {name === 'Before packing' && <ExportChecklist stage="export-pre" />}
      {name === 'Target' && <TargetStep />}
      {packStep && <PackStep />}
      {name === 'After packing' && <ExportChecklist stage="export-post" />}
      {name === 'Summary' && <SummaryStep />}
      {!packStep && <ErrorNotice error={error} />}
      {name !== 'Summary' && (
        <WizardActions blockers={blockers} onBack={step > 0 && !packed && !packing ? back : undefined} onNext={packStep ? undefined : next}
          nextLabel={name === 'After packing' ? 'Finish' : 'Next'} />
      )}
    </section>
  );
}
