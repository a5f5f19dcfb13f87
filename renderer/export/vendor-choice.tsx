/**
 * Before packing: the vendor checksum files among the chosen sources (from `sources:scan`). When
 * there are some and Sluice can check every one, the checklist's vendor-checksums item is
 * answered by the machine — every listed file is checked while packing and a mismatch refuses the
 * pack — and this says so; when one cannot be checked (SHA-512 only, a line not understood), the
 * person answers. Main decides the same again at job:start from the sources themselves.
 */
import { useMemo } from 'react';
import { useApp } from '../store/store';
import { vendorChecksumAnswers } from '../../shared/checklist-vendor';
import { Notice } from '../components/notice';
import { useMachineAnswers } from './machine-answers';

/** The vendor checksum note above the before-packing checklist, or nothing when there are none. */
export function ExportVendorChoice() {
  const template = useApp((s) => s.templates?.['export-pre']);
  const probe = useApp((s) => s.scan?.vendorChecksums);
  const found = probe?.found ?? 0;
  const checkable = probe?.checkable ?? 0;
  // The machine's answer while the sources carry checksum files it checks; the person's otherwise.
  const machine = useMemo(() => (template ? vendorChecksumAnswers(template, { found, checkable }) : {}), [template, found, checkable]);
  useMachineAnswers(template, 'vendor-checksums', machine);
  if (found === 0) return null;
  return (
    <div data-testid="export-vendor-choice">
      {checkable === found ? (
        <Notice tone="info" title="Vendor checksums will be checked">
          <p>The sources carry {found} vendor checksum file{found === 1 ? '' : 's'} (SHA256SUMS, CHECKSUMS.txt, .sha256). Sluice checks every file they list while it packs; a file that does not match refuses the pack. The vendor checksums item below is answered by the machine. A vendor signature beside them (.asc, .sig, .minisig) is not checked by Sluice.</p>
        </Notice>
      ) : (
        <Notice tone="warn" title="Some vendor checksums cannot be checked">
          <p>{found - checkable} of the {found} vendor checksum files in the sources cannot be checked by Sluice (another algorithm than SHA-256, or lines it does not understand); they are recorded as not checked. Check them yourself and answer the vendor checksums item below.</p>
        </Notice>
      )}
    </div>
  );
}
