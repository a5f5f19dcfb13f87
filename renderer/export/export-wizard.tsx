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
import { WitnessStep } from './witness-step';
import { ManifestStep } from './manifest-step';
import { ExportScanChoice } from './scan-choice';
import { ExportVendorChoice } from './vendor-choice';
import { MediaWriter } from './media-writer';

function ExportChecklist({ stage }: { stage: 'export-pre' | 'export-post' }) {
  const template = useApp((s) => s.templates?.[stage]);
  const state = useApp((s) => (stage === 'export-pre' ? s.preChecklist : s.postChecklist));
  const answer = useApp((s) => (stage === 'export-pre' ? s.answerPre : s.answerPost));
  const people = useApp((s) => s.settings?.people);
  const operator = useApp((s) => s.exportDetails.operator);
  const key = stage === 'export-pre' ? 'pre' : 'post';
  const picked = useApp((s) => s.checklistPerson[key]);
  const setPerson = useApp((s) => s.setChecklistPerson);
  // Until someone is picked, the transfer's operator answers (settings may load after mount).
  const person = picked || operator;
  if (!template || !people) return <p>Loading the checklist…</p>;
  return (
    <div>
      <p>{template.title}</p>
      {stage === 'export-pre' && <ExportScanChoice />}
      {stage === 'export-pre' && <ExportVendorChoice />}
      {stage === 'export-post' && <p className="hint">Type the seal number from the sealed bag itself: Sluice compares it with the number signed into the manifest and refuses a mismatch.</p>}
      {/* Operators answer the export checklists; main refuses anyone else. */}
      <ChecklistForm template={template} state={state} people={people.operators} person={person} onPersonChange={(p) => setPerson(key, p)} onAnswer={(id, v) => answer(id, v, person)} />
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
  const recording = useApp((s) => s.recordingPost);
  const name = EXPORT_STEPS[step]!;
  const hasMedia = useApp((s) => s.targetMedium !== null);
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
      {name === 'Witness co-signature' && <WitnessStep />}
      {name === 'Manifest' && <ManifestStep />}
      {name === 'After packing' && hasMedia && <MediaWriter />}
      {name === 'After packing' && <ExportChecklist stage="export-post" />}
      {name === 'Summary' && <SummaryStep />}
      {!packStep && name !== 'Witness co-signature' && <ErrorNotice error={error} />}
      {recording && <p role="status">Recording the after-packing checklist…</p>}
      {name !== 'Summary' && (
        <WizardActions blockers={blockers} onBack={step > 0 && !packed && !packing ? back : undefined} onNext={packStep ? undefined : next}
          nextLabel={name === 'After packing' ? 'Record and finish' : 'Next'} />
      )}
    </section>
  );
}
