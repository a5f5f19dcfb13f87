/**
 * The sender check in front of every IPC message, Electron-free so the E2E bridge runs exactly
 * this code: electron/main/ipc.ts builds `SenderFacts` from Electron's event (the frame's URL,
 * whether it is the main frame, the context of the window it came from), the bridge builds them
 * from its HTTP request with a fixed window id. Then `guardedInvoke` validates and runs.
 */
import type { InvokeChannel, InvokeResult } from '../../shared/ipc/contract';
import type { WindowContext } from './context';
import { guardedInvoke, senderProblem, type ChannelHandler } from './ipc-guard';

/** Who sent a message, as main sees it. */
export interface SenderFacts {
  /** The sending frame's URL. */
  url: string | null | undefined;
  isMainFrame: boolean;
  /** The context of the window the message came from; undefined when it is not one of ours. */
  ctx: WindowContext | undefined;
}

/** The sender's context, or why it is refused. */
export function trustedSender(sender: SenderFacts): { ctx: WindowContext } | { problem: string } {
  const problem = senderProblem({ url: sender.url, isMainFrame: sender.isMainFrame, isOurWindow: !!sender.ctx });
  return problem || !sender.ctx ? { problem: problem ?? 'unknown window' } : { ctx: sender.ctx };
}

/** One invocation: refused with 'forbidden-sender' unless the sender checks out, else `guardedInvoke`. Never throws. */
export async function invokeFromSender<C extends InvokeChannel>(channel: C, handler: ChannelHandler<C>, raw: unknown, sender: SenderFacts): Promise<InvokeResult<C>> {
  const who = trustedSender(sender);
  if ('problem' in who) return { ok: false, error: { code: 'forbidden-sender', message: `refused: ${who.problem}` } };
  return guardedInvoke(channel, handler, raw, who.ctx);
}

/**
 * The preload's drop message: the paths of the files just dropped, recorded for `dialog:dropped`
 * (which grants them). Ignored unless the sender checks out and the message is an array; only
 * strings are kept. Returns whether it was recorded.
 */
export function acceptDropped(sender: SenderFacts, paths: unknown): boolean {
  const who = trustedSender(sender);
  if ('problem' in who || !Array.isArray(paths)) return false;
  who.ctx.recordDropped(paths.filter((p): p is string => typeof p === 'string'));
  return true;
}
