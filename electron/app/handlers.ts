/**
 * The handler table: one plain async function per IPC channel, `(request, ctx) → Result`. No
 * Electron here — the app registers the table with ipcMain (electron/main/ipc.ts) and the E2E
 * bridge calls it directly, so both run exactly the same code.
 */
import type { HandlerTable } from './ipc-guard';
import { handlerEnv, type HandlerDeps } from './handlers/deps';
import { StagingRegistry } from './staging-registry';
import { stationHandlers } from './handlers/station';
import { dialogHandlers } from './handlers/dialogs';
import { keyHandlers } from './handlers/keys';
import { packageHandlers } from './handlers/packages';
import { jobHandlers } from './handlers/jobs';
import { importDecisionHandlers } from './handlers/import-decision';
import { ledgerHandlers } from './handlers/ledger';
import { printHandlers } from './handlers/print';
import { recordsHandlers } from './handlers/records';
import { custodyHandlers } from './handlers/custody';
import { cosignHandlers } from './handlers/cosign';
import { mediaHandlers } from './handlers/media';
import { scanHandlers } from './handlers/scan';
import { policyHandlers } from './handlers/policy';

export type { HandlerDeps } from './handlers/deps';
export type { HandlerTable } from './ipc-guard';

/** Every channel's handler, built over `deps`. The staging registry is returned for shutdown clean-up. */
export function createHandlers(deps: HandlerDeps): HandlerTable & { readonly staging: StagingRegistry } {
  const staging = new StagingRegistry();
  const env = handlerEnv(deps, staging);
  const table: HandlerTable = {
    ...stationHandlers(env),
    ...dialogHandlers(env),
    ...keyHandlers(env),
    ...packageHandlers(env),
    ...jobHandlers(env),
    ...importDecisionHandlers(env),
    ...ledgerHandlers(env),
    ...printHandlers(env),
    ...recordsHandlers(env),
    ...custodyHandlers(env),
    ...cosignHandlers(env),
    ...mediaHandlers(env),
    ...scanHandlers(env),
    ...policyHandlers(env),
  };
  return Object.assign(table, { staging });
}
