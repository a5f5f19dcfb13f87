// The E2E bridge runs the app's own IPC front door: the sender check with a fixed window id, the
// preload's request normalisation, structured-clone rules for what a request may hold, and the drop
// message. Node-only checks first (crafted HTTP requests to a real bridge), then in real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, bridgeSender, BRIDGE_WINDOW_ID, type Bridge } from './bridge/server';
import { CARRY_SOURCE } from './bridge/bridge-script';
import { createContext } from '../../electron/app/context';
import { e2eSuite, skipReason } from './helpers';

const carry = new Function(`${CARRY_SOURCE}; return carry;`)() as (v: unknown) => unknown;

test('a request is carried as structured clone would, and what JSON would alter is refused, not changed', () => {
  assert.deepEqual(carry({ a: [1, 'x', { b: null, c: true }], d: undefined }), { a: [1, 'x', { b: null, c: true }], d: undefined });
  assert.equal(carry(null), null, 'null is carried as null; the server normalises it like the preload');
  assert.throws(() => carry({ f: () => 1 }), (e: Error) => e.name === 'DataCloneError', 'a function cannot be cloned, in Electron either');
  for (const [value, what] of [
    [{ when: new Date(0) }, /\[object Date\] at request\.when/], [{ m: new Map() }, /\[object Map\]/], [{ s: new Set([1]) }, /\[object Set\]/],
    [{ n: Number.NaN }, /number NaN/], [{ n: Infinity }, /number Infinity/], [[1, undefined], /undefined at request\[1\]/],
    [{ big: 1n }, /bigint/], [{ bytes: new Uint8Array(2) }, /Uint8Array/],
  ] as const) {
    assert.throws(() => carry(value), (e: Error) => e instanceof TypeError && what.test(e.message), String(what));
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => carry(cyclic), /cycle at request\.self/);
});

test('the bridge maps only its own pages onto app://sluice/; the sender is the fixed window', () => {
  const ctx = createContext(BRIDGE_WINDOW_ID, () => {});
  const o = 'http://127.0.0.1:4000';
  assert.deepEqual(bridgeSender({ referer: `${o}/index.html`, 'sec-fetch-site': 'same-origin', 'x-sluice-frame': 'main' }, o, ctx), { url: 'app://sluice/index.html', isMainFrame: true, ctx });
  assert.equal(bridgeSender({ referer: 'http://127.0.0.1:4001/', 'x-sluice-frame': 'main' }, o, ctx).url, 'http://127.0.0.1:4001/');
  assert.equal(bridgeSender({ referer: `${o}/`, 'sec-fetch-site': 'cross-site' }, o, ctx).url, `${o}/`, 'a cross-site request keeps its own URL');
  assert.equal(bridgeSender({}, o, ctx).url, null);
  assert.equal(bridgeSender({ referer: `${o}/` }, o, ctx).isMainFrame, false, 'main frame only when the page says so');
});

/** A raw POST to the bridge with exactly these headers (no browser adding its own). */
function post(bridge: Bridge, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, bridge.url), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('crafted HTTP requests: no sender, another origin or a sub-frame are refused; null is normalised; a drop needs the page', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bridge-'));
  await mkdir(join(dir, 'renderer'));
  const bridge = await startBridge({ rendererDir: join(dir, 'renderer'), userDataDir: join(dir, 'userdata') });
  t.after(async () => { await bridge.close(); await rm(dir, { recursive: true, force: true }); });
  const origin = bridge.url.replace(/\/$/, '');
  const page = { Referer: `${origin}/`, 'Sec-Fetch-Site': 'same-origin', 'X-Sluice-Frame': 'main' };
  const code = (r: { json: unknown }) => (r.json as { ok: boolean; error?: { code: string } }).error?.code;

  assert.equal(code(await post(bridge, '/ipc/settings:get', '{}', {})), 'forbidden-sender', 'no Referer: an unknown page');
  assert.equal(code(await post(bridge, '/ipc/settings:get', '{}', { ...page, Referer: 'http://evil.example/' })), 'forbidden-sender');
  assert.equal(code(await post(bridge, '/ipc/settings:get', '{}', { ...page, 'X-Sluice-Frame': 'sub' })), 'forbidden-sender');
  assert.deepEqual((await post(bridge, '/ipc/settings:get', '{"request":null}', page)).json, { ok: true, value: null }, 'null becomes {} as in the preload');
  assert.deepEqual((await post(bridge, '/ipc/settings:get', '{}', page)).json, { ok: true, value: null }, 'no request becomes {}');
  assert.equal(code(await post(bridge, '/ipc/settings:get', '{"request":[]}', page)), 'bad-request', 'anything else reaches the schema as it is');

  const src = join(dir, 'dropped');
  await mkdir(src);
  await writeFile(join(src, 'a.txt'), 'a');
  bridge.drop([src]);
  assert.equal((await post(bridge, '/preload/dropped', '{}', { ...page, Referer: 'http://evil.example/' })).status, 403);
  assert.deepEqual(await bridge.invoke('dialog:dropped'), { ok: true, value: { canceled: true, paths: [] } }, 'a refused drop message records nothing (and uses up the queued paths)');
  bridge.drop([src]);
  assert.deepEqual(await bridge.invoke('dialog:dropped'), { ok: true, value: { canceled: true, paths: [] } }, 'queued paths count only once the page reports a drop');
  assert.equal((await post(bridge, '/preload/dropped', '{}', page)).status, 204);
  assert.deepEqual(await bridge.invoke('dialog:dropped'), { ok: true, value: { canceled: false, paths: [src] } });
});

const suite = e2eSuite('sluice-e2e-bridge-');

test('in Chromium the page passes the sender check; a sub-frame does not; what cannot be cloned faithfully throws', { skip: skipReason, timeout: 60_000 }, async () => {
  const s = await suite.station('fidelity', 'bridge-fidelity');
  const { page } = s;
  assert.deepEqual(await page.evaluate(() => (window as unknown as { sluice: { settingsGet(r?: unknown): Promise<unknown> } }).sluice.settingsGet(null)), { ok: true, value: null });
  const thrown = await page.evaluate(() => (window as unknown as { sluice: { settingsGet(r?: unknown): Promise<unknown> } }).sluice.settingsGet({ when: new Date(0) }).then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`));
  assert.match(thrown, /TypeError: the E2E bridge cannot carry \[object Date\]/);
  const fromFrame = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = '/';
    document.body.append(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const api = (frame.contentWindow as unknown as { sluice: { settingsGet(): Promise<{ ok: boolean; error?: { code: string } }> } }).sluice;
    return api.settingsGet();
  });
  assert.equal(fromFrame.error?.code, 'forbidden-sender');
});
