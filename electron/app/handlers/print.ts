/**
 * print:document — the app's printed paper. Main renders the document itself (shared/print) from
 * what it holds: the station's own `transfer.packed` ledger entry and the package it names (the
 * transfer manifest, after checking manifest.json still has the signed digest), or the import this
 * window decided (receipt) or rejected (rejection report). The renderer sends a reference only.
 * The PDF is kept in the records folder (never replacing an earlier copy), an export's manifest
 * also beside the package on the media, and `document.printed` records who printed what, with the
 * PDF's SHA-256 so a kept copy can be checked later.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ok, err, type Result } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import { FILE_NAMES } from '../../../shared/format/constants';
import { parseManifest } from '../../../shared/format/manifest';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest, type Paper } from '../../../shared/print/index';
import { appendEvent, readLedger } from '../../engine/ledger';
import { loadPublicKeyFile, fingerprint } from '../../engine/keys';
import { documentFileName, recordedCosigners, savePrintedPdf, type DocumentKind, type SavePdfOptions } from '../../engine/print/index';
import type { InvokeRequest, PrintedView } from '../../../shared/ipc/contract';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { checkStationFolders } from '../station-folders';
import { mediumSealed, sealedEntry } from './export-policy';

/** A document ready to print: its HTML, what it is about, and who it defaults to. */
interface PreparedDocument {
  html: string;
  kind: DocumentKind;
  /** The transfer id, or "unidentified" for a package whose signature did not vouch for one. */
  transferId: string;
  person: string;
  besidePackage?: SavePdfOptions['besidePackage'];
  /** Said to the person alongside the result (e.g. why no copy went beside the package). */
  notes: string[];
}

const TITLES: Record<DocumentKind, string> = { manifest: 'transfer manifest', receipt: 'import receipt', rejection: 'rejection report' };

/** The transfer manifest of a package this station packed, from its ledger entry and the package itself. */
async function prepareManifest(s: Settings, transferId: string, paper: Paper): Promise<Result<PreparedDocument>> {
  const entries = await readLedger(s.paths.ledgerFile);
  const packed = entries.findLast((e) => e.event === 'transfer.packed' && e.transferId === transferId);
  if (!packed) return err({ code: 'not-packed-here', message: `This station's ledger records no packing of transfer ${transferId}, so there is no manifest to print here.` });
  const d = packed.data as { packageDir?: unknown; manifestSha256?: unknown; keyId?: unknown };
  if (typeof d.packageDir !== 'string' || typeof d.manifestSha256 !== 'string') {
    return err({ code: 'package-unknown', message: `The ledger entry ${packed.seq} does not say where transfer ${transferId} was written; print its manifest with \`sluice manifest\`.` });
  }
  const packageDir = d.packageDir;
  const bytes = await readFile(join(packageDir, FILE_NAMES.manifest)).catch(() => null);
  if (!bytes) return err({ code: 'package-gone', message: `The package ${packageDir} is no longer there (was the medium removed?). Insert the medium and try again; copies printed earlier are in the Records screen.` });
  if (createHash('sha256').update(bytes).digest('hex') !== d.manifestSha256) {
    return err({ code: 'package-changed', message: `${join(packageDir, FILE_NAMES.manifest)} is not the manifest this station signed (its SHA-256 differs from ledger entry ${packed.seq}). Do not hand this medium over; pack the transfer again.` });
  }
  const parsed = parseManifest(bytes.toString('utf8'));
  if (!parsed.ok) return err({ code: 'package-changed', message: `The manifest of ${packageDir} does not parse: ${parsed.problems[0] ?? 'unknown problem'}.` });
  const signer = await ownSigner(s.paths.keysDir, typeof d.keyId === 'string' ? d.keyId : '');
  // Witnesses who co-signed here before printing are named on the manifest (paper-trail.ts).
  const cosigners = recordedCosigners(entries, transferId, d.manifestSha256, await readdir(packageDir).catch(() => [] as string[]));
  const notes: string[] = [];
  const outDir = dirname(packageDir);
  const beside = join(outDir, documentFileName(transferId, 'manifest'));
  const besideExists = await lstat(beside).then(() => true, () => false);
  if (besideExists) notes.push(`${beside} already exists, so no new copy was put beside the package.`);
  return ok({
    html: renderTransferManifest({ manifest: parsed.manifest, manifestSha256: d.manifestSha256, signer, paper, cosigners }),
    kind: 'manifest', transferId, person: packed.actor, notes,
    ...(besideExists ? {} : { besidePackage: { outDir, packageDir } }),
  });
}

/** The signing key as this station names it (its keys folder), by key id. */
async function ownSigner(keysDir: string, keyId: string): Promise<{ label: string; keyId: string; fingerprint: string }> {
  const names = await readdir(keysDir).catch(() => [] as string[]);
  for (const n of names.filter((x) => x.endsWith('.pub')).sort()) {
    const pk = await loadPublicKeyFile(join(keysDir, n)).catch(() => null);
    if (pk && pk.keyId === keyId) return { label: n.slice(0, -4), keyId, fingerprint: fingerprint(pk) };
  }
  return { label: `key ${keyId} (not in this station's keys folder)`, keyId, fingerprint: 'unknown' };
}

async function prepare(env: HandlerEnv, s: Settings, req: InvokeRequest<'print:document'>, windowId: number): Promise<Result<PreparedDocument>> {
  if (req.kind === 'manifest') {
    // Nothing is written onto a medium after the after-packing checklist says it was sealed.
    const sealed = await sealedEntry(s.paths.ledgerFile, req.transferId);
    if (sealed && req.medium === true) return mediumSealed(sealed, 'the manifest PDF');
    const m = await prepareManifest(s, req.transferId, req.paper);
    if (!m.ok || (!sealed && req.medium !== false)) return m;
    const { besidePackage: _onMedium, ...recordsOnly } = m.value;
    return ok({ ...recordsOnly, notes: sealed ? ['The medium is sealed, so no copy was written onto it.'] : [] });
  }
  if (req.kind === 'receipt') {
    const r = env.printSources.receipt(req.stagingId, windowId);
    if (!r) return err({ code: 'unknown-receipt', message: 'This window has no committed import by that reference. Receipts are printed from the import that was just decided; earlier ones are in the Records screen.' });
    return ok({ html: renderImportReceipt({ report: r.report, decision: r.decision, ledger: r.ledger, station: r.station, paper: req.paper, ...(r.checklist ? { checklist: r.checklist } : {}), ...(r.scan ? { scan: r.scan } : {}) }), kind: 'receipt', transferId: r.transferId, person: r.decision.officer, notes: [] });
  }
  const ref = req.stagingId ?? req.jobId!;
  const r = env.printSources.rejection(ref, windowId);
  if (!r) return err({ code: 'unknown-rejection', message: 'This window has no rejected import by that reference. Rejection reports are printed right after the rejection.' });
  return ok({
    html: renderRejectionReport({ report: r.report, station: r.station, paper: req.paper, ...(r.officer ? { officer: r.officer } : {}), ...(r.reason !== undefined ? { reason: r.reason } : {}), ...(r.checklist ? { checklist: r.checklist } : {}), ...(r.scan ? { scan: r.scan } : {}) }),
    kind: 'rejection', transferId: r.transferId ?? 'unidentified', person: r.officer ?? 'system', notes: [],
  });
}

/**
 * The records folder (and the ledger's), created at set-up. Missing later means the data volume is
 * probably not mounted: creating it would put records on the wrong disk, so it is named, never
 * re-created (station-folders.ts).
 */
async function recordsFolder(s: Settings, env: HandlerEnv): Promise<Result<string>> {
  await checkStationFolders(s, ['recordsDir', 'ledgerDir'], env.statFolder);
  return ok(s.paths.recordsDir);
}

export function printHandlers(env: HandlerEnv): Pick<HandlerTable, 'print:document'> {
  return {
    'print:document': async (req, ctx) => {
      const s = await env.requireSettings();
      if (!env.printer) return err({ code: 'no-printer', message: 'Printing is not available in this build. Note the transfer id and digest by hand.' });
      const prepared = await prepare(env, s, req, ctx.windowId);
      if (!prepared.ok) return prepared;
      const doc = prepared.value;
      const records = await recordsFolder(s, env);
      if (!records.ok) return records;
      const title = TITLES[doc.kind];
      if (req.action === 'dialog') {
        const printed = await env.printer.printDialog(doc.html, req.paper);
        if (!printed.printed) {
          return ok<PrintedView>({ savedTo: [], printed: false, message: `The ${title} was not printed${printed.reason ? `: ${printed.reason}` : '.'}`, ledgerSeq: null });
        }
      }
      // Every printed document is kept as PDF too: the records folder holds what went out on paper.
      const pdf = await env.printer.toPdf(doc.html, req.paper);
      const savedTo = await savePrintedPdf(pdf, { recordsDir: records.value, transferId: doc.transferId, kind: doc.kind, ...(doc.besidePackage ? { besidePackage: doc.besidePackage } : {}) });
      const actor = req.actor ?? doc.person;
      const line = await appendEvent(s.paths.ledgerFile, {
        event: 'document.printed', station: s.networkId, actor,
        ...(doc.transferId !== 'unidentified' ? { transferId: doc.transferId } : {}),
        data: { document: doc.kind, copies: 1, action: req.action, paper: req.paper, files: savedTo, sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length },
      });
      const how = req.action === 'dialog' ? `Printed the ${title}; a PDF copy is kept at` : `Saved the ${title} as PDF:`;
      return ok<PrintedView>({ savedTo, printed: true, message: [`${how} ${savedTo.join(' and ')}.`, ...doc.notes].join(' '), ledgerSeq: line.seq });
    },
  };
}
