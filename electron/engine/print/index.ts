/** Printed documents as files: PDF through a local Chromium, HTML as is, and where the app keeps them. */
export { findChromium, htmlToPdf, CHROMIUM_CANDIDATES, CHROMIUM_FLAGS, type HtmlToPdfOptions } from './pdf';
export { netnsMode, netnsPrefix, probeNetns, type NetnsMode } from './netns';
export { writeDocument, writeNew, isInside, type DocumentTargets } from './write';
export { documentFileName, savePrintedPdf, documentDataUrl, isPrintRequestAllowed, MAX_DATA_URL_CHARS, type DocumentKind, type SavePdfOptions } from './save';
export { chromiumPrinter, NO_PRINT_DIALOG, type Printer } from './printer';
export { findImportChecklist, importChecklistOf, recordedCosigners } from './paper-trail';
