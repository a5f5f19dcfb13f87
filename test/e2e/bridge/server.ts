/**
 * The E2E bridge: serves the renderer on 127.0.0.1 (an ephemeral port) and stands in for Electron's
 * main process. Requests to /ipc/<channel> run through the SAME code main registers: the sender
 * check (`invokeFromSender`, with a fixed window id, the page's URL read from the browser's Referer
 * and mapped onto app://sluice/), the preload's request normalisation, then the handler table
 * (`createHandlers` + `guardedInvoke`), with scripted dialogs the test controls; a drop goes through
 * `acceptDropped` like the preload's drop message. Job events stream to the page over Server-Sent
 * Events. What still differs from the app is listed in docs/ARCHITECTURE.md. Test-only, never shipped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext, type WindowContext } from '../../../electron/app/context';
import { APP_ORIGIN } from '../../../electron/app/ipc-guard';
import { acceptDropped, invokeFromSender, type SenderFacts } from '../../../electron/app/ipc-dispatch';
import { normalizeRequest } from '../../../shared/ipc/request';
import { scriptedDialogs, type DialogAnswer } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../shared/ipc/contract';
import { bridgeScript } from './bridge-script';
import { chromiumPrinter } from '../../../electron/engine/print/index';
import type { MediaAccess } from '../../../electron/app/handlers/media';
import { fileURLToPath } from 'node:url';
import { sweepOutbox } from '../../../electron/app/outbox';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

export interface Bridge {
  url: string;
  /** Queue the answer of the next dialog (any kind), as the person's choice would be. */
  nextDialog(answer: DialogAnswer | string | string[]): void;
  /** Queues the paths the next drop on the page carries (what the preload would read from the drop event). */
  drop(paths: string[]): void;
  /** Calls a channel directly, as the page would, past the sender check (for set-up steps a scenario does not test). */
  invoke(channel: InvokeChannel, request?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** Documents records:open handed to the "system viewer" (recorded here instead of opened). */
  opened: string[];
  close(): Promise<void>;
}

export interface BridgeOptions {
  rendererDir: string;
  userDataDir: string;
  /**
   * How main finds removable media. Default: the app's (lsblk, removable disks only; none in a test
   * machine). An E2E of the media steps passes the same lister with loop devices included, limited
   * to its own image files (docs/ARCHITECTURE.md, the bridge).
   */
  media?: MediaAccess;
}

/** The window id the bridge's one page has (Electron's would be its webContents id). */
export const BRIDGE_WINDOW_ID = 1;

/**
 * Who sent an HTTP request, as main would see an IPC sender: the frame's URL from the browser's
 * Referer (same-origin pages of this bridge map onto app://sluice/, anything else stays itself and
 * is refused), whether it is the main frame, and the bridge's one window.
 */
export function bridgeSender(headers: IncomingMessage['headers'], bridgeOrigin: string, ctx: WindowContext): SenderFacts {
  const referer = typeof headers.referer === 'string' ? headers.referer : null;
  const site = headers['sec-fetch-site'];
  const sameOrigin = referer !== null && referer.startsWith(`${bridgeOrigin}/`) && (site === undefined || site === 'same-origin');
  const url = referer === null ? null : sameOrigin ? `${APP_ORIGIN}/${referer.slice(bridgeOrigin.length + 1)}` : referer;
  return { url, isMainFrame: headers['x-sluice-frame'] === 'main', ctx };
}

/** Starts a bridge; one page (one window context) at a time. */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const dialogs = scriptedDialogs();
  const opened: string[] = [];
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  // As main does at start (electron/main/main.ts): what a crashed session left, for station:notices.
  const startupNotices = await sweepOutbox(o.userDataDir);
  const handlers = createHandlers({
    settings: createSettingsStore(o.userDataDir), dialogs, jobs, clock: () => new Date(),
    userDataDir: o.userDataDir, checklistsDir: join(root, 'resources/checklists'), kdfCost: 'test',
    // Printing through the same headless Chromium the CLI uses; opening a document is recorded.
    printer: chromiumPrinter(), openDocument: async (path) => { opened.push(path); return ''; },
    ...(o.media ? { media: o.media } : {}), startupNotices,
  });
  const streams = new Set<ServerResponse>();
  const ctx: WindowContext = createContext(BRIDGE_WINDOW_ID, (event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const script = bridgeScript();

  /** The request the page sent: `{ request }` (see bridge-script.ts), normalised as the preload does. */
  const body = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const wrapped = text ? (JSON.parse(text) as { request?: unknown }) : {};
    return normalizeRequest(wrapped.request);
  };
  // What the test calls directly stands for the page: our own main frame.
  const self = (): SenderFacts => ({ url: `${APP_ORIGIN}/index.html`, isMainFrame: true, ctx });
  const invoke = (channel: InvokeChannel, request?: unknown) => invokeFromSender(channel, handlers[channel] as never, normalizeRequest(request), self());
  /** Paths queued by the test for the next drop: what webUtils.getPathForFile would give the preload. */
  let queuedDrop: string[] = [];
  let origin = '';

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice(5)) as InvokeChannel;
        if (!INVOKE_CHANNELS.includes(channel)) return send(res, 404, 'text/plain', 'no such channel');
        const result = await invokeFromSender(channel, handlers[channel] as never, await body(req), bridgeSender(req.headers, origin, ctx));
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (req.method === 'POST' && url.pathname === '/preload/dropped') {
        const paths = queuedDrop;
        queuedDrop = [];
        const recorded = acceptDropped(bridgeSender(req.headers, origin, ctx), paths);
        return send(res, recorded ? 204 : 403, 'text/plain', '');
      }
      if (url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname === '/__bridge.js') return send(res, 200, TYPES['.js']!, script);
      const name = url.pathname === '/' ? 'index.html' : normalize(url.pathname).replace(/^\/+/, '');
      if (name.includes('..') || name.includes('/')) return send(res, 404, 'text/plain', 'not found');
      let content = await readFile(join(o.rendererDir, name)).catch(() => null);
      if (!content) return send(res, 404, 'text/plain', 'not found');
      if (name === 'index.html') {
        // The CSP forbids inline scripts: the bridge is a same-origin script, loaded before the app.
        const html = content.toString('utf8').replace('<script type="module" src="app.js">', '<script src="/__bridge.js"></script>\n  <script type="module" src="app.js">');
        if (!html.includes('/__bridge.js')) throw new Error('index.html has no app.js script tag to put the bridge before');
        content = Buffer.from(html);
      }
      return send(res, 200, TYPES[extname(name)] ?? 'application/octet-stream', content);
    } catch (e) {
      send(res, 500, 'text/plain', String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    nextDialog(answer) {
      if (typeof answer === 'string') dialogs.push({ canceled: false, paths: [answer] });
      else if (Array.isArray(answer)) dialogs.push({ canceled: false, paths: answer });
      else dialogs.push(answer);
    },
    drop(paths) {
      // Recorded when the page's drop event reaches the bridge script, as the preload would send them.
      queuedDrop = paths;
    },
    invoke,
    opened,
    async close() {
      for (const s of streams) s.end();
      jobs.shutdown();
      // server.close() waits for every connection to end, and the browser keeps idle keep-alive
      // sockets open: drop them first, or closing can wait forever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
