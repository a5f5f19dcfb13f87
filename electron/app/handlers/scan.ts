/**
 * scan:status, scan:choose, scan:setPolicy — the station's antivirus settings. They change only
 * here (settings:save refuses any change to them), each change names the person making it and is
 * recorded in the ledger (`station.scan-settings`, from and to) BEFORE it is saved: lowering a
 * 'required' policy is a recorded act of a security officer, never a silent edit by the renderer.
 * Paths come from main's own dialogs, never from the request.
 */
import { stat } from 'node:fs/promises';
import { ok } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import { SluiceError } from '../../engine/errors';
import { scanStatus } from '../scan-settings';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { ledgeredSave, stationChanger } from './station-change';

type ScanChannels = 'scan:status' | 'scan:choose' | 'scan:setPolicy';

const changer = (s: Settings, actor: string) => stationChanger(s, actor, 'change the antivirus settings');

/** Records the change in the ledger (`station.scan-settings`), then saves it. */
function recordAndSave(env: HandlerEnv, s: Settings, next: Settings, actor: string): Promise<Settings> {
  return ledgeredSave(env, s, next, { event: 'station.scan-settings', actor, from: { ...(s.scan ?? { policy: 'off' }) }, to: { ...(next.scan ?? { policy: 'off' }) } });
}

/** The scan handlers. */
export function scanHandlers(env: HandlerEnv): Pick<HandlerTable, ScanChannels> {
  return {
    'scan:status': async () => ok(await scanStatus(await env.requireSettings())),

    'scan:setPolicy': async ({ policy, actor }) => {
      const s = await env.requireSettings();
      const who = changer(s, actor);
      if ((s.scan?.policy ?? 'off') === policy) return ok(await scanStatus(s));
      const saved = await recordAndSave(env, s, { ...s, scan: { ...(s.scan ?? {}), policy } }, who);
      return ok(await scanStatus(saved));
    },

    'scan:choose': async ({ which, actor }, ctx) => {
      const s = await env.requireSettings();
      const who = changer(s, actor);
      const current = s.scan ?? { policy: 'off' as const };
      if (which === 'clamscan') {
        if (!current.clamdSocket) return ok({ ...(await scanStatus(s)), canceled: true });
        const { clamdSocket: _, ...rest } = current;
        return ok({ ...(await scanStatus(await recordAndSave(env, s, { ...s, scan: rest }, who))), canceled: false });
      }
      const answer = which === 'clamavDb'
        ? await env.dialogs.chooseFolder(ctx.windowId, { title: 'Choose ClamAV\u2019s signature folder (main.cvd, daily.cvd, bytecode.cvd)' })
        : await env.dialogs.openFiles(ctx.windowId, { title: 'Choose clamd\u2019s local socket (e.g. /run/clamav/clamd.ctl)' });
      const chosen = answer.paths[0];
      if (answer.canceled || !chosen) return ok({ ...(await scanStatus(s)), canceled: true });
      const st = await stat(chosen).catch(() => null);
      if (which === 'clamavDb' && !st?.isDirectory()) throw new SluiceError('bad-folders', `${chosen} is not a folder: choose the folder holding ClamAV's signature files.`);
      if (which === 'clamdSocket' && !st?.isSocket()) throw new SluiceError('av-clamd-unreachable', `${chosen} is not a socket: choose clamd's LocalSocket (see LocalSocket in clamd.conf).`);
      const scan = which === 'clamavDb' ? { ...current, clamavDb: chosen } : { ...current, clamdSocket: chosen };
      return ok({ ...(await scanStatus(await recordAndSave(env, s, { ...s, scan }, who))), canceled: false });
    },
  };
}
