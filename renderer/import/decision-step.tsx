/**
 * Import step 6: the officer's decision — approve (import atomically) or reject — with a reason,
 * after main evaluated the checklist. The seal number the officer typed blind is shown here next to
 * the signed one, for the first time. When an answer blocks approval (antivirus findings, a broken
 * seal, a seal mismatch), Reject is the only decision offered and its reason is pre-filled; main
 * refuses an approval in that case whatever the screen sends.
 */
import { useId } from 'react';
import { useApp } from '../store/store';
import { ErrorNotice, Notice } from '../components/notice';
import type { ImportEvaluationView } from '../../shared/ipc/contract';
import { CosignerTable } from './cosigner-table';

/** What main found in the checklist: seal comparison and blocking answers. */
function EvaluationSummary({ evaluation }: { evaluation: ImportEvaluationView }) {
  return (
    <div data-testid="evaluation">
      {evaluation.matches.map((m) => (
        <p key={m.itemId} data-testid={`match-${m.itemId}`}>
          {m.field === 'seal' ? 'Seal number' : m.label}: typed <code>{m.typed}</code> —{' '}
          {m.matched
            ? <strong>matches the signed manifest ({m.expected})</strong>
            : <strong className="error-text">does NOT match: the signed manifest says {m.expected}</strong>}
        </p>
      ))}
      {evaluation.blocks.length > 0 && (
        <Notice tone="error" title="Approval is not possible">
          <ul data-testid="blocks">
            {evaluation.blocks.map((b) => <li key={b.itemId}>{b.reason}</li>)}
          </ul>
          <p>The only decision left is Reject. Nothing will be imported.</p>
        </Notice>
      )}
    </div>
  );
}

/** Where the station holds witness keys, the witness unlocks one to approve: their proof of presence. */
function WitnessKeyFields({ keys }: { keys: ImportEvaluationView['witnessKeys'] }) {
  const witnessKey = useApp((s) => s.witnessKey);
  const setWitnessKey = useApp((s) => s.setWitnessKey);
  const keyId = useId();
  const passId = useId();
  return (
    <fieldset className="field" data-testid="witness-key">
      <legend>The witness unlocks their key *</legend>
      <p className="hint">This station holds witness keys: the witness proves they are here by unlocking their own key. Only they type the passphrase.</p>
      <label htmlFor={keyId}>Witness key</label>
      <select id={keyId} value={witnessKey.keyName} onChange={(e) => setWitnessKey({ keyName: e.target.value })}>
        <option value="">— choose the witness's key —</option>
        {keys.map((k) => <option key={k.name} value={k.name}>{k.label} ({k.keyId})</option>)}
      </select>
      <label htmlFor={passId}>Witness's passphrase</label>
      <input id={passId} type="password" autoComplete="off" value={witnessKey.passphrase} onChange={(e) => setWitnessKey({ passphrase: e.target.value })} />
    </fieldset>
  );
}

/** Approve/reject, reason, and the button that records it. */
export function DecisionStep() {
  const decision = useApp((s) => s.decision);
  const setDecision = useApp((s) => s.setDecision);
  const reason = useApp((s) => s.decisionReason);
  const setReason = useApp((s) => s.setDecisionReason);
  const officer = useApp((s) => s.officer);
  const evaluation = useApp((s) => s.evaluation);
  const report = useApp((s) => s.staged?.report);
  const commit = useApp((s) => s.commitDecision);
  const committing = useApp((s) => s.committing);
  const error = useApp((s) => s.importError);
  const witnessKey = useApp((s) => s.witnessKey);
  const reasonId = useId();
  if (!evaluation) return <p>Answer the import checklist first; main evaluates it before a decision.</p>;
  const blocked = !evaluation.approvalAllowed;
  const needsKey = decision === 'approve' && evaluation.witnessKeys.length > 0;
  const keyReady = !needsKey || (!!witnessKey.keyName && !!witnessKey.passphrase);
  const ready = !!decision && !!reason.trim() && !!officer && !committing && !(blocked && decision === 'approve') && keyReady;
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (ready) void commit(); }}>
      <p>Officer: <strong>{officer || '— none chosen —'}</strong></p>
      <EvaluationSummary evaluation={evaluation} />
      <h3>Witness co-signatures</h3>
      <CosignerTable cosigners={report?.cosigners} required={report?.witnessesRequired} />
      <fieldset className="field">
        <legend>Decision</legend>
        {!blocked && <label><input type="radio" name="decision" checked={decision === 'approve'} onChange={() => setDecision('approve')} /> Approve and import</label>}
        <label><input type="radio" name="decision" checked={decision === 'reject'} onChange={() => setDecision('reject')} /> Reject (nothing is imported)</label>
      </fieldset>
      {needsKey && <WitnessKeyFields keys={evaluation.witnessKeys} />}
      <div className="field">
        <label htmlFor={reasonId}>Reason *</label>
        <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
        <span className="hint">{blocked ? 'Pre-filled from the checklist; you may add to it. ' : ''}Recorded in the ledger with your name and the time.</span>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={!ready}>{committing ? 'Recording…' : decision === 'reject' ? 'Record rejection' : 'Record decision and import'}</button>
      </div>
      <ErrorNotice error={error} title="The decision was not recorded" />
    </form>
  );
}
