/** Station settings for tests, with every path under a temp root, and the set-up call that creates their folders. */
import { join } from 'node:path';
import type { Settings } from '../../../shared/settings';

export function sampleSettings(root: string, overrides: Partial<Settings> = {}): Settings {
  return {
    version: 2, role: 'IMPORT', networkId: 'HIGH-1', stationName: 'Import station 1',
    people: { operators: ['Op One'], witnesses: ['Wit Ness'], officers: ['Off Icer'] },
    paths: {
      ledgerFile: join(root, 'ledger', 'ledger.jsonl'), recordsDir: join(root, 'records'), trustDir: join(root, 'trust'), keysDir: join(root, 'keys'),
      inboxDir: join(root, 'inbox'), quarantineDir: join(root, 'quarantine'), importDir: join(root, 'imported'),
    },
    allowBothSides: false, checklists: {}, defaults: { classification: 'OFFICIAL', expiry: '30d' },
    ...overrides,
  };
}

/** The seal number tests pack with, so the import checklist below matches the signed manifest. */
export const TEST_SEAL = 'SEAL-4711';

/**
 * Complete import-checklist answers (resources/checklists/import.json) by officer "Off Icer" with
 * witness "Wit Ness", for a package packed with seal TEST_SEAL: main evaluates these on import:commit.
 */
export const IMPORT_ANSWERS = {
  'seal-intact': 'Intact', 'seal-number': TEST_SEAL, 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'Wit Ness',
} as const;
