/** Printed documents as files: PDF through a local Chromium, HTML as is. */
export { findChromium, htmlToPdf, CHROMIUM_CANDIDATES, CHROMIUM_FLAGS, type HtmlToPdfOptions } from './pdf';
export { writeDocument, writeNew, isInside, type DocumentTargets } from './write';
