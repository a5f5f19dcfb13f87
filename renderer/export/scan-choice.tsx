/**
 * Before packing: what the station's antivirus policy means for this pack. 'required': main scans
 * every source with ClamAV and the checklist's antivirus item is answered by the machine (shown
 * with the engine and signatures); 'optional': the operator chooses, and a chosen scan answers the
 * item the same way; 'off': the item is the person's to answer. A finding refuses the pack.
 */
import { useEffect, useMemo, useState } from 'react';
import { useApp, useAppStore } from '../store/store';
import { call } from '../api';
import { antivirusAnswers } from '../../shared/checklist-policy';
import { Notice } from '../components/notice';
import { useMachineAnswers } from './machine-answers';
import type { ScanStatusView } from '../../shared/ipc/views';

/** The antivirus note and choice above the before-packing checklist. */
export function ExportScanChoice() {
  const { api } = useAppStore();
  const template = useApp((s) => s.templates?.['export-pre']);
  const avScan = useApp((s) => s.avScan);
  const setAvScan = useApp((s) => s.setAvScan);
  const [status, setStatus] = useState<ScanStatusView | null>(null);
  useEffect(() => { void call(() => api.scanStatus()).then((r) => { if (r.ok) setStatus(r.value); }); }, [api]);
  // Under 'optional' the choice is always sent, so main does what the screen shows: ticked by
  // default when the scanner answers (main's own default), unticked when it cannot scan.
  useEffect(() => {
    if (status?.policy === 'optional' && avScan === null) setAvScan(!!status.engine);
  }, [status, avScan, setAvScan]);
  const scanning = !!status && (status.policy === 'required' || (status.policy === 'optional' && avScan === true));
  const engine = status?.engine;
  // The machine's answer while a scan is planned; the person's own once it is not (cleared, not kept).
  const machine = useMemo(() => (template && scanning && engine ? antivirusAnswers(template, 'clean', `${engine.engine} ${engine.engineVersion} (machine)`) : {}), [template, scanning, engine]);
  useMachineAnswers(template, 'antivirus', machine);
  if (!status || status.policy === 'off') return null;
  return (
    <div data-testid="export-scan-choice">
      {status.policy === 'optional' && (
        <div className="field">
          <label><input type="checkbox" checked={avScan === true} onChange={(e) => setAvScan(e.target.checked)} /> Scan every source file with ClamAV before signing (a finding refuses the pack)</label>
        </div>
      )}
      {scanning && engine && (
        <Notice tone="info" title={status.policy === 'required' ? 'This station requires an antivirus scan' : 'The sources will be scanned'}>
          <p>Sluice scans every source file with {engine.engine} {engine.engineVersion} (signatures: {engine.database}) while it packs; a finding refuses the pack, naming the file and the signature. The result is signed into the manifest, and the antivirus item below is answered by the machine.</p>
        </Notice>
      )}
      {scanning && !engine && (
        <Notice tone="error" title="The scanner cannot scan now"><p>{status.problem ?? 'No scanner is chosen.'} Packing is refused until it can (Settings → Antivirus).</p></Notice>
      )}
    </div>
  );
}
