/**
 * An import station for engine tests: a fresh destination root under `dir` and a ledger beside it
 * (outside the destination), station HIGH, the fixture's trust store, the fixed clock, officer olga.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXED_NOW, type Fixture } from '../verify/fixture';

let made = 0;

/** A new destination and ledger each call, so tests never share import state. */
export async function freshStation(dir: string, fx: Fixture) {
  made++;
  const destRoot = join(dir, `dest-${made}`);
  await mkdir(destRoot);
  return { destRoot, ledgerFile: join(dir, `ledger-${made}.jsonl`), station: 'HIGH', store: fx.store, now: FIXED_NOW, officer: 'olga' };
}
