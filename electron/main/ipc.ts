/**
 * ONE generic registration for every channel of the handler table over ipcMain.handle: the sender
 * must be the main frame of a window we created, on app://sluice/; the argument is validated with
 * the contract's schema; the answer is always a Result (guardedInvoke). Also the one `send` of
 * main → renderer events, and the drop channel the preload uses to pass dropped files' paths.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_CHANNELS, type EventChannel, type EventPayloads } from '../../shared/ipc/contract';
import { DROP_CHANNEL } from '../../shared/ipc/request';
import type { HandlerTable } from '../app/ipc-guard';
import { acceptDropped, invokeFromSender, type SenderFacts } from '../app/ipc-dispatch';
import { createContext, type WindowContext } from '../app/context';

export { DROP_CHANNEL };

/** Windows we created, by webContents id, with their handler contexts. */
const contexts = new Map<number, WindowContext>();

/** Creates the handler context of a new window (call right after creating it). */
export function attachWindow(windowId: number, contents: WebContents): WindowContext {
  const ctx = createContext(windowId, <E extends EventChannel>(event: E, payload: EventPayloads[E]) => {
    if (!contents.isDestroyed()) contents.send(event, payload);
  });
  contexts.set(contents.id, ctx);
  contents.once('destroyed', () => contexts.delete(contents.id));
  return ctx;
}

/** What Electron says about a message's sender (never what the page says). */
function senderFacts(event: IpcMainInvokeEvent | IpcMainEvent): SenderFacts {
  const frame = event.senderFrame;
  return { url: frame?.url, isMainFrame: !!frame && frame.parent === null, ctx: contexts.get(event.sender.id) };
}

/** Registers every channel of `table`. */
export function registerHandlers(table: HandlerTable): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, raw: unknown) => invokeFromSender(channel, table[channel] as never, raw, senderFacts(event)));
  }
  ipcMain.on(DROP_CHANNEL, (event, paths: unknown) => void acceptDropped(senderFacts(event), paths));
}
