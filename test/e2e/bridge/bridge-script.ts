/**
 * The text of /__bridge.js: the preload API implemented in the page for the E2E bridge. Every
 * invoke function POSTs its request to /ipc/<channel> and resolves with the Result the handler
 * table returned; events arrive over Server-Sent Events from /events. Test-only, never shipped.
 */
import { EVENT_CHANNELS, INVOKE_CHANNELS, apiEventName, apiMethodName } from '../../../shared/ipc/contract';

/** The script, with the channel names of the contract baked in. */
export function bridgeScript(): string {
  const invokes = INVOKE_CHANNELS.map((c) => [apiMethodName(c), c]);
  const events = EVENT_CHANNELS.map((e) => [apiEventName(e), e]);
  return `(() => {
  'use strict';
  const invokes = ${JSON.stringify(invokes)};
  const events = ${JSON.stringify(events)};
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
  const api = {};
  for (const [name, channel] of invokes) {
    api[name] = async (request) => {
      await ready;
      const res = await fetch('/ipc/' + encodeURIComponent(channel), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request === undefined ? {} : request),
      });
      return res.json();
    };
  }
  for (const [name, channel] of events) {
    api[name] = (listener) => {
      listeners.get(channel).add(listener);
      return () => listeners.get(channel).delete(listener);
    };
  }
  Object.defineProperty(window, 'sluice', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
}
