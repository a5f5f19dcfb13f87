/**
 * Printing in the app: a hidden, locked-down BrowserWindow that loads ONLY one document from
 * shared/print and turns it into a PDF (`printToPDF`) or hands it to the system print dialog
 * (`print`). Kept thin on purpose — it cannot be launched in the test environment (no Electron
 * binary) — so the decisions live in testable code: the HTML in shared/print, file names, saving
 * and the request filter in electron/engine/print/save.ts.
 *
 * Why a data: URL in a private in-memory session rather than a temp file through app://:
 * - a data: document has an opaque origin: it can read nothing of app:// or file://, and the
 *   app:// handler (which serves the renderer with the preload-bearing CSP) is not widened;
 * - JavaScript is off in this window (`javascript: false`) and the document's own CSP says
 *   script-src 'none'; there is no preload, so there is no IPC surface at all;
 * - its session is a non-persistent partition whose only allowed request is that exact URL.
 * Documents longer than Chromium's 2 MiB URL limit (tens of thousands of files) are written to a
 * private temporary directory (0700) and loaded as that one file:// URL under the same rules.
 */
import { BrowserWindow, session, type Session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Paper } from '../../shared/print/index';
import { documentDataUrl, savePrintedPdf, type Printer, type SavePdfOptions } from '../engine/print/index';
import { isPrintSessionRequestAllowed, mainWindowOptions, permissionCheckHandler, permissionHandler, windowOpenHandler } from './security';
import { printDialogOptions, printToPdfOptions } from './print-options';

const PARTITION = 'sluice-print'; // no "persist:" prefix: in memory only
/** URLs the print session may load right now (one per open print window). */
const allowed = new Set<string>();
let printSession: Session | null = null;

function hardenedSession(): Session {
  if (printSession) return printSession;
  const s = session.fromPartition(PARTITION, { cache: false });
  // Replaces the every-session filter main.ts set on 'session-created' (one listener per event):
  // only the exact document being printed loads (docs/SECURITY.md, "Network egress").
  s.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isPrintSessionRequestAllowed(details.url, allowed) });
  });
  s.setPermissionRequestHandler(permissionHandler);
  s.setPermissionCheckHandler(permissionCheckHandler);
  s.setSpellCheckerEnabled(false);
  printSession = s;
  return s;
}

/** Opens a hidden window on `html`, runs `fn`, and always closes the window and removes any temp file. */
async function withDocument<T>(html: string, fn: (win: BrowserWindow) => Promise<T>): Promise<T> {
  let url = documentDataUrl(html);
  let tempDir: string | null = null;
  if (url === null) {
    tempDir = await mkdtemp(join(tmpdir(), 'sluice-print-')); // mkdtemp makes it 0700
    const file = join(tempDir, 'document.html');
    await writeFile(file, html, { mode: 0o600 });
    url = pathToFileURL(file).href;
  }
  // Same hardening as the main window (security.ts), minus the preload, plus no JavaScript at all.
  const { preload: _preload, ...webPreferences } = mainWindowOptions('').webPreferences;
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { ...webPreferences, devTools: false, javascript: false, session: hardenedSession() },
  });
  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler);
  allowed.add(url);
  try {
    await win.loadURL(url);
    return await fn(win);
  } finally {
    allowed.delete(url);
    if (!win.isDestroyed()) win.destroy();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Renders `html` (a document from shared/print) to PDF bytes on `paper`, honouring its @page size. */
export function renderPdf(html: string, paper: Paper): Promise<Buffer> {
  return withDocument(html, (win) => win.webContents.printToPDF(printToPdfOptions(paper)));
}

/** Opens the system print dialog for `html` on `paper`; resolves false when the person cancelled or printing failed. */
export function printWithDialog(html: string, paper: Paper): Promise<{ printed: boolean; reason: string }> {
  return withDocument(
    html,
    (win) =>
      new Promise((resolve) => {
        win.webContents.print(printDialogOptions(paper), (printed, reason) => resolve({ printed, reason }));
      }),
  );
}

/**
 * Renders `html` to PDF and saves it: into the station's records folder, and for an export's
 * manifest beside the package on the media (`<outDir>/<transferId>.manifest.pdf`). Returns the
 * paths written.
 */
export async function printToRecords(html: string, paper: Paper, save: SavePdfOptions): Promise<string[]> {
  const pdf = await renderPdf(html, paper);
  return savePrintedPdf(pdf, save);
}

/** The app's Printer for the handler table (print:document): this print window. */
export const electronPrinter: Printer = { toPdf: renderPdf, printDialog: printWithDialog };
