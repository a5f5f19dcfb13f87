/**
 * The text of /__bridge.js: the preload API implemented in the page for the E2E bridge. Every
 * invoke function POSTs its request to /ipc/<channel> and resolves with the Result the handler
 * table returned; events arrive over Server-Sent Events from /events. Test-only, never shipped.
 *
 * Kept as close to the real preload as a web page can be (docs/ARCHITECTURE.md lists what is left):
 * - a request goes through structured clone first, as `ipcRenderer.invoke` does (a function or a
 *   DOM node throws), and anything JSON would silently change on the way (a Date, Map, Set, NaN,
 *   a cycle …) is refused instead of arriving altered (`CARRY_SOURCE`); `undefined` and `null`
 *   are normalised on the server with the preload's own `normalizeRequest`;
 * - it says whether it runs in the main frame, and the server checks the sender like main does;
 * - a drop on the window is reported to /preload/dropped as the preload's drop listener does, and
 *   later invocations wait for it (one ordered pipe, as Electron's IPC is).
 */
import { EVENT_CHANNELS, INVOKE_CHANNELS, apiEventName, apiMethodName } from '../../../shared/ipc/contract';

/**
 * `carry(value)`: the request as structured clone delivers it, or a TypeError naming what the
 * bridge cannot carry faithfully. Plain JavaScript source (it runs in the page, and tests evaluate
 * it in Node with `new Function`).
 */
export const CARRY_SOURCE = `function carry(value) {
  const clone = structuredClone(value);
  const open = new Set();
  const walk = (v, at) => {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) throw new TypeError('the E2E bridge cannot carry the number ' + String(v) + ' at ' + at + ' (JSON would change it)');
      return;
    }
    if (typeof v !== 'object') throw new TypeError('the E2E bridge cannot carry a ' + typeof v + ' at ' + at);
    if (open.has(v)) throw new TypeError('the E2E bridge cannot carry a cycle at ' + at);
    const plainArray = Array.isArray(v);
    const plainObject = !plainArray && Object.getPrototypeOf(v) === Object.prototype;
    if (!plainArray && !plainObject) throw new TypeError('the E2E bridge cannot carry ' + Object.prototype.toString.call(v) + ' at ' + at + ' (JSON would change it)');
    open.add(v);
    if (plainArray) {
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) throw new TypeError('the E2E bridge cannot carry undefined at ' + at + '[' + i + '] (JSON would make it null)');
        walk(v[i], at + '[' + i + ']');
      }
    } else {
      for (const k of Object.keys(v)) walk(v[k], at + '.' + k);
    }
    open.delete(v);
  };
  walk(clone, 'request');
  return clone;
}`;

/** The script, with the channel names of the contract baked in. */
export function bridgeScript(): string {
  const invokes = INVOKE_CHANNELS.map((c) => [apiMethodName(c), c]);
  const events = EVENT_CHANNELS.map((e) => [apiEventName(e), e]);
  return `(() => {
  'use strict';
  const invokes = ${JSON.stringify(invokes)};
  const events = ${JSON.stringify(events)};
  ${CARRY_SOURCE}
  const frame = window.top === window ? 'main' : 'sub';
  const listeners = new Map();
  const source = new EventSource('/events');
  const ready = new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
  for (const [, channel] of events) {
    listeners.set(channel, new Set());
    source.addEventListener(channel, (e) => {
      const payload = JSON.parse(e.data);
      for (const l of listeners.get(channel)) l(payload);
    });
  }
  // One ordered pipe: an invocation sent after a drop is handled after it.
  let pipe = ready;
  const post = (path, body) => {
    const sent = pipe.then(() => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sluice-Frame': frame }, body }));
    pipe = sent.then(() => undefined, () => undefined);
    return sent;
  };
  const api = {};
  for (const [name, channel] of invokes) {
    api[name] = async (request) => {
      // Wrapped, so that undefined and null reach the server as they are and are normalised there.
      const body = JSON.stringify({ request: carry(request) });
      return (await post('/ipc/' + encodeURIComponent(channel), body)).json();
    };
  }
  for (const [name, channel] of events) {
    api[name] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      listeners.get(channel).add(listener);
      return () => void listeners.get(channel).delete(listener);
    };
  }
  // The preload reads dropped files' paths from the drop event; a page cannot, so the server uses
  // the paths the test queued (bridge.drop) — but only once a drop really happened on this window.
  window.addEventListener('drop', () => { void post('/preload/dropped', '{}'); }, true);
  Object.defineProperty(window, 'sluice', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
}
