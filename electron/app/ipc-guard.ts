/**
 * The Electron-free half of IPC handling, so it can be unit-tested: is the sender our own page,
 * are the arguments what the contract says, and does every outcome come back as a Result (a thrown
 * error becomes `{ ok:false, error:{ code:'internal' } }`; a SluiceError keeps its code).
 * electron/main/ipc.ts wraps ipcMain.handle around `guardedInvoke`.
 */
import { requestSchemas, type InvokeChannel, type InvokeRequest, type InvokeResult } from '../../shared/ipc/contract';
import type { AppError, Result } from '../../shared/result';
import { displaySafe } from '../../shared/format/display-text';
import { SluiceError } from '../engine/errors';
import type { HandlerContext } from './context';

/** The origin the renderer is served from (the privileged `app:` scheme). */
export const APP_ORIGIN = 'app://sluice';

/** True when a frame URL is a page of our own app (app://sluice/…), nothing else. */
export function isAppSenderUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'sluice' && url.startsWith(`${APP_ORIGIN}/`) && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** One channel's handler: already-validated request in, Result out. */
export type ChannelHandler<C extends InvokeChannel> = (request: InvokeRequest<C>, ctx: HandlerContext) => Promise<InvokeResult<C>>;

/** A handler for every channel of the contract. */
export type HandlerTable = { [C in InvokeChannel]: ChannelHandler<C> };

/** Checks a raw IPC argument against the channel's schema. */
export function validateRequest<C extends InvokeChannel>(channel: C, raw: unknown): Result<InvokeRequest<C>> {
  const schema = requestSchemas[channel];
  if (!schema) return { ok: false, error: { code: 'unknown-channel', message: `no IPC channel "${String(channel)}"` } };
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as InvokeRequest<C> };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`);
  return { ok: false, error: { code: 'bad-request', message: `${channel}: ${issues.join('; ')}` } };
}

/** Turns anything thrown into an AppError (a SluiceError keeps its code and details). */
export function toAppError(e: unknown): AppError {
  if (e instanceof SluiceError) {
    const details = e.details.length ? `\n${e.details.map((d) => `${displaySafe(d.path, { max: 1000 })}: ${displaySafe(d.reason, { max: 1000 })}`).join('\n')}` : '';
    return { code: e.code, message: e.message + details };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Validates, runs and wraps one invocation. Never throws and never returns anything but a Result.
 * The sender check happens before this (it needs Electron's frame object) — see `senderProblem`.
 */
export async function guardedInvoke<C extends InvokeChannel>(
  channel: C, handler: ChannelHandler<C>, raw: unknown, ctx: HandlerContext,
): Promise<InvokeResult<C>> {
  const request = validateRequest(channel, raw);
  if (!request.ok) return request;
  try {
    const result = await handler(request.value, ctx);
    if (!result || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean') {
      return { ok: false, error: { code: 'internal', message: `${channel} returned no Result` } };
    }
    return result;
  } catch (e) {
    return { ok: false, error: toAppError(e) };
  }
}

/** Why a sender is refused, or null: it must be the main frame of one of our windows, on our origin. */
export function senderProblem(sender: { url: string | null | undefined; isMainFrame: boolean; isOurWindow: boolean }): string | null {
  if (!sender.isOurWindow) return 'the message did not come from a Sluice window';
  if (!sender.isMainFrame) return 'the message came from a sub-frame';
  if (!sender.url || !isAppSenderUrl(sender.url)) return `the message came from ${sender.url ?? 'an unknown page'}, not ${APP_ORIGIN}/`;
  return null;
}
