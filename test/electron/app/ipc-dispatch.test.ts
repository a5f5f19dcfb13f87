// The sender check and drop message main runs in front of the handler table (ipc-dispatch.ts), and
// the preload's request normalisation (shared/ipc/request.ts) — the code the E2E bridge now shares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../../electron/app/context';
import { acceptDropped, invokeFromSender, type SenderFacts } from '../../../electron/app/ipc-dispatch';
import { normalizeRequest } from '../../../shared/ipc/request';
import { ok } from '../../../shared/result';

const ctx = createContext(4, () => {});
const good: SenderFacts = { url: 'app://sluice/index.html', isMainFrame: true, ctx };
const echo = async (req: unknown) => ok(req);

test('the preload sends {} for no request, undefined or null, and anything else as it is', () => {
  assert.deepEqual(normalizeRequest(undefined), {});
  assert.deepEqual(normalizeRequest(null), {});
  assert.deepEqual(normalizeRequest({ a: 1 }), { a: 1 });
  assert.equal(normalizeRequest(0), 0, 'a falsy non-null value is not replaced (the schema refuses it)');
  assert.equal(normalizeRequest(''), '');
});

test('an invocation from anything but our window\'s main frame on app://sluice/ is refused before the handler runs', async () => {
  let ran = 0;
  const handler = async () => { ran++; return ok({}); };
  for (const [sender, why] of [
    [{ ...good, ctx: undefined }, /not come from a Sluice window/],
    [{ ...good, isMainFrame: false }, /sub-frame/],
    [{ ...good, url: 'http://127.0.0.1:8080/' }, /came from http:\/\/127\.0\.0\.1:8080\//],
    [{ ...good, url: null }, /an unknown page/],
  ] as const) {
    const r = await invokeFromSender('settings:get', handler as never, {}, sender);
    assert.equal(!r.ok && r.error.code, 'forbidden-sender');
    assert.match(!r.ok ? r.error.message : '', why);
  }
  assert.equal(ran, 0);
  assert.deepEqual(await invokeFromSender('settings:get', handler as never, {}, good), { ok: true, value: {} });
  assert.equal(ran, 1);
  const bad = await invokeFromSender('sources:scan', echo as never, { paths: 'nope' }, good);
  assert.equal(!bad.ok && bad.error.code, 'bad-request', 'then the schema, as guardedInvoke does');
});

test('a drop message is recorded only from our window, only as an array, only its strings', () => {
  const w = createContext(5, () => {});
  assert.equal(acceptDropped({ ...good, ctx: w, isMainFrame: false }, ['/a']), false);
  assert.equal(acceptDropped({ ...good, ctx: w, url: 'https://example.com/' }, ['/a']), false);
  assert.equal(acceptDropped({ ...good, ctx: w }, '/a'), false);
  assert.deepEqual(w.takeDropped(), []);
  assert.equal(acceptDropped({ ...good, ctx: w }, ['/a', 7, null, '/b']), true);
  assert.deepEqual(w.takeDropped(), ['/a', '/b']);
});

test('main, the preload and the E2E bridge all go through these functions (the Electron files cannot run here)', () => {
  const code = (rel: string) => readFileSync(fileURLToPath(new URL(`../../../${rel}`, import.meta.url)), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const preload = code('electron/main/preload.ts');
  assert.match(preload, /ipcRenderer\.invoke\(channel, normalizeRequest\(request\)\)/);
  assert.match(preload, /ipcRenderer\.send\(DROP_CHANNEL, paths\)/);
  const ipc = code('electron/main/ipc.ts');
  assert.match(ipc, /ipcMain\.handle\(channel, [^\n]*invokeFromSender\(channel, table\[channel\] as never, raw, senderFacts\(event\)\)/);
  assert.match(ipc, /ipcMain\.on\(DROP_CHANNEL, [^\n]*acceptDropped\(senderFacts\(event\), paths\)/);
  assert.doesNotMatch(ipc, /guardedInvoke\(/, 'no way around the sender check');
  const bridge = code('test/e2e/bridge/server.ts');
  assert.match(bridge, /invokeFromSender\(channel, handlers\[channel\] as never, await body\(req\), bridgeSender\(req\.headers, origin, ctx\)\)/);
  assert.match(bridge, /normalizeRequest\(wrapped\.request\)/);
  assert.match(bridge, /acceptDropped\(bridgeSender\(req\.headers, origin, ctx\), paths\)/);
  assert.doesNotMatch(bridge, /guardedInvoke\(/);
});
