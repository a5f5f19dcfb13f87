/**
 * Fixed names and limits of the `sluice-transfer/1` package format (docs/FORMAT.md is the spec).
 * Pure data: used by the engine, the renderer and the print renderer alike.
 */

/** The format identifier written into every manifest and every trusted comment. */
export const FORMAT_VERSION = 'sluice-transfer/1';

/** Names of the files in a package directory. */
export const FILE_NAMES = {
  manifest: 'manifest.json',
  manifestSig: 'manifest.json.minisig',
  sums: 'SHA256SUMS',
  sumsSig: 'SHA256SUMS.minisig',
  filesSums: 'FILES.SHA256SUMS',
  readme: 'README.txt',
  /** Payload when it is not split. */
  payload: 'payload.tar',
} as const;

/** Name of volume `index` (0-based) of a split payload: payload.tar.001, payload.tar.002, … */
export function volumeName(index: number, count: number): string {
  if (count === 1) return FILE_NAMES.payload;
  return `${FILE_NAMES.payload}.${String(index + 1).padStart(3, '0')}`;
}

/** Limits an importer enforces; a packer refuses sources that would break them. */
export const LIMITS = {
  /** Path segments in one entry path. */
  maxDepth: 64,
  /** UTF-8 bytes in one entry path. */
  maxPathBytes: 240,
  /** Entries in one package. */
  maxEntries: 1_000_000,
  /** Largest entry size: tar-stream decodes base-256 sizes exactly only up to 2^53. */
  maxEntrySize: Number.MAX_SAFE_INTEGER,
  /** Volumes in one package. */
  maxVolumes: 999,
  /** Smallest volume size accepted when splitting (one tar record). */
  minVolumeSize: 10240,
  /** Bytes of manifest.json an importer reads before refusing (256 MiB holds ~10^6 entries). */
  maxManifestBytes: 256 * 1024 * 1024,
  /** Bytes of a .minisig file an importer reads before refusing. */
  maxSignatureBytes: 4096,
  /** Seconds a manifest's `created` may lie in the future of the importing station's clock. */
  clockSkewSeconds: 300,
  /** Latest mtime the format carries (tar-stream writes mtime as a signed 32-bit value). */
  maxMtime: 2 ** 31 - 1,
} as const;

/** Transfer ids: letters, digits, dot, underscore, hyphen; no leading dot; 1–64 characters. */
export const TRANSFER_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** Network ids (source, destination, station): same alphabet, 1–32 characters. */
export const NETWORK_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$/;

/** Lowercase hex SHA-256. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Minisign key ids as minisign prints them: 16 uppercase hex digits. */
export const KEY_ID_PATTERN = /^[0-9A-F]{16}$/;
