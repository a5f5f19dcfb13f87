/**
 * The preload: exposes `window.sluice` — one named function per invoke channel and one subscription
 * per event, derived from the contract — through contextBridge. Never ipcRenderer itself, never an
 * event object (it carries `sender`): listeners get the payload only, and subscribing returns an
 * unsubscribe function. Dropped files' paths are read here from the real drop event
 * (webUtils.getPathForFile) and sent to main, which grants them; the page cannot name a path.
 *
 * Sandboxed: bundled to CommonJS, may require only 'electron' — so it imports nothing that pulls in
 * a package (./names and ./request are plain code; the contract is imported for types only). The channel list
 * comes from main through `additionalArguments` (see window.ts), so it cannot drift.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api } from '../../shared/ipc/contract';
import { EVENT_CHANNEL_NAMES, apiEventName, apiMethodName } from '../../shared/ipc/names';
import { DROP_CHANNEL, normalizeRequest } from '../../shared/ipc/request';

const CHANNELS_ARG = '--sluice-channels=';

const channels = (process.argv.find((a) => a.startsWith(CHANNELS_ARG)) ?? CHANNELS_ARG)
  .slice(CHANNELS_ARG.length)
  .split(',')
  .filter((c) => /^[a-z]+:[A-Za-z]+$/.test(c));

const api: Record<string, unknown> = {};
for (const channel of channels) {
  // The same normalisation the E2E bridge applies (shared/ipc/request.ts).
  api[apiMethodName(channel)] = (request?: unknown) => ipcRenderer.invoke(channel, normalizeRequest(request));
}
for (const channel of EVENT_CHANNEL_NAMES) {
  api[apiEventName(channel)] = (listener: (payload: unknown) => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  };
}

contextBridge.exposeInMainWorld('sluice', Object.freeze(api) as unknown as Api);

// Drag and drop of sources: take the paths from the trusted drop event, hand them to main.
window.addEventListener('drop', (event) => {
  const files = event.dataTransfer?.files;
  if (!files || files.length === 0) return;
  const paths = Array.from(files, (f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
  ipcRenderer.send(DROP_CHANNEL, paths);
}, true);
