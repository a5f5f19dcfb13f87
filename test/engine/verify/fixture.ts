/**
 * A small real package for verify/import tests: made by the real `pack()` from a few files and a
 * directory, signed by a fresh test key, with a trust store holding that key.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack, type PackOptions, type PackResult } from '../../../electron/engine/pack/pack';
import type { TrustStore } from '../../../electron/engine/keys/trust-store';
import { makeTestKey, makeTrustStore, type TestKey } from '../../helpers/keys';

/** 2026-01-01T00:00:00Z: packages are created at FIXED_NOW and verified at it unless a test says otherwise. */
export const FIXED_NOW = Date.UTC(2026, 0, 1);

export interface Fixture {
  dir: string;
  key: TestKey;
  store: TrustStore;
  /** Packs the standard sources (or `sources`) with `overrides`; returns the result. */
  makePackage(overrides?: Partial<PackOptions>): Promise<PackResult>;
}

/** Writes sources, a key and a trust store into `dir`. */
export async function makeFixture(dir: string): Promise<Fixture> {
  const src = join(dir, 'src');
  await mkdir(join(src, 'docs', 'deep'), { recursive: true });
  await writeFile(join(src, 'docs', 'a.txt'), 'hello, high side\n');
  await writeFile(join(src, 'docs', 'deep', 'b.bin'), Buffer.alloc(3000, 7));
  await writeFile(join(src, 'docs', 'empty.txt'), '');
  await writeFile(join(src, 'top.txt'), 'x'.repeat(1500));
  // Big enough that a 10240-byte volume size splits the payload into several volumes.
  await writeFile(join(src, 'docs', 'deep', 'c.bin'), Buffer.from(Array.from({ length: 30000 }, (_, i) => (i * 31) & 0xff)));
  const key = await makeTestKey(join(dir, 'keys'), 'alice');
  const store = await makeTrustStore(join(dir, 'trust'), [key]);
  let n = 0;
  return {
    dir,
    key,
    store,
    async makePackage(overrides = {}) {
      n++;
      const outDir = join(dir, 'out');
      await mkdir(outDir, { recursive: true });
      return pack({
        sources: [join(src, 'docs'), join(src, 'top.txt')],
        outDir,
        signingKey: key.signingKey,
        source: 'LOW',
        destination: 'HIGH',
        transferId: `T-${n}`,
        sequence: n,
        created: new Date(FIXED_NOW - 60_000),
        expires: new Date(FIXED_NOW + 86_400_000),
        operator: 'op',
        classification: 'TEST',
        purpose: 'tests',
        ticket: 'T1',
        ...overrides,
      });
    },
  };
}
