/** settings:*, checklist:* — the station's own configuration. */
import { ok } from '../../../shared/result';
import { loadDefaultTemplates, effectiveTemplates } from '../checklists';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

export function stationHandlers(env: HandlerEnv): Pick<HandlerTable, 'settings:get' | 'settings:save' | 'checklist:templates'> {
  return {
    'settings:get': async () => ok(await env.settings.load()),
    'settings:save': async ({ settings }) => ok(await env.settings.save(settings)),
    'checklist:templates': async () => ok(effectiveTemplates(await loadDefaultTemplates(env.checklistsDir), await env.settings.load())),
  };
}
