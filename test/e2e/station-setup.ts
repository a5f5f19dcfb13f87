/**
 * Settings for E2E stations, written through the handler table (for scenarios that do not test the
 * set-up screen itself).
 */
import { join } from 'node:path';
import type { Settings } from '../../shared/settings';

/** An IMPORT (HIGH) or EXPORT (LOW) station with every path under `dataDir`. */
export function stationSettings(role: 'EXPORT' | 'IMPORT', dataDir: string): Settings {
  return {
    version: 1, role, networkId: role === 'EXPORT' ? 'LOW' : 'HIGH', stationName: role === 'EXPORT' ? 'Low desk' : 'High desk',
    people: { operators: ['Olga Operator'], witnesses: ['Wim Witness'], officers: ['Oscar Officer'] },
    paths: { ledgerFile: join(dataDir, 'ledger.jsonl'), recordsDir: join(dataDir, 'records'), trustDir: join(dataDir, 'trust'), keysDir: join(dataDir, 'keys'), inboxDir: join(dataDir, 'inbox'), quarantineDir: join(dataDir, 'quarantine') },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d', destination: 'HIGH' },
  };
}
