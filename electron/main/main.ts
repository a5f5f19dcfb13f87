/**
 * Electron's main process: single instance; the `app:` scheme registered as privileged before
 * ready and served from dist/renderer/ (traversal-safe, correct MIME, CSP on every response); every
 * session cancels any request that is not the app's own and denies every permission; no
 * autoUpdater, no crash upload. Then the handler table is registered and the window opened.
 */
import { app, BrowserWindow, protocol, session, shell, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHandlers } from '../app/handlers';
import { beforeQuitHandler, prepareQuit } from '../app/quit';
import { createSettingsStore } from '../app/settings-store';
import { sweepOutbox } from '../app/outbox';
import { discardImport, type StagedImport } from '../engine/import/import';
import { JobRunner } from '../jobs/job-runner';
import { electronDialogs } from './electron-dialogs';
import { registerHandlers } from './ipc';
import { utilityProcessTransport } from './utility-transport';
import { createMainWindow } from './window';
import { electronPrinter } from './print-window';
import { APP_SCHEME, appSchemePrivileges, applyNetworkSwitches, isAllowedRequest, permissionCheckHandler, permissionHandler, resolveAppFile, responseHeaders } from './security';

const dev = !app.isPackaged && process.env.SLUICE_DEV === '1';
const distDir = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(distDir, 'renderer');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  // Before ready: the network service resolves no name and uses no proxy (docs/SECURITY.md).
  applyNetworkSwitches(app.commandLine);
  // No crash reports leave this machine (crashReporter is never started), no spellchecker downloads.
  app.on('session-created', hardenSession);
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('second-instance', () => {
    // Focus the existing window instead of starting a second station on the same files.
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

/** Network off and permissions denied on a session (called for every session, including the default). */
function hardenSession(s: Session): void {
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, { dev }) }));
  s.setPermissionRequestHandler(permissionHandler);
  s.setPermissionCheckHandler(permissionCheckHandler);
  s.setSpellCheckerEnabled(false);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    try {
      return new Response(await readFile(file), { status: 200, headers: responseHeaders(file) });
    } catch {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
  });
  const userDataDir = app.getPath('userData');
  // Before any handler runs: a signed package an earlier (crashed) session left in the outbox is
  // kept for that session only (electron/app/outbox.ts); one line each on stderr, and shown in the
  // window (station:notices).
  const startupNotices = await sweepOutbox(userDataDir);
  for (const line of startupNotices) console.error(`sluice: ${line}`);
  const jobs = new JobRunner({ transport: utilityProcessTransport() });
  const handlers = createHandlers({
    settings: createSettingsStore(userDataDir), dialogs: electronDialogs, jobs, clock: () => new Date(),
    userDataDir, checklistsDir: join(app.getAppPath(), 'resources', 'checklists'),
    // Kept documents open in the system PDF viewer; records:open only passes a PDF Sluice printed
    // and the ledger vouches for (see electron/app/handlers/records.ts for why not an app window).
    printer: electronPrinter, openDocument: (path) => shell.openPath(path), startupNotices,
  });
  registerHandlers(handlers);
  // Quit only after every job has cleaned up and ended and every undecided staged import is gone:
  // nothing half-written or half-imported stays on the volume (electron/app/quit.ts).
  app.on('before-quit', beforeQuitHandler(() => prepareQuit({
    jobs,
    staged: () => handlers.staging.all(),
    discard: (staged) => discardImport(staged.engine as StagedImport),
  }), () => app.quit()));
  await createMainWindow({ dev });
}
