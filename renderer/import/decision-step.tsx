/**
 * Import step 6: the officer's decision — approve (import atomically) or reject — with a reason.
 */
import { useId } from 'react';
import { useApp } from '../store/store';
import { ErrorNotice } from '../components/notice';

/** Approve/reject, reason, and the button that records it. */
export function DecisionStep() {
  const decision = useApp((s) => s.decision);
  const setDecision = useApp((s) => s.setDecision);
  const reason = useApp((s) => s.decisionReason);
  const setReason = useApp((s) => s.setDecisionReason);
  const officer = useApp((s) => s.officer);
  const commit = useApp((s) => s.commitDecision);
  const committing = useApp((s) => s.committing);
  const error = useApp((s) => s.importError);
  const reasonId = useId();
  const ready = !!decision && !!reason.trim() && !!officer && !committing;
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (ready) void commit(); }}>
      <p>Officer: <strong>{officer || '— none chosen —'}</strong></p>
      <fieldset className="field">
        <legend>Decision</legend>
        <label><input type="radio" name="decision" checked={decision === 'approve'} onChange={() => setDecision('approve')} /> Approve and import</label>
        <label><input type="radio" name="decision" checked={decision === 'reject'} onChange={() => setDecision('reject')} /> Reject (nothing is imported)</label>
      </fieldset>
      <div className="field">
        <label htmlFor={reasonId}>Reason *</label>
        <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
        <span className="hint">Recorded in the ledger with your name and the time.</span>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={!ready}>{committing ? 'Recording…' : decision === 'reject' ? 'Record rejection' : 'Record decision and import'}</button>
      </div>
      <ErrorNotice error={error} title="The decision was not recorded" />
    </form>
  );
}
