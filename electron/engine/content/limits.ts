/**
 * The limits of what the pack reads inside files (docs/SECURITY.md, "What is inside"). Everything
 * recognised comes from files that may be hostile; past a limit a file is reported `unreadable`
 * (or simply not recognised) and packed as it is — a limit never fails a pack and never makes
 * Sluice hold more than a few tens of MiB in memory.
 */
export const CONTENT_LIMITS = {
  /** Headers (entries, long names, pax headers) in one nested tar. */
  maxTarHeaders: 100_000,
  /** Bytes of an entry name (GNU long name or pax path). */
  maxTarName: 4096,
  /** Bytes of one pax extended header. */
  maxPaxBytes: 64 * 1024,
  /** An inner file kept in memory to be parsed (manifest.json, an image config, Chart.yaml). */
  maxKeptFile: 4 * 1024 * 1024,
  /** All inner files kept from one archive together. */
  maxKeptTotal: 32 * 1024 * 1024,
  /** A gzip file (chart .tgz, compressed image tar) is read when it is at most this big … */
  maxGzipFile: 16 * 1024 * 1024,
  /** … and decompresses to at most this (a gzip bomb stops here, without holding more). */
  maxGunzipped: 128 * 1024 * 1024,
  /** An SBOM (.json) is parsed when it is at most this big. */
  maxJsonFile: 16 * 1024 * 1024,
  /** Nesting of JSON arrays and objects accepted in an SBOM or image metadata. */
  maxJsonDepth: 64,
  /** Images in one archive, and manifests reached through OCI image indexes. */
  maxImages: 64,
  /** Chart.yaml bytes read. */
  maxChartYaml: 1024 * 1024,
} as const;
