/**
 * Hostile payloads split into volumes: the refusal must not depend on where a volume boundary
 * falls — a hostile header wholly in a later volume, and one straddling two volumes. And volume
 * sizes no writer produces (FORMAT.md §4.1: every volume but the last exactly N ≥ 10240 bytes, the
 * last 1..N), refused from the manifest before any volume is read.
 */
import { dirname, join } from 'node:path';
import { NOTES } from './benign';
import { dirEntry, fileEntry } from './signed-package';
import { RawTarWriter } from '../raw-tar';
import { LIMITS } from '../../../shared/format/constants';
import type { HostileCase } from './types';

const BIG = Buffer.alloc(12_000, 0x42);

/** Cuts `payload` into volumes of `size` bytes (the last one shorter). */
export function splitVolumes(payload: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < payload.length; at += size) out.push(payload.subarray(at, at + size));
  return out;
}

/** big.bin (12 000 bytes, so the next headers fall after the first 10 240-byte volume), then the benign tree. */
const entriesWithBig = () => [fileEntry('big.bin', BIG), dirEntry('docs'), fileEntry('docs/hello.txt', 'hi\n'), fileEntry('notes.txt', NOTES)];
const prefixWithBig = () => new RawTarWriter().file('big.bin', BIG).dir('docs').file('docs/hello.txt', 'hi\n');

export const VOLUME_CASES: HostileCase[] = [
  {
    id: 't-split-traversal',
    title: 'split payload: a .. traversal header in the second volume',
    check: 'archive',
    reason: /path "\.\.\/\.\.\/sentinel\/pwned" does not match the manifest's "notes\.txt"/,
    build: () => ({
      entries: entriesWithBig(),
      volumes: splitVolumes(prefixWithBig().file('../../sentinel/pwned', NOTES).end().bytes(), LIMITS.minVolumeSize),
    }),
    escapeTargets: (ctx) => [join(ctx.sentinel, 'pwned'), join(dirname(ctx.sandbox), 'sentinel', 'pwned')],
  },
  {
    id: 't-split-straddling-symlink',
    title: 'split payload: a symlink header straddling two volumes',
    check: 'archive',
    reason: /link/i,
    build: (ctx) => {
      // big.bin's header + 12 000 bytes padded = 12 800; docs/ and hello.txt take 1 536 more, so
      // notes.txt's header starts at 14 336; volumes of 14 336 + 200 bytes cut it in two.
      const payload = prefixWithBig().entry({ name: 'notes.txt', typeflag: '2', linkname: ctx.sentinel, size: 0 }).end().bytes();
      return { entries: [...entriesWithBig().slice(0, 3), fileEntry('notes.txt', '')], volumes: splitVolumes(payload, 14_336 + 200) };
    },
    escapeTargets: (ctx) => [join(ctx.sentinel, 'notes.txt')],
    probe: (seen, ctx) => {
      const notes = seen.members[3];
      if (notes?.type !== '2' || notes.linkname !== ctx.sentinel) throw new Error('tarfile sees no symlink across the volume boundary');
    },
  },
];

/** Cuts `payload` at the given sizes, in order (the last volume gets whatever is left). */
function cutAt(payload: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(payload.subarray(at, at + n));
    at += n;
  }
  out.push(payload.subarray(at));
  return out;
}

const honestBig = () => prefixWithBig().file('notes.txt', NOTES).end().bytes();
const volumeCase = (id: string, title: string, reason: RegExp, volumes: () => Uint8Array[], entries = entriesWithBig): HostileCase => ({
  id: `v-${id}`, title, check: 'volumes', reason, build: () => ({ entries: entries(), volumes: volumes() }),
});
const BIGGER = Buffer.alloc(30_000, 0x43);
const EXACT = Buffer.alloc(18_944, 0x44);

VOLUME_CASES.push(
  volumeCase('uneven', 'a middle volume shorter than the first',
    /volume is 4000 bytes; every volume but the last is exactly the first one's size \(10240 bytes\)/,
    () => cutAt(honestBig(), [LIMITS.minVolumeSize, 4000])),
  volumeCase('empty-last', 'an empty last volume after an honest cut',
    /the last volume is empty/,
    // 512 + 18 944 + 1024 = exactly two volumes of 10 240 bytes, then an empty third.
    () => [...splitVolumes(new RawTarWriter().file('exact.bin', EXACT).end().bytes(), LIMITS.minVolumeSize), new Uint8Array(0)],
    () => [fileEntry('exact.bin', EXACT)]),
  volumeCase('small', 'volumes of 4096 bytes (below the 10240-byte minimum)',
    /split volume of 4096 bytes; a split payload's volume size is at least 10240 bytes/,
    () => splitVolumes(honestBig(), 4096)),
  volumeCase('last-longer', 'a last volume longer than the others',
    /the last volume is \d+ bytes, more than the volume size \(10240 bytes\)/,
    () => cutAt(new RawTarWriter().file('big.bin', BIGGER).end().bytes(), [LIMITS.minVolumeSize]),
    () => [fileEntry('big.bin', BIGGER)]),
);
