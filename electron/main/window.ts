/**
 * Creates the app's window with the hardened options (security.ts), wires its navigation, window
 * opening and permission guards, registers its handler context, and loads app://sluice/.
 */
import { BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { APP_ENTRY_URL, mainWindowOptions, shouldAllowNavigation, windowOpenHandler } from './security';
import { attachWindow } from './ipc';

/** Opens the main window. `dev` enables devtools. */
export async function createMainWindow(options: { dev: boolean }): Promise<BrowserWindow> {
  const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
  const base = mainWindowOptions(preload);
  const win = new BrowserWindow({
    ...base,
    webPreferences: {
      ...base.webPreferences,
      devTools: options.dev,
      // The preload learns the channel list from main: one source of truth, the contract.
      additionalArguments: [`--sluice-channels=${INVOKE_CHANNELS.join(',')}`],
    },
  });
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!shouldAllowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!shouldAllowNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler);
  attachWindow(win.id, contents);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY_URL);
  return win;
}
