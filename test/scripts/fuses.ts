/**
 * Reading an Electron binary's fuses back with @electron/fuses (the module electron-builder flips
 * them with), for the packaging tests.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli';

const requireFromRoot = createRequire(join(repoRoot, 'package.json'));

/** Fuse wire states as @electron/fuses stores them: the ASCII digits '0' and '1'. */
const DISABLE = '0'.charCodeAt(0);
const ENABLE = '1'.charCodeAt(0);

/** The binary's fuse wire, indexed by FuseV1Options. */
export async function readFuses(exe: string): Promise<Record<number, number>> {
  const { getCurrentFuseWire } = requireFromRoot('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<number, number>> };
  return getCurrentFuseWire(exe);
}

/** Asserts the five fuses issue 13 requires, by name. */
export function assertFuses(wire: Record<number, number>): void {
  const { FuseV1Options: o } = requireFromRoot('@electron/fuses') as { FuseV1Options: Record<string, number> };
  const state = (name: string) => wire[o[name]!];
  assert.equal(state('RunAsNode'), DISABLE, 'RunAsNode is off');
  assert.equal(state('EnableNodeOptionsEnvironmentVariable'), DISABLE, 'NODE_OPTIONS is off');
  assert.equal(state('EnableNodeCliInspectArguments'), DISABLE, '--inspect is off');
  assert.equal(state('EnableEmbeddedAsarIntegrityValidation'), ENABLE, 'embedded asar integrity is on');
  assert.equal(state('OnlyLoadAppFromAsar'), ENABLE, 'only load the app from its asar is on');
}
