// Every security setting the Electron shell applies, asserted on the objects main builds, without
// launching Electron (security.ts imports no 'electron').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  applyNetworkSwitches, appSchemePrivileges, contentSecurityPolicy, isAllowedRequest, isPrintSessionRequestAllowed, mainWindowOptions, mimeType,
  NETWORK_SWITCHES, permissionCheckHandler, permissionHandler, resolveAppFile, responseHeaders, shouldAllowNavigation, windowOpenHandler,
} from '../../../electron/main/security';
import { CHROMIUM_FLAGS, documentDataUrl } from '../../../electron/engine/print/index';

test('the window is isolated, sandboxed, Node-free and makes no downloads', () => {
  const w = mainWindowOptions('/app/dist/preload.cjs').webPreferences;
  assert.equal(w.contextIsolation, true);
  assert.equal(w.sandbox, true);
  assert.equal(w.nodeIntegration, false);
  assert.equal(w.nodeIntegrationInWorker, false);
  assert.equal(w.nodeIntegrationInSubFrames, false);
  assert.equal(w.webSecurity, true);
  assert.equal(w.allowRunningInsecureContent, false);
  assert.equal(w.experimentalFeatures, false);
  assert.equal(w.webviewTag, false);
  assert.equal(w.spellcheck, false, 'the spellchecker downloads dictionaries');
  assert.equal(w.devTools, false);
  assert.equal(w.preload, '/app/dist/preload.cjs');
});

test('the CSP allows only the app itself', () => {
  assert.equal(contentSecurityPolicy, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  assert.equal(responseHeaders('/r/index.html')['Content-Security-Policy'], contentSecurityPolicy);
  assert.equal(appSchemePrivileges.privileges.standard, true);
  assert.equal(appSchemePrivileges.privileges.secure, true);
  assert.equal(appSchemePrivileges.privileges.bypassCSP, false);
});

test('every request that is not the app\'s own is cancelled; devtools only in development', () => {
  for (const ok of ['app://sluice/index.html', 'app://sluice/app.js', 'data:image/png;base64,AAAA']) assert.equal(isAllowedRequest(ok), true, ok);
  for (const bad of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'ws://localhost/', 'app://evil/x', 'ftp://x/', 'data:text/html,<script>', 'devtools://devtools/bundled/x.html']) {
    assert.equal(isAllowedRequest(bad), false, bad);
  }
  assert.equal(isAllowedRequest('devtools://devtools/bundled/x.html', { dev: true }), true);
});

test('navigation stays in the app; new windows and permissions are denied', () => {
  assert.equal(shouldAllowNavigation('app://sluice/index.html#/import'), true);
  assert.equal(shouldAllowNavigation('https://evil.example/'), false);
  assert.equal(shouldAllowNavigation('file:///home/'), false);
  assert.deepEqual(windowOpenHandler({ url: 'app://sluice/index.html' }), { action: 'deny' });
  for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
    let granted: boolean | undefined;
    permissionHandler({}, p, (g) => (granted = g));
    assert.equal(granted, false, p);
  }
  assert.equal(permissionCheckHandler(), false);
});

test('app: URLs resolve inside the renderer folder only, with the right MIME type', () => {
  assert.equal(resolveAppFile('app://sluice/', '/d/renderer'), '/d/renderer/index.html');
  assert.equal(resolveAppFile('app://sluice/app.js', '/d/renderer/'), '/d/renderer/app.js');
  assert.equal(resolveAppFile('app://sluice/assets/a%20b.woff2', '/d/renderer'), '/d/renderer/assets/a b.woff2');
  // The URL parser itself folds %2e%2e segments: the result stays inside the folder.
  assert.equal(resolveAppFile('app://sluice/%2e%2e/%2e%2e/main.mjs', '/d/renderer'), '/d/renderer/main.mjs');
  for (const bad of ['app://sluice/..%2f..%2fetc/passwd', 'app://sluice/a%5c..%5c..%5csecret', 'app://sluice/%00x', 'app://other/index.html', 'https://sluice/index.html', 'app://sluice/%E0%A4%A', 'app://sluice/C:/x']) {
    assert.equal(resolveAppFile(bad, '/d/renderer'), null, bad);
  }
  assert.equal(mimeType('a.js'), 'text/javascript; charset=utf-8');
  assert.equal(mimeType('index.HTML'), 'text/html; charset=utf-8');
  assert.equal(mimeType('x.woff2'), 'font/woff2');
  assert.equal(mimeType('x.exe'), 'application/octet-stream');
});

test('main applies the guards: every session hardened, no autoUpdater, no crash upload, no network modules', () => {
  const src = (f: string) => readFileSync(new URL(`../../../electron/main/${f}`, import.meta.url), 'utf8');
  const main = src('main.ts');
  assert.match(main, /app\.on\('session-created', hardenSession\)/);
  assert.match(main, /hardenSession\(session\.defaultSession\)/);
  assert.match(main, /registerSchemesAsPrivileged\(\[appSchemePrivileges\]\)/);
  assert.match(main, /requestSingleInstanceLock/);
  const window = src('window.ts');
  assert.match(window, /'will-navigate'/);
  assert.match(window, /'will-redirect'/);
  assert.match(window, /setWindowOpenHandler\(windowOpenHandler\)/);
  for (const f of ['main.ts', 'window.ts', 'ipc.ts', 'preload.ts', 'security.ts', 'utility-transport.ts', 'electron-dialogs.ts']) {
    const code = src(f).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    assert.doesNotMatch(code, /autoUpdater|crashReporter|shell\.openExternal|\bnet\.(request|fetch)/, f);
  }
  const preload = src('preload.ts').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  assert.doesNotMatch(preload, /exposeInMainWorld\([^)]*ipcRenderer\)/, 'ipcRenderer itself is never exposed');
});

test('the print session loads only the document being printed: not the app, not another file, not the network', () => {
  const doc = documentDataUrl('<!doctype html><p>manifest</p>')!;
  const big = 'file:///tmp/sluice-print-AbC123/document.html';
  const open = new Set([doc, big]);
  assert.equal(isPrintSessionRequestAllowed(doc, open), true);
  assert.equal(isPrintSessionRequestAllowed(big, open), true);
  for (const bad of [
    'app://sluice/index.html', 'app://sluice/app.js', 'https://clients2.google.com/time/1/current', 'http://127.0.0.1/', 'ws://localhost/',
    'ftp://x/', 'file:///etc/passwd', 'file:///tmp/sluice-print-AbC123/other.html', `${big}?x`, `${doc}#x`, doc.slice(0, -4),
    'data:image/png;base64,AAAA', 'data:text/html;base64,PHA+', 'blob:null/1', 'chrome://settings', 'devtools://devtools/bundled/x.html',
  ]) assert.equal(isPrintSessionRequestAllowed(bad, open), false, bad);
  // A document no longer open (its window closed) no longer loads, and a web URL never does even if listed.
  assert.equal(isPrintSessionRequestAllowed(doc, new Set()), false);
  assert.equal(isPrintSessionRequestAllowed('https://example.com/', new Set(['https://example.com/'])), false);
});

test('the app starts its network service resolving no name and using no proxy, as the CLI\'s Chromium does', () => {
  const appended: string[] = [];
  applyNetworkSwitches({ appendSwitch: (name, value) => void appended.push(value === undefined ? `--${name}` : `--${name}=${value}`) });
  assert.equal(appended.length, NETWORK_SWITCHES.length);
  for (const s of ['--host-resolver-rules=MAP * ^NOTFOUND', '--no-proxy-server', '--disable-background-networking']) {
    assert.ok(appended.includes(s), s);
    assert.ok(CHROMIUM_FLAGS.includes(s), `the CLI's Chromium gets ${s} too`);
  }
});
