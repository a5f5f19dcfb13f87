/**
 * The E2E bridge: serves the renderer on 127.0.0.1 (an ephemeral port) and stands in for Electron's
 * main process. Requests to /ipc/<channel> run through the SAME handler table the app registers
 * (`createHandlers` + `guardedInvoke`), with scripted dialogs the test controls; job events stream
 * to the page over Server-Sent Events. Test-only, never shipped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHandlers } from '../../../electron/app/handlers';
import { createContext, type WindowContext } from '../../../electron/app/context';
import { guardedInvoke } from '../../../electron/app/ipc-guard';
import { scriptedDialogs, type DialogAnswer } from '../../../electron/app/dialogs';
import { createSettingsStore } from '../../../electron/app/settings-store';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../shared/ipc/contract';
import { bridgeScript } from './bridge-script';
import { chromiumPrinter } from '../../../electron/engine/print/index';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

export interface Bridge {
  url: string;
  /** Queue the answer of the next dialog (any kind), as the person's choice would be. */
  nextDialog(answer: DialogAnswer | string | string[]): void;
  /** Records paths as if the person dropped them on the window (what the preload would pass). */
  drop(paths: string[]): void;
  /** Calls a channel directly, as the page would (for set-up steps a scenario does not test). */
  invoke(channel: InvokeChannel, request?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** Documents records:open handed to the "system viewer" (recorded here instead of opened). */
  opened: string[];
  close(): Promise<void>;
}

export interface BridgeOptions {
  rendererDir: string;
  userDataDir: string;
}

/** Starts a bridge; one page (one window context) at a time. */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const dialogs = scriptedDialogs();
  const opened: string[] = [];
  const jobs = new JobRunner({ transport: workerThreadTransport() });
  const handlers = createHandlers({
    settings: createSettingsStore(o.userDataDir), dialogs, jobs, clock: () => new Date(),
    userDataDir: o.userDataDir, checklistsDir: join(root, 'resources/checklists'), kdfCost: 'test',
    // Printing through the same headless Chromium the CLI uses; opening a document is recorded.
    printer: chromiumPrinter(), openDocument: async (path) => { opened.push(path); return ''; },
  });
  const streams = new Set<ServerResponse>();
  const ctx: WindowContext = createContext(1, (event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const script = bridgeScript();

  const body = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : {};
  };
  const invoke = (channel: InvokeChannel, request: unknown = {}) => guardedInvoke(channel, handlers[channel] as never, request, ctx);

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice(5)) as InvokeChannel;
        if (!INVOKE_CHANNELS.includes(channel)) return send(res, 404, 'text/plain', 'no such channel');
        const result = await invoke(channel, await body(req));
        return send(res, 200, 'application/json', JSON.stringify(result));
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
  return {
    url: `http://127.0.0.1:${port}/`,
    nextDialog(answer) {
      if (typeof answer === 'string') dialogs.push({ canceled: false, paths: [answer] });
      else if (Array.isArray(answer)) dialogs.push({ canceled: false, paths: answer });
      else dialogs.push(answer);
    },
    drop(paths) {
      ctx.recordDropped(paths);
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
