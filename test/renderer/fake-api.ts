/**
 * A fake `window.sluice` for component tests: a test double of the IPC boundary (never of fs or
 * crypto). Every channel answers from a table the test can override, every call is recorded, and
 * the test fires job events by hand.
 */
import type { Api, EventPayloads, InvokeChannel, InvokeRequest, InvokeResult } from '../../shared/ipc/contract';
import { apiEventName, apiMethodName, EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/contract';
import type { ChecklistStage, ChecklistTemplate } from '../../shared/checklist';
import type { Settings } from '../../shared/settings';

export const TEMPLATES: Record<ChecklistStage, ChecklistTemplate> = {
  'export-pre': {
    template: 'sluice-checklist/1', stage: 'export-pre', title: 'Before packing',
    items: [
      { id: 'scanned', kind: 'confirm', label: 'Sources scanned for malware', required: true },
      { id: 'seal', kind: 'text', label: 'Seal number', required: true, pattern: '[0-9]{6}', patternHint: 'six digits' },
      { id: 'media', kind: 'choice', label: 'Medium', required: false, options: ['USB', 'Diode'] },
    ],
  },
  'export-post': {
    template: 'sluice-checklist/1', stage: 'export-post', title: 'After packing',
    items: [{ id: 'labelled', kind: 'confirm', label: 'Medium labelled', required: true }],
  },
  import: {
    template: 'sluice-checklist/1', stage: 'import', title: 'Before importing',
    items: [{ id: 'paper', kind: 'confirm', label: 'Printed manifest matches', required: true }],
  },
};

export function settingsFixture(over: Partial<Settings> = {}): Settings {
  return {
    version: 2, role: 'EXPORT', networkId: 'LOW', stationName: 'Low desk',
    people: { operators: ['Olga Operator'], witnesses: ['Wim Witness'], officers: ['Oscar Officer'] },
    paths: { ledgerFile: '/data/ledger.jsonl', recordsDir: '/data/records', trustDir: '/data/trust', keysDir: '/data/keys', inboxDir: '/data/inbox', quarantineDir: '/data/q', importDir: '/data/imported' },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d', destination: 'HIGH' },
    ...over,
  };
}

type Handler<C extends InvokeChannel> = (req: InvokeRequest<C>) => InvokeResult<C> | Promise<InvokeResult<C>>;
export type Handlers = { [C in InvokeChannel]?: Handler<C> };

export interface FakeApi {
  api: Api;
  calls: { channel: InvokeChannel; request: unknown }[];
  handlers: Handlers;
  emit<E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]): void;
  callsOf(channel: InvokeChannel): unknown[];
}

/** A fake API; unset channels answer a 'not-in-test' error so an unexpected call is visible. */
export function fakeApi(handlers: Handlers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: Record<string, unknown> = {};
  const fake: FakeApi = {
    api: api as unknown as Api,
    calls,
    handlers: {
      'settings:get': () => ({ ok: true, value: settingsFixture() }),
      'checklist:templates': () => ({ ok: true, value: TEMPLATES }),
      'keys:list': () => ({ ok: true, value: [{ name: 'low-2026', keyId: '0123456789ABCDEF', fingerprint: 'ab12 cd34 ef56', hasSecret: true }] }),
      'trust:list': () => ({ ok: true, value: [] }),
      'inbox:list': () => ({ ok: true, value: [] }),
      'station:notices': () => ({ ok: true, value: [] }),
      ...handlers,
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    callsOf(channel) {
      return calls.filter((c) => c.channel === channel).map((c) => c.request);
    },
  };
  for (const c of INVOKE_CHANNELS) {
    api[apiMethodName(c)] = async (request: unknown) => {
      calls.push({ channel: c, request });
      const h = fake.handlers[c] as ((r: unknown) => unknown) | undefined;
      if (!h) return { ok: false, error: { code: 'not-in-test', message: `${c} is not scripted in this test` } };
      return h(request);
    };
  }
  for (const e of EVENT_CHANNELS) {
    api[apiEventName(e)] = (l: (p: unknown) => void) => {
      const set = listeners.get(e) ?? new Set();
      set.add(l);
      listeners.set(e, set);
      return () => set.delete(l);
    };
  }
  return fake;
}
