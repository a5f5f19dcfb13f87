/**
 * Builds `sluice-transfer/1` packages for the defence tests from bytes the TEST writes, following
 * docs/FORMAT.md rather than Sluice's writer: the manifest is a literal object serialised as §3
 * says, the checksum lines are written here (§6), the tar comes from test/helpers/raw-tar.ts, and
 * every `.minisig` is made here with tweetnacl and BLAKE2b (§5). So a test that removes a defence
 * from the verifier cannot also change what the package holds or what the test expects.
 *
 *   const k = testKey(1);
 *   const dir = await writePackage(root, { id: 'D-1' }, k);           // a package that verifies
 *   const dir = await writePackage(root, { id: 'D-2', comment: (f) => `…` }, k);   // a lie in it
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { blake2b } from '@noble/hashes/blake2.js';
import { RawTarWriter } from '../../helpers/raw-tar';

/** A signing key as the test holds it. */
export interface TestKey {
  idBytes: Uint8Array;
  /** minisign's key id: the 8 bytes as a little-endian u64, 16 uppercase hex digits (§5). */
  keyId: string;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** A deterministic key; `n` picks both the seed and the key id. */
export function testKey(n: number): TestKey {
  const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(n));
  const idBytes = new Uint8Array([n, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0x0d]);
  return { idBytes, keyId: Buffer.from(idBytes).reverse().toString('hex').toUpperCase(), secretKey: pair.secretKey, publicKey: pair.publicKey };
}

/** The trust-store shape the verifier takes, trusting exactly `keys` as signers. */
export function storeOf(...keys: TestKey[]) {
  return {
    keys: keys.map((k, i) => ({ keyIdBytes: k.idBytes, keyId: k.keyId, publicKey: k.publicKey, label: `key${i + 1}`, fingerprint: 'test' })),
    revoked: [],
  };
}

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A minisign `ED` signature file over `bytes`, written from FORMAT.md §5. */
export function minisig(bytes: Uint8Array, k: TestKey, trustedComment: string, untrustedComment = 'signature from the defence tests'): string {
  const signature = nacl.sign.detached(blake2b(bytes, { dkLen: 64 }), k.secretKey);
  const global = nacl.sign.detached(Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), k.secretKey);
  const blob = Buffer.concat([Buffer.from('ED'), k.idBytes, signature]);
  return `untrusted comment: ${untrustedComment}\n${blob.toString('base64')}\ntrusted comment: ${trustedComment}\n${Buffer.from(global).toString('base64')}\n`;
}

/** 2026-01-01T00:00:00Z: the packages here are created then and expire a week later. */
export const CREATED = '2026-01-01T00:00:00Z';
export const EXPIRES = '2026-01-08T00:00:00Z';
/** A station clock inside that window (ms). */
export const NOW = Date.UTC(2026, 0, 2);
export const MTIME = 1_700_000_000;

export const HELLO = 'hello, high side\n';
export const TOP = 'x'.repeat(700);

/** The benign tar: docs/, docs/a.txt, top.txt — laid out as FORMAT.md §4.1 says. */
export function benignTar(): RawTarWriter {
  return new RawTarWriter().dir('docs', { mtime: MTIME }).file('docs/a.txt', HELLO, { mtime: MTIME }).file('top.txt', TOP, { mtime: MTIME });
}

/** The manifest entries describing benignTar(), key order as §3.2 shows. */
export function benignEntries(): Record<string, unknown>[] {
  return [
    { path: 'docs', type: 'dir', size: 0, mode: '0755', mtime: MTIME },
    { path: 'docs/a.txt', type: 'file', size: HELLO.length, mode: '0644', mtime: MTIME, sha256: sha256(HELLO) },
    { path: 'top.txt', type: 'file', size: TOP.length, mode: '0644', mtime: MTIME, sha256: sha256(TOP) },
  ];
}

export interface Spec {
  id: string;
  seq?: number;
  /** Manifest entries (default benignEntries()). */
  entries?: Record<string, unknown>[];
  /** Volume bytes (default the benign tar, one volume). */
  volumes?: Uint8Array[];
  expires?: string;
  /** Changes the manifest object after it is filled in and before it is serialised. */
  tweak?: (m: Record<string, any>) => void;
  /** The trusted comment each signature carries (default: §5's, with the manifest's values). */
  comment?: (file: 'manifest.json' | 'SHA256SUMS', m: Record<string, any>) => string;
  /** Rewrites a finished `.minisig` text before it is written. */
  editSig?: (file: 'manifest.json.minisig' | 'SHA256SUMS.minisig', text: string) => string;
}

/** What writePackage wrote. */
export interface Written {
  dir: string;
  manifest: Record<string, any>;
  manifestBytes: Buffer;
}

/**
 * Writes the package `<root>/<id>/` (volumes at `join(dir, name)`, whatever the name says) and
 * returns it. Every hash and signature is right for the bytes written unless the spec says otherwise.
 */
export async function writePackage(root: string, spec: Spec, k: TestKey): Promise<Written> {
  const entries = spec.entries ?? benignEntries();
  const volumes = (spec.volumes ?? [benignTar().end().bytes()]).map((v) => Buffer.from(v));
  const payload = Buffer.concat(volumes);
  const files = entries.filter((e) => e.type === 'file');
  const m: Record<string, any> = {
    format: 'sluice-transfer/1',
    critical: [],
    transferId: spec.id,
    sequence: spec.seq ?? 1,
    source: 'LOW',
    destination: 'HIGH',
    created: CREATED,
    expires: spec.expires ?? EXPIRES,
    operator: 'Defence Tests',
    classification: 'TEST',
    purpose: 'a defence must refuse this',
    ticket: 'T-9',
    signer: { keyId: k.keyId },
    payload: {
      size: payload.length,
      sha256: sha256(payload),
      volumes: volumes.map((v, i) => ({ name: volumes.length === 1 ? 'payload.tar' : `payload.tar.${String(i + 1).padStart(3, '0')}`, size: v.length, sha256: sha256(v) })),
    },
    entries,
    totals: { files: files.length, directories: entries.length - files.length, bytes: files.reduce((n, e) => n + (e.size as number), 0) },
    checklist: [],
    attachments: [],
  };
  spec.tweak?.(m);
  const manifestBytes = Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8');
  const filesSums = Buffer.from(files.map((e) => `${e.sha256}  ${e.path}\n`).join(''), 'utf8');
  const sums = Buffer.from(
    [`${sha256(manifestBytes)}  manifest.json\n`, `${sha256(filesSums)}  FILES.SHA256SUMS\n`, ...m.payload.volumes.map((v: { name: string; sha256: string }) => `${v.sha256}  ${v.name}\n`)].join(''),
    'utf8',
  );
  const comment = spec.comment ?? ((file, mm) => `sluice-transfer/1 file=${file} id=${mm.transferId} seq=${mm.sequence} from=${mm.source} to=${mm.destination}`);
  const edit = spec.editSig ?? ((_f, text) => text);

  const dir = join(root, spec.id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), manifestBytes);
  await writeFile(join(dir, 'manifest.json.minisig'), edit('manifest.json.minisig', minisig(manifestBytes, k, comment('manifest.json', m))));
  await writeFile(join(dir, 'SHA256SUMS'), sums);
  await writeFile(join(dir, 'SHA256SUMS.minisig'), edit('SHA256SUMS.minisig', minisig(sums, k, comment('SHA256SUMS', m))));
  await writeFile(join(dir, 'FILES.SHA256SUMS'), filesSums);
  await writeFile(join(dir, 'README.txt'), `Transfer ${spec.id}, written by the defence tests.\n`);
  for (const [i, v] of (m.payload.volumes as { name: string }[]).entries()) await writeFile(join(dir, v.name), volumes[i]!);
  return { dir, manifest: m, manifestBytes };
}
