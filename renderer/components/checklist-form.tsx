/**
 * A checklist template as a form: confirm items as checkboxes, text items as inputs (checked
 * against their pattern), choice items as radio groups. Every answer is stamped with the person
 * chosen under "Answering as" and the time, and the stamp is shown next to the item.
 */
import { useId } from 'react';
import { answerProblem, type ChecklistItem, type ChecklistTemplate } from '../../shared/checklist';
import type { ChecklistState } from '../store/checklist-state';
import type { MachineAnswers } from '../../shared/checklist-policy';

export interface ChecklistFormProps {
  template: ChecklistTemplate;
  state: ChecklistState;
  /** The people who may answer; the chosen one is stamped on each answer. */
  people: string[];
  person: string;
  onPersonChange: (person: string) => void;
  onAnswer: (itemId: string, value: boolean | string) => void;
  /**
   * The people an `otherPerson` item (the witness) may name. When given and not empty, that item
   * is a choice among them, without the person answering — main refuses the same person anyway.
   */
  otherPeople?: string[];
  /** Items the machine answers (the antivirus scan): shown with the machine's answer, not editable. */
  machine?: MachineAnswers;
}

/** The whole checklist with its "Answering as" selector. */
export function ChecklistForm({ template, state, people, person, onPersonChange, onAnswer, otherPeople, machine }: ChecklistFormProps) {
  const personId = useId();
  return (
    <div>
      <div className="field">
        <label htmlFor={personId}>Answering as</label>
        <select id={personId} value={person} onChange={(e) => onPersonChange(e.target.value)}>
          <option value="">— choose a person —</option>
          {people.map((p) => (
            <option key={p} value={p}>{p}</option>
          ))}
        </select>
        <span className="hint">Each answer records who gave it and when.</span>
      </div>
      {template.items.map((item) => (
        machineAnswer(item, state, machine) ? <MachineField key={item.id} item={item} answer={machineAnswer(item, state, machine)!} />
        : item.kind === 'text' && item.otherPerson && otherPeople?.length
          ? <OtherPersonField key={item.id} item={item} state={state} person={person} people={otherPeople} onAnswer={onAnswer} />
          : <ChecklistItemField key={item.id} item={item} state={state} disabled={!person} onAnswer={onAnswer} />
      ))}
    </div>
  );
}

/** The machine's answer to an `answeredBy` item: given as a prop, or stamped "(machine)" in the state. */
function machineAnswer(item: ChecklistItem, state: ChecklistState, machine: MachineAnswers | undefined): { value: boolean | string; by: string } | null {
  if (!item.answeredBy) return null;
  if (machine?.[item.id]) return machine[item.id]!;
  const m = state.meta[item.id];
  const value = state.answers[item.id];
  return m?.by.endsWith('(machine)') && value !== undefined ? { value, by: m.by } : null;
}

/** An item answered by the machine: its answer and who gave it, read-only. */
function MachineField({ item, answer }: { item: ChecklistItem; answer: { value: boolean | string; by: string } }) {
  const value = answer.value === true ? 'Yes' : answer.value === false ? 'No' : answer.value;
  return (
    <div className="field" data-item={item.id} data-machine="true">
      <strong>{item.label}</strong>
      <span><strong>{value}</strong> — answered by the machine ({answer.by.replace(/ \(machine\)$/, '')}), not by a person.</span>
    </div>
  );
}

function Stamp({ item, state }: { item: ChecklistItem; state: ChecklistState }) {
  const m = state.meta[item.id];
  if (!m) return null;
  return <span className="hint">Answered by {m.by} at {m.at}</span>;
}

/** A witness-like item as a choice among the station's people, never the person answering. */
function OtherPersonField({ item, state, person, people, onAnswer }: { item: ChecklistItem; state: ChecklistState; person: string; people: string[]; onAnswer: (id: string, v: boolean | string) => void }) {
  const id = useId();
  const answer = state.answers[item.id];
  const chosen = typeof answer === 'string' ? answer : '';
  const same = !!person && chosen.trim().toUpperCase() === person.trim().toUpperCase();
  return (
    <div className="field" data-item={item.id}>
      <label htmlFor={id}>{item.label}{item.required ? ' (required)' : ' (optional)'}</label>
      <select id={id} value={chosen} disabled={!person} aria-invalid={same ? true : undefined} onChange={(e) => onAnswer(item.id, e.target.value)}>
        <option value="">— choose a person —</option>
        {people.filter((p) => p.trim().toUpperCase() !== person.trim().toUpperCase()).map((p) => <option key={p} value={p}>{p}</option>)}
        {same && <option value={chosen}>{chosen}</option>}
      </select>
      <span className="hint">A person other than {person || 'the person answering'}.</span>
      {same && <span className="hint error-text">⚠ The witness must be another person.</span>}
      <Stamp item={item} state={state} />
    </div>
  );
}

function ChecklistItemField({ item, state, disabled, onAnswer }: { item: ChecklistItem; state: ChecklistState; disabled: boolean; onAnswer: (id: string, v: boolean | string) => void }) {
  const id = useId();
  const answer = state.answers[item.id];
  const touched = answer !== undefined;
  const problem = touched ? answerProblem(item, answer) : null;
  const req = item.required ? ' (required)' : ' (optional)';
  const helpId = item.help ? `${id}-help` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const describedBy = [helpId, problemId].filter(Boolean).join(' ') || undefined;
  const help = item.help && <span id={helpId} className="hint">{item.help}</span>;
  const problemText = problem && <span id={problemId} className="hint error-text">⚠ This answer {problem}.</span>;

  if (item.kind === 'confirm') {
    return (
      <div className="field" data-item={item.id}>
        <label>
          <input type="checkbox" checked={answer === true} disabled={disabled} aria-describedby={describedBy}
            onChange={(e) => onAnswer(item.id, e.target.checked)} />{' '}
          {item.label}{req}
        </label>
        {help}
        {problemText}
        <Stamp item={item} state={state} />
      </div>
    );
  }
  if (item.kind === 'text') {
    return (
      <div className="field" data-item={item.id}>
        <label htmlFor={id}>{item.label}{req}</label>
        <input id={id} type="text" value={typeof answer === 'string' ? answer : ''} disabled={disabled} placeholder={item.placeholder}
          aria-invalid={problem ? true : undefined} aria-describedby={describedBy} onChange={(e) => onAnswer(item.id, e.target.value)} />
        {item.patternHint && <span className="hint">Format: {item.patternHint}</span>}
        {help}
        {problemText}
        <Stamp item={item} state={state} />
      </div>
    );
  }
  return (
    <fieldset className="field" data-item={item.id} aria-describedby={describedBy}>
      <legend>{item.label}{req}</legend>
      {item.options.map((o) => (
        <label key={o}>
          <input type="radio" name={id} value={o} checked={answer === o} disabled={disabled} onChange={() => onAnswer(item.id, o)} /> {o}
        </label>
      ))}
      {help}
      {problemText}
      <Stamp item={item} state={state} />
    </fieldset>
  );
}
