/**
 * The antivirus scan on screen: the export side's scan as the signed manifest records it (export
 * summary, import review), and the import side's scan of the staged files (after verification,
 * before the officer's decision) with every finding by file and signature. Strings from a manifest
 * or from ClamAV are shown through displaySafe.
 */
import { displaySafe } from '../../shared/format/display-text';
import type { ScanRecord } from '../../shared/format/manifest';
import type { ScanResultView } from '../../shared/ipc/views';
import { Notice } from './notice';

/** One line for a manifest's scan record: clean with engine and signatures, not scanned, or not recorded. */
export function manifestScanLine(scan: ScanRecord | undefined): string {
  if (!scan) return 'not recorded (packed before scanning existed)';
  if (scan.verdict !== 'clean') return 'NOT SCANNED before packing';
  return displaySafe(`clean — ${scan.filesScanned} file(s) scanned by ${scan.engine} ${scan.engineVersion}; signatures: ${scan.database.description}`, { max: 800 });
}

/** The signed scan record as a fact row (inside a `dl.facts`). */
export function ManifestScanFact({ scan }: { scan: ScanRecord | undefined }) {
  return (
    <>
      <dt>Antivirus scan at packing</dt>
      <dd data-testid="manifest-scan" data-verdict={scan?.verdict ?? 'not-recorded'}>{manifestScanLine(scan)}</dd>
    </>
  );
}

/** The scan of the staged files: a clean notice with engine and signatures, or the findings. */
export function StagedScan({ scan }: { scan: ScanResultView }) {
  const facts = (
    <dl className="facts">
      <dt>Engine</dt><dd>{scan.engine} {scan.engineVersion}</dd>
      <dt>Signatures</dt><dd>{scan.database}</dd>
      <dt>Files scanned</dt><dd>{scan.filesScanned}</dd>
    </dl>
  );
  if (scan.verdict === 'clean') {
    return (
      <div data-testid="staged-scan" data-verdict="clean">
        <Notice tone="ok" title="Antivirus: CLEAN — no finding in the staged files">{facts}</Notice>
      </div>
    );
  }
  return (
    <div data-testid="staged-scan" data-verdict="found">
      <Notice tone="error" title={`Antivirus: FOUND — ${scan.findings.length} infected file(s). Approval is blocked; the only decision left is Reject.`}>
        <table aria-label="Antivirus findings">
          <thead><tr><th>File</th><th>Signature</th></tr></thead>
          <tbody>{scan.findings.map((f) => <tr key={f.path + f.signature}><td><code>{f.path}</code></td><td><code>{f.signature}</code></td></tr>)}</tbody>
        </table>
        {facts}
      </Notice>
    </div>
  );
}
