/**
 * What looking inside files costs the pack (issue 10 §3, docs/PERFORMANCE.md "Looking inside"):
 * the content recogniser fed the bytes the pack reads anyway, in 1 MiB chunks, in memory (no disk,
 * so only the recogniser's own CPU is measured), against the SHA-256 the pack computes per file
 * regardless:
 * - a 1 GiB `docker save` tarball (8 layers of 128 MiB): every layer is hashed a second time;
 * - 1 GiB that is not an image (random bytes, and an ordinary tar of one 1 GiB file): one sniff;
 * - 100,000 files of 1–4 KiB (a package mirror): one object and a 512-byte look per file.
 *
 * `node --import tsx bench/content.ts` (BENCH_RUNS, default 3; medians).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ContentRecognizer } from '../electron/engine/content/recognizer';
import type { PlannedEntry } from '../electron/engine/pack/scan';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MiB = 1024 * 1024;

/** A ustar header (GNU tar's fields are not needed here). */
function header(name: string, size: number): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(size.toString(8).padStart(11, '0') + '\0', 124);
  b.write('14665164000\0', 136);
  b.write('0', 156);
  b.write('ustar\u000000', 257, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A docker save tarball as a list of 1 MiB-or-smaller chunks (the layer bytes shared, not copied). */
function dockerSaveChunks(): Buffer[] {
  const layer = randomBytes(128 * MiB);
  const diff = `sha256:${sha(layer)}`;
  const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: Array(8).fill(diff) } }));
  const ids = Array.from({ length: 8 }, (_, i) => String(i + 1).repeat(64).slice(0, 64));
  const manifest = Buffer.from(JSON.stringify([{ Config: `${sha(config)}.json`, RepoTags: ['bench/image:1'], Layers: ids.map((id) => `${id}/layer.tar`) }]));
  const parts: Buffer[] = [];
  for (const id of ids) {
    parts.push(header(`${id}/layer.tar`, layer.length));
    for (let at = 0; at < layer.length; at += MiB) parts.push(layer.subarray(at, at + MiB));
  }
  parts.push(header(`${sha(config)}.json`, config.length), config, pad(config.length));
  parts.push(header('manifest.json', manifest.length), manifest, pad(manifest.length), Buffer.alloc(1024));
  return parts;
}

function entry(path: string, size: number): PlannedEntry {
  return { path, source: `/bench/${path}`, type: 'file', size, mode: '0644', mtime: 0 };
}

/** Seconds to hash (`recognise` false) or hash and recognise each file given as chunks. */
function time(files: { e: PlannedEntry; chunks: Buffer[] }[], recognise: boolean): number {
  const t = performance.now();
  const r = new ContentRecognizer(files.map((f) => f.e));
  for (const f of files) {
    const look = recognise ? r.open(f.e) : null;
    const h = createHash('sha256');
    for (const c of f.chunks) { h.update(c); look?.update(c); }
    look?.close(h.digest('hex'));
  }
  if (recognise) r.finish();
  return (performance.now() - t) / 1000;
}

function median(f: () => number): number {
  const t = Array.from({ length: RUNS }, f).sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

function report(name: string, files: { e: PlannedEntry; chunks: Buffer[] }[]): void {
  const base = median(() => time(files, false));
  const withLook = median(() => time(files, true));
  console.log(`${name.padEnd(34)} hash only ${base.toFixed(3)} s   hash + recognise ${withLook.toFixed(3)} s   extra ${(withLook - base).toFixed(3)} s`);
}

const image = dockerSaveChunks();
const imageSize = image.reduce((n, c) => n + c.length, 0);
report('docker save tar, 1 GiB', [{ e: entry('image.tar', imageSize), chunks: image }]);
const random = Array.from({ length: 1024 }, () => randomBytes(MiB));
report('random bytes, 1 GiB (image.tar)', [{ e: entry('image.tar', 1024 * MiB), chunks: random }]);
report('ordinary tar, 1 GiB', [{ e: entry('data.tar', 1024 * MiB + 1536), chunks: [header('data.bin', 1024 * MiB), ...random, Buffer.alloc(1024)] }]);
const small = Array.from({ length: 100_000 }, (_, i) => {
  const size = 1024 + ((i * 7919) % 3072);
  return { e: entry(`mirror/${String(i).padStart(6, '0')}.deb`, size), chunks: [randomBytes(size)] };
});
report('100,000 files of 1-4 KiB', small);
