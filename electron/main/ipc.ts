/**
 * ONE generic registration for every channel of the handler table over ipcMain.handle: the sender
 * must be the main frame of a window we created, on app://sluice/; the argument is validated with
 * the contract's schema; the answer is always a Result (guardedInvoke). Also the one `send` of
 * main → renderer events, and the drop channel the preload uses to pass dropped files' paths.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_CHANNELS, type EventChannel, type EventPayloads } from '../../shared/ipc/contract';
import { guardedInvoke, senderProblem, type HandlerTable } from '../app/ipc-guard';
import { createContext, type WindowContext } from '../app/context';

/** The channel the preload sends dropped files' paths on (not part of the page's API). */
export const DROP_CHANNEL = 'preload:dropped';

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

function trustedContext(event: { sender: WebContents; senderFrame: { url: string; parent: unknown } | null }): { ctx: WindowContext } | { problem: string } {
  const ctx = contexts.get(event.sender.id);
  const frame = event.senderFrame;
  const problem = senderProblem({ url: frame?.url, isMainFrame: !!frame && frame.parent === null, isOurWindow: !!ctx });
  return problem || !ctx ? { problem: problem ?? 'unknown window' } : { ctx };
}

/** Registers every channel of `table`. */
export function registerHandlers(table: HandlerTable): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown) => {
      const who = trustedContext(event);
      if ('problem' in who) return { ok: false, error: { code: 'forbidden-sender', message: `refused: ${who.problem}` } };
      return guardedInvoke(channel, table[channel] as never, raw, who.ctx);
    });
  }
  ipcMain.on(DROP_CHANNEL, (event, paths: unknown) => {
    const who = trustedContext(event);
    if ('problem' in who || !Array.isArray(paths)) return;
    who.ctx.recordDropped(paths.filter((p): p is string => typeof p === 'string'));
  });
}
