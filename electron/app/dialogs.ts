/**
 * Native dialogs as an interface, so the handlers run without Electron: the app implements it with
 * Electron's dialog module (electron/main/electron-dialogs.ts); tests and the E2E bridge use
 * `scriptedDialogs`, which answers from a queue.
 */

/** What a file or folder dialog returned: chosen absolute paths, or cancelled. */
export interface DialogAnswer {
  canceled: boolean;
  paths: string[];
}

export interface Dialogs {
  /** Choose one or more files to pack (or a .pub key to trust). */
  openFiles(windowId: number, options: { title?: string }): Promise<DialogAnswer>;
  /** Choose one or more folders (sources, or a package folder). */
  openFolder(windowId: number, options: { title?: string }): Promise<DialogAnswer>;
  /** Choose the one folder a package is written into (the removable medium). */
  chooseTarget(windowId: number, options: { title?: string }): Promise<DialogAnswer>;
  /** Choose one of the station's own folders (settings: keys, quarantine, …); may create a folder. */
  chooseFolder(windowId: number, options: { title?: string }): Promise<DialogAnswer>;
}

/** A dialog implementation that returns queued answers in order (cancelled when the queue is empty). */
export function scriptedDialogs(queue: DialogAnswer[] = []): Dialogs & { push(answer: DialogAnswer): void } {
  const next = async (): Promise<DialogAnswer> => queue.shift() ?? { canceled: true, paths: [] };
  return {
    push: (answer) => void queue.push(answer),
    openFiles: next,
    openFolder: next,
    chooseTarget: next,
    chooseFolder: next,
  };
}
