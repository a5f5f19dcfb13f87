/**
 * The checks between the signature stage and the payload pass: SHA256SUMS's signature by the same
 * key, both checksum files byte for byte against what the manifest implies, freshness against a
 * clock fixed once, attachments, and every volume's size on disk. All small reads; no payload byte.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAMES, LIMITS } from '../../../shared/format/constants';
import { timestampSeconds, type Manifest } from '../../../shared/format/manifest';
import { renderPackageSums } from '../../../shared/format/sums';
import { verifySignature, type PublicKey } from '../crypto/minisign';
import { CappedReadError, readCapped } from './read-capped';
import { checkFilesSums, expectedSha256 } from './files-sums';
import type { ReportBuilder } from './report-builder';
import { checkTrustedComment } from './signature-stage';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const reasonOf = (e: unknown) => (e instanceof CappedReadError || e instanceof Error ? e.message : String(e));

/** SHA256SUMS.minisig: same signer as the manifest, trusted comment naming SHA256SUMS. */
export async function checkSumsSignature(dir: string, m: Manifest, key: PublicKey, b: ReportBuilder): Promise<void> {
  const read = async (name: string, cap: number) => {
    try {
      return await readCapped(join(dir, name), cap);
    } catch (e) {
      b.fail('sums-signature', name, reasonOf(e));
      return null;
    }
  };
  const sums = await read(FILE_NAMES.sums, 4096 + 100 * (m.payload.volumes.length + 2));
  const sig = await read(FILE_NAMES.sumsSig, LIMITS.maxSignatureBytes);
  if (!sums || !sig) return;
  const check = verifySignature(sums, sig.toString('utf8'), [key]);
  if (!check.ok) {
    const f = check.failure;
    // Only the manifest's signer is tried here, so "unknown" means "another key" — trusted or not;
    // minisign's "not in the trust store" would be wrong when it is another trusted signer.
    b.fail('sums-signature', FILE_NAMES.sumsSig, f.code === 'unknown-key'
      ? `signed by key ${f.keyId}, not by the manifest's signer ${key.keyId}; SHA256SUMS and manifest.json must be signed by the same key`
      : f.message);
    return;
  }
  checkTrustedComment(check.trustedComment, FILE_NAMES.sums, FILE_NAMES.sumsSig, m, b, 'sums-signature');
  b.pass('sums-signature', `SHA256SUMS signed by ${key.keyId}`);
}

/** FILES.SHA256SUMS and SHA256SUMS must be exactly what the manifest implies. */
export async function checkSums(dir: string, m: Manifest, manifestSha256: string, b: ReportBuilder): Promise<void> {
  let filesSha: string;
  try {
    const r = await checkFilesSums(join(dir, FILE_NAMES.filesSums), m);
    filesSha = r.sha256;
    if (r.problem) b.fail('sums', FILE_NAMES.filesSums, r.problem);
  } catch (e) {
    filesSha = expectedSha256(m);
    b.fail('sums', FILE_NAMES.filesSums, reasonOf(e));
  }
  const expectedSums = Buffer.from(renderPackageSums(m, manifestSha256, filesSha), 'utf8');
  try {
    const actual = await readCapped(join(dir, FILE_NAMES.sums), expectedSums.length + 1);
    if (!actual.equals(expectedSums)) b.fail('sums', FILE_NAMES.sums, 'contents differ from what the manifest and FILES.SHA256SUMS imply');
  } catch (e) {
    b.fail('sums', FILE_NAMES.sums, reasonOf(e));
  }
  b.pass('sums', 'SHA256SUMS and FILES.SHA256SUMS match the manifest');
}

/** Not expired; not created more than the allowed skew in the future of `nowSeconds`. */
export function checkFreshness(m: Manifest, nowSeconds: number, b: ReportBuilder): void {
  const created = timestampSeconds(m.created);
  const expires = timestampSeconds(m.expires);
  if (expires <= nowSeconds) b.fail('freshness', FILE_NAMES.manifest, `package expired at ${m.expires}`);
  if (created > nowSeconds + LIMITS.clockSkewSeconds) {
    b.fail('freshness', FILE_NAMES.manifest, `package was created at ${m.created}, in the future of this station's clock by more than ${LIMITS.clockSkewSeconds} s`);
  }
  b.pass('freshness', `created ${m.created}, expires ${m.expires}`);
}

/** Listed attachments: size and SHA-256 (they are small; read whole under a cap). */
export async function checkAttachments(dir: string, m: Manifest, b: ReportBuilder): Promise<void> {
  for (const a of m.attachments) {
    try {
      const bytes = await readCapped(join(dir, a.name), a.size);
      if (bytes.length !== a.size) b.fail('package-files', a.name, `attachment is ${bytes.length} bytes; the manifest says ${a.size}`);
      else if (sha256(bytes) !== a.sha256) b.fail('package-files', a.name, 'attachment SHA-256 does not match the manifest');
    } catch (e) {
      b.fail('package-files', a.name, reasonOf(e));
    }
  }
}

/**
 * Every volume is a regular file of exactly the manifest's size, checked before any is read; and the
 * sizes are the writer's cut (FORMAT.md §4.1): every volume but the last exactly the first one's size
 * N ≥ 10240, the last 1..N bytes.
 */
export async function checkVolumeSizes(dir: string, m: Manifest, b: ReportBuilder): Promise<void> {
  for (const p of volumeLayoutProblems(m.payload.volumes)) b.fail('volumes', p.where, p.reason);
  for (const v of m.payload.volumes) {
    try {
      const st = await lstat(join(dir, v.name));
      if (!st.isFile()) b.fail('volumes', v.name, 'not a regular file');
      else if (st.size !== v.size) b.fail('volumes', v.name, `volume is ${st.size} bytes; the manifest says ${v.size}`);
    } catch (e) {
      b.fail('volumes', v.name, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'volume is missing' : reasonOf(e));
    }
  }
}

/** Where the manifest's volume sizes are not a cut at multiples of one volume size. */
export function volumeLayoutProblems(volumes: readonly { name: string; size: number }[]): { where: string; reason: string }[] {
  if (volumes.length < 2) return [];
  const n = volumes[0]!.size;
  const problems: { where: string; reason: string }[] = [];
  if (n < LIMITS.minVolumeSize) problems.push({ where: volumes[0]!.name, reason: `split volume of ${n} bytes; a split payload's volume size is at least ${LIMITS.minVolumeSize} bytes` });
  volumes.forEach((v, i) => {
    if (i === 0) return;
    const last = i === volumes.length - 1;
    if (!last && v.size !== n) problems.push({ where: v.name, reason: `volume is ${v.size} bytes; every volume but the last is exactly the first one's size (${n} bytes)` });
    if (last && v.size === 0) problems.push({ where: v.name, reason: 'the last volume is empty; it holds the rest of the payload, 1 to ' + n + ' bytes' });
    if (last && v.size > n) problems.push({ where: v.name, reason: `the last volume is ${v.size} bytes, more than the volume size (${n} bytes)` });
  });
  return problems;
}
