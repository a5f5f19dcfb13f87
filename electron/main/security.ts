/**
 * Every security setting of the Electron shell as plain data and pure functions, so
 * test/electron/main/security.test.ts can assert them without launching Electron. No 'electron'
 * import here (types only via structural shapes); main.ts and window.ts apply these.
 */
import { APP_ORIGIN, isAppSenderUrl } from '../app/ipc-guard';
import { isPrintRequestAllowed } from '../engine/print/save';

export { APP_ORIGIN };
/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sluice';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The scheme registration (protocol.registerSchemesAsPrivileged, before app ready). */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false, bypassCSP: false, allowServiceWorkers: false, codeCache: true },
} as const;

/** The Content-Security-Policy header every app: response carries. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The BrowserWindow options: isolation, sandbox, no Node, no spellchecker (it downloads dictionaries). */
export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Sluice',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false as boolean,
    },
  };
}

/**
 * Whether a request may leave the renderer (session.webRequest.onBeforeRequest, on every
 * session). Only the app's own scheme; devtools pages only in development. Everything else —
 * http(s), file:, ws:, ftp:, data: top-level loads from elsewhere — is cancelled: this machine
 * must make no network request.
 */
export function isAllowedRequest(url: string, options: { dev?: boolean } = {}): boolean {
  if (isAppSenderUrl(url)) return true;
  // data: URLs for images inside the app (CSP also limits them to img-src).
  if (url.startsWith('data:image/')) return true;
  if (options.dev && (url.startsWith('devtools://') || url.startsWith('chrome-extension://devtools'))) return true;
  return false;
}

/**
 * The print window's session filter (electron/main/print-window.ts, its own in-memory partition
 * "sluice-print"): a request goes through only when its URL is exactly one of the documents a
 * print window is showing right now — a `data:text/html` URL, or for documents over Chromium's
 * 2 MiB URL limit the `file://` URL of the one private temporary copy. Everything else is
 * cancelled: http(s), ws, ftp, other file: paths, other data: URLs, and app:// too (the document
 * needs nothing from the app). It replaces the every-session filter main.ts installs
 * (`isAllowedRequest`), which would refuse the data: document itself.
 */
export function isPrintSessionRequestAllowed(url: string, openDocuments: Iterable<string>): boolean {
  if (!url.startsWith('data:text/html;') && !url.startsWith('file:///')) return false;
  for (const doc of openDocuments) if (isPrintRequestAllowed(url, doc)) return true;
  return false;
}

/**
 * Chromium switches main.ts appends before the app is ready, so that Electron's network service
 * could not resolve or reach a host even if a request slipped past the session filters: every
 * name resolves to "not found" (Chromium 11x+ spelling; see electron/engine/print/pdf.ts), no
 * proxy auto-detection, no background networking. The CLI's headless Chromium gets the same.
 */
export const NETWORK_SWITCHES: readonly (readonly [string] | readonly [string, string])[] = [
  ['host-resolver-rules', 'MAP * ^NOTFOUND'],
  ['no-proxy-server'],
  ['dns-prefetch-disable'],
  ['disable-background-networking'],
  ['disable-component-update'],
  ['disable-domain-reliability'],
];

/** Appends NETWORK_SWITCHES to `commandLine` (Electron's app.commandLine). */
export function applyNetworkSwitches(commandLine: { appendSwitch(name: string, value?: string): void }): void {
  for (const [name, value] of NETWORK_SWITCHES) {
    if (value === undefined) commandLine.appendSwitch(name);
    else commandLine.appendSwitch(name, value);
  }
}

/** will-navigate / will-redirect: only within the app's own origin. */
export function shouldAllowNavigation(url: string): boolean {
  return isAppSenderUrl(url);
}

/** setWindowOpenHandler: no new windows, ever (and nothing is handed to shell.openExternal). */
export function windowOpenHandler(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler: deny every permission (camera, notifications, clipboard, …). */
export function permissionHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** setPermissionCheckHandler: deny every check. */
export function permissionCheckHandler(): boolean {
  return false;
}

/**
 * Resolves an app: URL to a file under `root` (dist/renderer), refusing traversal: decoded `..`,
 * backslashes, NUL and absolute segments. Returns null when the URL is not ours or escapes.
 */
export function resolveAppFile(url: string, root: string, sep = '/'): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[A-Za-z]:$/.test(s))) return null;
  const base = root.endsWith(sep) ? root.slice(0, -1) : root;
  return [base, ...segments].join(sep);
}

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', map: 'application/json', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', ico: 'image/x-icon',
  woff2: 'font/woff2', woff: 'font/woff', txt: 'text/plain; charset=utf-8',
};

/** The Content-Type of a served file, by extension (application/octet-stream when unknown). */
export function mimeType(file: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** Headers of every app: response. */
export function responseHeaders(file: string): Record<string, string> {
  return { 'Content-Type': mimeType(file), 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
}
