/** The Dialogs interface over Electron's native dialogs, parented to the calling window. */
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { DialogAnswer, Dialogs } from '../app/dialogs';

async function show(windowId: number, options: OpenDialogOptions): Promise<DialogAnswer> {
  const win = BrowserWindow.fromId(windowId);
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return { canceled: r.canceled, paths: r.canceled ? [] : r.filePaths };
}

export const electronDialogs: Dialogs = {
  openFiles: (id, o) => show(id, { title: o.title ?? 'Choose files', properties: ['openFile', 'multiSelections', 'dontAddToRecent'] }),
  openFolder: (id, o) => show(id, { title: o.title ?? 'Choose folders', properties: ['openDirectory', 'multiSelections', 'dontAddToRecent'] }),
  chooseTarget: (id, o) => show(id, { title: o.title ?? 'Choose the target folder on the transfer medium', properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] }),
  chooseFolder: (id, o) => show(id, { title: o.title ?? 'Choose a folder for this station', properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] }),
};
