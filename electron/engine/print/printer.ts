/**
 * The printer the app's print handler talks to, injected so the handler table runs without
 * Electron: the app passes Electron's print window (electron/main/print-window.ts), tests and the
 * E2E bridge pass `chromiumPrinter()` — the same headless Chromium the CLI prints PDFs with.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paper } from '../../../shared/print/index';
import { htmlToPdf, type HtmlToPdfOptions } from './pdf';

/** Turns a document from shared/print into PDF bytes, or hands it to the system print dialog. */
export interface Printer {
  /** The PDF of `html` on `paper` (the document's own @page size wins where it sets one). */
  toPdf(html: string, paper: Paper): Promise<Buffer>;
  /** Shows the system print dialog on `paper` (the size the kept PDF uses too); `printed` false when the person cancelled or printing failed (`reason` says which). */
  printDialog(html: string, paper: Paper): Promise<{ printed: boolean; reason: string }>;
}

/** Why a headless printer cannot show a dialog: said to the person in plain words. */
export const NO_PRINT_DIALOG = 'The system print dialog is not available here. Save the document as PDF and print that file instead.';

/**
 * A Printer over a local headless Chromium (htmlToPdf). It has no print dialog: `printDialog`
 * resolves `{ printed: false }` with NO_PRINT_DIALOG as the reason.
 */
export function chromiumPrinter(options: HtmlToPdfOptions = {}): Printer {
  return {
    async toPdf(html) {
      // The page size comes from the document's @page rule (shared/print sets it from the paper).
      const work = await mkdtemp(join(tmpdir(), 'sluice-pdf-'));
      try {
        const out = join(work, 'document.pdf');
        await htmlToPdf(html, out, options);
        return await readFile(out);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    async printDialog() {
      return { printed: false, reason: NO_PRINT_DIALOG };
    },
  };
}
