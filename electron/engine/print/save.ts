/**
 * Where the app keeps printed documents, as plain Node so it is testable without Electron
 * (electron/main/print-window.ts is the thin Electron side): a copy in the station's records
 * folder, and for a transfer manifest a copy next to the package on the export media — beside the
 * package directory, never inside it (a package may hold only the files the format allows).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { SluiceError } from '../errors';
import { isInside, writeNew } from './write';

/** The kinds of printed document. */
export type DocumentKind = 'manifest' | 'receipt' | 'rejection';

/** `<transferId>.<kind>.pdf`, refusing an id that is not a transfer id (so it cannot name another directory). */
export function documentFileName(transferId: string, kind: DocumentKind, copy = 1): string {
  if (!TRANSFER_ID_PATTERN.test(transferId)) throw new SluiceError('bad-transfer-id', `"${transferId}" is not a transfer id; cannot name a document after it.`);
  return copy === 1 ? `${transferId}.${kind}.pdf` : `${transferId}.${kind}-${copy}.pdf`;
}

/** Where to save one printed PDF. */
export interface SavePdfOptions {
  /** The station's records folder: every printed document is kept here. */
  recordsDir: string;
  /** The transfer the document is about (rejections of unidentified packages: use "unidentified"). */
  transferId: string;
  kind: DocumentKind;
  /** On export: also write `<outDir>/<transferId>.manifest.pdf` beside the package directory. */
  besidePackage?: { outDir: string; packageDir: string };
}

/**
 * Saves `pdf`: into the records folder under the next free name (`<id>.<kind>.pdf`, then `-2`,
 * `-3`, … — a reprint never replaces an earlier record), and beside the package when asked, where
 * an existing file is refused ('output-exists'). Returns the paths written, records copy first.
 */
export async function savePrintedPdf(pdf: Uint8Array, o: SavePdfOptions): Promise<string[]> {
  const written: string[] = [];
  let besidePath: string | null = null;
  if (o.besidePackage) {
    besidePath = join(o.besidePackage.outDir, documentFileName(o.transferId, o.kind));
    if (isInside(besidePath, o.besidePackage.packageDir)) {
      throw new SluiceError('output-in-package', `${besidePath} would be inside the package ${o.besidePackage.packageDir}; documents go beside it.`);
    }
    if (await exists(besidePath)) throw new SluiceError('output-exists', `${besidePath} already exists; remove it or print to another folder.`);
  }
  for (let copy = 1; ; copy++) {
    const path = join(o.recordsDir, documentFileName(o.transferId, o.kind, copy));
    try {
      await writeNew(path, pdf);
      written.push(path);
      break;
    } catch (e) {
      if (!(e instanceof SluiceError && e.code === 'output-exists') || copy >= 999) throw e;
    }
  }
  if (besidePath) {
    await writeNew(besidePath, pdf);
    written.push(besidePath);
  }
  return written;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

/** Largest document loaded as a data: URL; Chromium refuses URLs over 2 MiB, so bigger ones go through a temp file. */
export const MAX_DATA_URL_CHARS = 2 * 1024 * 1024 - 1024;

/** The data: URL of a document, or null when it is too long for one. */
export function documentDataUrl(html: string): string | null {
  const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
  return url.length <= MAX_DATA_URL_CHARS ? url : null;
}

/** The print window's request filter: only the one document URL it loaded; nothing else, ever. */
export function isPrintRequestAllowed(url: string, documentUrl: string): boolean {
  return url === documentUrl;
}
