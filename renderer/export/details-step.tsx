/**
 * Export step 1: the transfer's details — destination, classification, purpose, ticket, expiry,
 * the operator, an optional transfer id, the seal number of the bag (known before packing, so it
 * is signed) and how many witnesses must co-sign.
 */
import { useId } from 'react';
import { useApp } from '../store/store';
import { detailProblems } from '../store/export-rules';
import { TextField } from '../components/text-field';

/** The details form. Errors show once a field has a value or the person tried to continue. */
export function DetailsStep() {
  const d = useApp((s) => s.exportDetails);
  const set = useApp((s) => s.setExportDetails);
  const operators = useApp((s) => s.settings?.people.operators ?? []);
  const problems = detailProblems(d);
  const opId = useId();
  const shown = (k: keyof typeof d) => (d[k] ? problems[k] : null);
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()}>
      <TextField label="Destination network" value={d.destination} onChange={(v) => set({ destination: v })} required
        hint="The network id of the receiving side, e.g. HIGH." error={shown('destination')} />
      <TextField label="Classification" value={d.classification} onChange={(v) => set({ classification: v })} required error={shown('classification')} />
      <TextField label="Purpose" value={d.purpose} onChange={(v) => set({ purpose: v })} multiline required error={shown('purpose')} />
      <TextField label="Ticket" value={d.ticket} onChange={(v) => set({ ticket: v })} hint="The change or request ticket, if any." />
      <TextField label="Expires after" value={d.expiry} onChange={(v) => set({ expiry: v })} required
        hint="How long the package stays valid: 30d, 12h, 2w." error={shown('expiry')} />
      <div className="field">
        <label htmlFor={opId}>Operator *</label>
        <select id={opId} value={d.operator} onChange={(e) => set({ operator: e.target.value })}>
          <option value="">— choose the operator —</option>
          {operators.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </div>
      <TextField label="Transfer id (optional)" value={d.transferId} onChange={(v) => set({ transferId: v })}
        hint="Leave blank and one is made up." error={shown('transferId')} />
      <TextField label="Seal number" value={d.seal} onChange={(v) => set({ seal: v })} required
        hint="Take the next tamper-evident bag from the numbered stock now and enter its number: it is signed into the manifest and printed on it, and checked when the bag is sealed and opened." error={shown('seal')} />
      <TextField label="Witness co-signatures required" value={d.requireWitnesses} onChange={(v) => set({ requireWitnesses: v })} required
        hint="0 unless your procedure (or the receiving side) requires witnesses to co-sign; the import side then refuses the package without them." error={shown('requireWitnesses')} />
    </form>
  );
}
