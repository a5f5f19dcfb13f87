/**
 * `pack(options)`: sources in, one signed `sluice-transfer/1` package directory out. Scan and
 * check everything first, write into `<outDir>/<id>.partial/`, and only when every file is
 * durable rename it to `<outDir>/<id>`, so a diode's send folder never sees half a package. On any
 * failure or cancel the staging directory is removed and nothing is left behind.
 */
import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { commitPackageDir } from './commit-dir';
import { join, resolve } from 'node:path';
import { SEAL_PATTERN, type ChecklistRecord, type Manifest, type ScanRecord } from '../../../shared/format/manifest';
import type { ProgressSink } from '../../../shared/progress';
import { formatKeyId, type SigningKey } from '../crypto/minisign';
import { environmentError, isAbort, SluiceError } from '../errors';
import { OWNER_FILE, sweepPackLeftovers, writeOwnerFile, type Leftover } from '../util/leftovers';
import { PARTIAL_SUFFIX } from './durable';
import { syncDir } from '../util/atomic-write';
import { buildManifest, checkManifestFields, writePackageFiles, type ManifestFields } from './package-files';
import { checkOutputFilesystem, metadataMargin, planVolumes } from './preflight';
import { refusedError, scanSources, unreadableRefusals } from './scan';
import { payloadSize } from './tar-layout';
import { checkTransferId, generateTransferId } from './transfer-id';
import { writePayload } from './write-payload';
import { planVendorChecks, withVendorDetails, type VendorChecks } from './vendor-checksums';
import { cleanScanRecord, findingsError, scanEntries, type Scanner } from '../scan/index';
import type { ScanResult } from './scan';

export interface PackOptions {
  /** Files and directories to pack; each becomes a top-level entry named by its basename. */
  sources: string[];
  /** Directory the package directory is created in. */
  outDir: string;
  signingKey: SigningKey;
  /** Source network id (NETWORK_ID_PATTERN). */
  source: string;
  /** Destination network id. */
  destination: string;
  /** Default: T<YYYYMMDD>-<HHMMSS>-<8 hex> from `created`. */
  transferId?: string;
  /** Positive; see nextSequence(). */
  sequence: number;
  /** Default: now. */
  created?: Date;
  expires: Date;
  operator?: string;
  classification?: string;
  purpose?: string;
  ticket?: string;
  checklist?: ChecklistRecord[];
  /**
   * The number of the tamper-evident bag the medium will be sealed in, taken from numbered stock
   * before packing, so it is signed and printed. SEAL_PATTERN; otherwise SluiceError 'bad-seal'.
   */
  seal?: string;
  /**
   * Witness co-signatures the sender requires (1..16), declared as the critical `cosign`
   * extension so a reader that does not know co-signatures refuses. Otherwise 'bad-witnesses'.
   */
  requireWitnesses?: number;
  /** Split the payload into volumes of at most this many bytes. */
  volumeSize?: number;
  /**
   * The antivirus scanner to run over every source file before anything is written: a finding is
   * SluiceError 'malware-found' naming each file and signature; a failed scan is its error. The
   * clean result is signed into the manifest's `scan`; without a scanner it says 'not-scanned'.
   */
  scanner?: Scanner;
  /**
   * The checklist's vendor-checksums item was answered by the machine from a probe of the sources
   * (vendor-probe.ts): refuse ('vendor-checksums-changed') unless this pack checks at least one
   * checksum file and every one it found, so the signed answer is true of the signed package.
   */
  vendorChecksumsAnswered?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /**
   * Told of each `*.partial` folder in outDir left by an interrupted pack (its owner record names a
   * process that is gone: removed) or owned by a pack still running (left alone).
   */
  onLeftover?: (leftover: Leftover) => void;
}

export interface PackResult {
  /** The finished package directory, `<outDir>/<transferId>`. */
  packageDir: string;
  manifest: Manifest;
  /** SHA-256 of manifest.json's bytes (what the signature covers; printed on paper). */
  manifestSha256: string;
  /** The signing key's id as minisign prints it. */
  keyId: string;
}

/** Packs, signs and commits one transfer package. Throws SluiceError on refusals; AbortError on cancel. */
export async function pack(o: PackOptions): Promise<PackResult> {
  o.signal?.throwIfAborted();
  const created = o.created ?? new Date();
  const keyId = formatKeyId(o.signingKey.keyIdBytes);
  const fields: ManifestFields = {
    transferId: checkTransferId(o.transferId ?? generateTransferId(created)),
    sequence: o.sequence,
    source: o.source,
    destination: o.destination,
    created,
    expires: o.expires,
    operator: o.operator ?? '',
    classification: o.classification ?? '',
    purpose: o.purpose ?? '',
    ticket: o.ticket ?? '',
    keyId,
    checklist: o.checklist ?? [],
    ...(o.seal !== undefined ? { seal: checkSeal(o.seal) } : {}),
    ...(o.requireWitnesses !== undefined ? { requireWitnesses: checkWitnesses(o.requireWitnesses) } : {}),
  };
  checkManifestFields(fields);

  o.onProgress?.({ phase: 'scan', bytesDone: 0, bytesTotal: 0 });
  // Without the readability probe: the payload's one read of every file finds an unreadable one,
  // and packScanned then lists every such file at once. With a scanner it probes (ClamAV's own
  // read would fail first, and the antivirus scan costs far more than the probe).
  const scan = await scanSources(o.sources, { probeReadable: o.scanner !== undefined });
  // The vendor's checksum files are read now (small); the files they list are checked as they are packed.
  const vendor = await planVendorChecks(scan.entries);
  if (o.vendorChecksumsAnswered && (vendor.found === 0 || vendor.checkable !== vendor.found)) {
    throw new SluiceError('vendor-checksums-changed', `The checklist was answered "vendor checksums checked" by the machine, but this pack checks ${vendor.checkable} of ${vendor.found} checksum files in the sources (they changed since); nothing was packed. Pack again.`);
  }
  // The antivirus scan runs beside the packing, not before it (it takes far longer than the pack):
  // a finding or a failed scan stops the writing and removes the partial package.
  const av = startAntivirus(o, scan);
  try {
    return await packScanned(o, fields, scan, av, vendor);
  } finally {
    av.stop();
  }
}

async function packScanned(o: PackOptions, fields: ManifestFields, scan: ScanResult, av: Antivirus, vendor: VendorChecks): Promise<PackResult> {
  const keyId = fields.keyId;
  const size = payloadSize(scan.entries);
  const volumes = planVolumes(size, o.volumeSize);
  const outDir = resolve(o.outDir);
  const packageDir = join(outDir, fields.transferId);
  const stagingDir = packageDir + PARTIAL_SUFFIX;
  await checkOutputFilesystem(outDir, 0, volumes);
  // Before the space check: an interrupted pack's leftovers take space this one needs.
  for (const l of await sweepPackLeftovers(outDir)) o.onLeftover?.(l);
  await refuseExisting(packageDir, stagingDir);
  await checkOutputFilesystem(outDir, size + metadataMargin(scan.entries.length), volumes);
  const outDev = (await stat(outDir)).dev;

  try {
    await mkdir(stagingDir);
  } catch (e) {
    throw environmentError(e, 'create the package folder', stagingDir);
  }
  let payloadDurable: Promise<void> | undefined;
  try {
    // The owner record lets the next pack remove this folder if this process dies (kill -9, power cut).
    await writeOwnerFile(stagingDir);
    const payload = await writePayload({
      entries: scan.entries, dir: stagingDir, volumeNames: volumes.names, volumeSize: volumes.volumeSize,
      bytesTotal: scan.bytes, signal: av.signal, onProgress: o.onProgress, onFileHashed: vendor.checkEntry,
    });
    payloadDurable = payload.durable;
    // The payload is written; what is left to wait for is the scan, so its progress is what shows.
    av.showProgress();
    const avRecord = await av.record;
    if (payload.size !== size) throw new Error(`payload is ${payload.size} bytes, the layout said ${size}`);
    o.signal?.throwIfAborted();
    o.onProgress?.({ phase: 'sign', bytesDone: scan.bytes, bytesTotal: scan.bytes });
    const manifest = buildManifest({ ...fields, scan: avRecord }, scan, withVendorDetails(payload, vendor));
    const manifestSha256 = await writePackageFiles(stagingDir, manifest, o.signingKey);
    // The last volume's fsync ran while the manifest was built and signed; its rename must be
    // done before the folder's fsync makes the names durable.
    await payload.durable;
    await syncDir(stagingDir);
    o.signal?.throwIfAborted();
    o.onProgress?.({ phase: 'commit', bytesDone: scan.bytes, bytesTotal: scan.bytes });
    await refuseExisting(packageDir, null);
    await checkStillMounted(outDir, outDev);
    // The owner record is not part of the package; a crash between here and the rename leaves a
    // .partial without one, which is never removed automatically (the safe side).
    await unlink(join(stagingDir, OWNER_FILE));
    // One rename where that is safe; file by file on FAT through FUSE, which loses a renamed folder's contents (./commit-dir).
    await commitPackageDir(stagingDir, packageDir, outDir);
    return { packageDir, manifest, manifestSha256, keyId };
  } catch (caught) {
    // The writing stopped because the scan found something or failed: that is what to report.
    const e = av.failure() ?? caught;
    await payloadDurable?.catch(() => undefined);
    await rm(stagingDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    // A file the read could not open: refused like the scan's refusals, every unreadable file at once.
    if (e instanceof SluiceError && e.code === 'source-unreadable') {
      const unreadable = await unreadableRefusals(scan.entries);
      if (unreadable.length > 0) throw refusedError(unreadable);
    }
    // An ENOENT or EIO because the medium was pulled mid-write: say that, not which file vanished.
    if (!(e instanceof SluiceError) && !isAbort(e)) await checkStillMounted(outDir, outDev);
    throw environmentError(e, 'write the package', stagingDir);
  }
}

/** The antivirus scan of one pack, running beside it. */
interface Antivirus {
  /** The manifest's `scan` record: 'not-scanned' without a scanner. Rejects on a finding or a failed scan. */
  record: Promise<ScanRecord>;
  /** The pack's own signal plus "the scan failed": the writing stops at once. */
  signal: AbortSignal;
  /** The scan's error, once it failed (a finding, an error); null while it runs or when clean. */
  failure: () => unknown;
  /** From now on the scan's progress is shown (the payload is written). */
  showProgress: () => void;
  /** Stops a scan still running (the pack failed, or is done). */
  stop: () => void;
}

/**
 * Starts scanning the planned files. The files are read again for packing, so a file changed in
 * between is not what was scanned: the import side's scan of the staged bytes is the check that
 * covers exactly what crossed (docs/SECURITY.md).
 */
function startAntivirus(o: PackOptions, scan: ScanResult): Antivirus {
  const stopper = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stopper.signal]) : stopper.signal;
  const stop = () => stopper.abort();
  if (!o.scanner) return { record: Promise.resolve({ verdict: 'not-scanned' }), signal, failure: () => null, showProgress: () => undefined, stop };
  let show = false;
  let failed: { error: unknown } | null = null;
  const files = scan.entries.filter((e) => e.type === 'file').map((e) => ({ entryPath: e.path, file: e.source, size: e.size }));
  const record = scanEntries(o.scanner, files, { signal, onProgress: (p) => { if (show) o.onProgress?.(p); } }).then((outcome) => {
    if (outcome.verdict !== 'clean') throw findingsError(outcome, 'nothing was packed');
    return cleanScanRecord(outcome);
  });
  // Recorded before the writing is stopped, so the pack reports the scan's error, not the abort.
  record.catch((error: unknown) => { if (!stopper.signal.aborted) { failed = { error }; stop(); } });
  return { record, signal, failure: () => failed?.error ?? null, showProgress: () => { show = true; }, stop };
}

/** The seal number as given, or SluiceError 'bad-seal' (a typo here would be signed for good). */
export function checkSeal(seal: string): string {
  if (!SEAL_PATTERN.test(seal)) {
    throw new SluiceError('bad-seal', `"${JSON.stringify(seal).slice(1, -1)}" is not a seal number: use the 4–32 letters, digits or hyphens printed on the bag.`);
  }
  return seal;
}

function checkWitnesses(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new SluiceError('bad-witnesses', `a package can require 1 to 16 witness co-signatures, not ${n}.`);
  return n;
}

/** Refuses when outDir is no longer the folder the pack started in (the medium was unmounted or swapped). */
async function checkStillMounted(outDir: string, dev: number): Promise<void> {
  const now = await stat(outDir).catch(() => null);
  if (now?.dev !== dev) {
    throw new SluiceError('target-gone', `The target ${outDir} was unmounted or replaced while the package was being written; nothing was committed. Mount the medium again and repeat the pack.`);
  }
}

async function refuseExisting(packageDir: string, stagingDir: string | null): Promise<void> {
  for (const dir of [packageDir, stagingDir]) {
    if (dir === null) continue;
    const exists = await stat(dir).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT');
    if (exists) {
      throw new SluiceError('package-exists', dir === packageDir
        ? `${dir} already exists; choose another transfer id or output directory.`
        : `${dir} exists: a pack of this transfer is running or was interrupted. Remove it once no pack is running.`);
    }
  }
}
