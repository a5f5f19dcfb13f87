/**
 * The printed transfer manifest (export side): what the operator prints, signs and hands over with
 * the media, and what the receiving officer compares the package against.
 */
import type { Manifest } from '../format/manifest';
import type { CosignerResult } from '../format/report';
import { formatBytes } from '../units';
import { renderDocument } from './document';
import type { Paper } from './layout';
import type { Flow } from './paginate';
import { detailsTable, digestBlock, mono, prose, signatureBlock, titleBlock, type SignerInfo } from './sections';
import { attachmentTable, checklistTable, fileTable, volumeTable, type MediaInfo } from './tables';
import { cosignRequirementText, manifestCosignersTable, sealText } from './trail';
import { vendorChecksumTable } from './vendor-checksums';
import { contentTable } from './content-details';
import { manifestScanText } from './scan';

/** What `renderTransferManifest` prints. */
export interface TransferManifestInput {
  /** The manifest, as verified (its signature checked over manifestSha256's bytes). */
  manifest: Manifest;
  /** SHA-256 (lowercase hex) of manifest.json's bytes: the digest the signature covers. */
  manifestSha256: string;
  signer: { label: string; keyId: string; fingerprint: string };
  paper?: Paper;
  media?: MediaInfo;
  /**
   * Witness co-signatures already added when the manifest is printed (key id, label, fingerprint);
   * without them the manifest leaves rows to note the co-signers by hand.
   */
  cosigners?: readonly CosignerResult[];
}

/** The transfer's identifying fields, shared by the manifest and the receipt. */
export function transferDetails(m: Manifest) {
  // The seal and the co-signature requirement are signed fields: printed wherever the manifest is.
  return detailsTable('Transfer', [
    ['Transfer id', mono(m.transferId)],
    ['Sequence', mono(String(m.sequence))],
    ['Created (UTC)', mono(m.created)],
    ['Expires (UTC)', mono(m.expires)],
    ['Source → destination', mono(`${m.source} → ${m.destination}`)],
    ['Classification', prose(m.classification)],
    ['Operator', prose(m.operator)],
    ['Purpose', prose(m.purpose)],
    ['Ticket', prose(m.ticket)],
    ['Seal number', mono(sealText(m))],
    ['Co-signatures', prose(cosignRequirementText(m))],
    ['Antivirus scan at packing', prose(manifestScanText(m))],
  ]);
}

/** A self-contained HTML document (print CSS inline, explicit pages) of the transfer manifest. */
export function renderTransferManifest(input: TransferManifestInput): string {
  const m = input.manifest;
  const flow: Flow[] = [
    titleBlock('Transfer manifest', `Sluice transfer package ${m.format}. Compare this sheet with the package before import; every path and digest is printed in full.`),
    transferDetails(m),
    digestBlock(input.signer, input.manifestSha256),
    detailsTable('Totals', [
      ['Files', mono(String(m.totals.files))],
      ['Directories', mono(String(m.totals.directories))],
      ['File bytes', mono(`${m.totals.bytes} (${formatBytes(m.totals.bytes)})`)],
      ['Payload bytes', mono(`${m.payload.size} (${formatBytes(m.payload.size)})`)],
      ['Payload SHA-256', mono(m.payload.sha256)],
    ]),
    volumeTable(m.payload.volumes, input.media),
    fileTable(m.entries),
  ];
  const inside = contentTable(m);
  if (inside) flow.push(inside);
  const vendor = vendorChecksumTable(m);
  if (vendor) flow.push(vendor);
  if (m.attachments.length > 0) flow.push(attachmentTable(m.attachments));
  flow.push(checklistTable(m.checklist), manifestCosignersTable(m, input.cosigners), signatureBlock(['Operator', 'Witness', 'Receiving officer']));
  return renderDocument({
    title: 'Transfer manifest',
    banner: m.classification,
    reference: `${m.transferId} · seq ${m.sequence} · ${m.source} → ${m.destination}`,
    footer: `manifest SHA-256 ${input.manifestSha256.slice(0, 16)}…`,
    paper: input.paper ?? 'A4',
    flow,
  });
}
