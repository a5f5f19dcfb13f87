/**
 * The options print-window.ts hands to Electron's webContents.print and printToPDF, as pure
 * functions so a test can check them without launching Electron (this file imports Electron's
 * types only). Both take the paper the person chose: the system print dialog opens on that size
 * and the PDF kept in the records folder is laid out on it, so paper and record agree.
 */
import type { PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import type { Paper } from '../../shared/print/index';

/** Paper sizes Electron 41 accepts by name for both print() and printToPDF() (`pageSize`). */
const PAGE_SIZE: Record<Paper, 'A4' | 'Letter'> = { A4: 'A4', Letter: 'Letter' };

/** Options for the system print dialog (`webContents.print`): never silent, on the chosen paper, no margins of its own (the document sets them). */
export function printDialogOptions(paper: Paper): WebContentsPrintOptions {
  return { silent: false, printBackground: true, pageSize: PAGE_SIZE[paper], margins: { marginType: 'none' } };
}

/** Options for the kept PDF (`webContents.printToPDF`): the chosen paper, the document's own @page size winning where it sets one. */
export function printToPdfOptions(paper: Paper): PrintToPDFOptions {
  return {
    pageSize: PAGE_SIZE[paper], printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
  };
}
