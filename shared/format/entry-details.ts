/**
 * Optional per-entry `details` in the manifest (docs/FORMAT.md §3.10): what Sluice recognised
 * inside a file or folder while packing it — the images of a `docker save` tarball or an OCI
 * layout, a Helm chart's name and version, what an SBOM describes, a cosign signature carried
 * beside an image — so an officer sees "Images: gcr.io/x/python:3.11 sha256:…" rather than one
 * opaque 2.5 GB file.
 *
 * Every string here was read from a file being packed, so on the import side it is hostile even
 * under a valid signature: each is bounded and holds no refused character (text-rules.ts), and
 * whatever shows it escapes it (display-text.ts). Unknown keys are ignored (format 1 grows this
 * way, §9); a known key whose value breaks its rule makes the manifest invalid.
 *
 * Other kinds of detail add their keys to ENTRY_DETAIL_SHAPE (one line each), after the existing
 * ones: the order of the shape is the order a writer emits the keys in (FORMAT.md §3: the manifest
 * is canonical JSON, so a writer must produce a fixed key order).
 */
import { z } from 'zod';
import { NO_FORBIDDEN_CHARS } from './text-rules';
import { VENDOR_CHECKSUM_DETAIL_SHAPE } from './vendor-checksums';

const safeCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Bounded text with no refused character (FORMAT.md §3.8). */
const text = (max: number) => z.string().min(1).max(max).regex(NO_FORBIDDEN_CHARS, 'contains a control or invisible character');

/** An OCI content digest as Sluice records it: only SHA-256, lowercase hex. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
const digest = z.string().regex(DIGEST_PATTERN);

/** Limits on what one entry's details may hold (a writer stops recognising beyond them). */
export const DETAIL_LIMITS = {
  /** Images in one tarball or layout. */
  maxImages: 64,
  /** References (repo:tag) of one image. */
  maxReferences: 64,
  /** Layers of one image. */
  maxLayers: 1024,
  /** Characters of a reference: a 255-character name, ':' and a 128-character tag, with room. */
  maxReference: 512,
  /** Packages an SBOM is recorded as describing. */
  maxDescribes: 32,
} as const;

const layer = z.looseObject({ digest, size: safeCount });

/** One image: how it is named, its config (the image id), its platform and its layers. */
const image = z.looseObject({
  /** `registry/name:tag` as the tarball names it; empty for an untagged image. */
  references: z.array(text(DETAIL_LIMITS.maxReference)).max(DETAIL_LIMITS.maxReferences),
  /** Digest of the image's config blob (docker's image id). */
  config: digest,
  /** OCI layouts only: the digest of the image manifest (what a registry and cosign name). */
  manifest: digest.optional(),
  /** From the config: `os/architecture[/variant]`, e.g. `linux/arm64/v8`. */
  platform: text(64).optional(),
  /** In the manifest's order: each layer's digest as the manifest names it and its size in the archive. */
  layers: z.array(layer).max(DETAIL_LIMITS.maxLayers),
});

/** `image`: a `docker save` tarball (`layout: "docker-save"`) or an OCI image layout (`"oci"`), as a tar or a folder. */
const imageDetails = z.looseObject({
  layout: text(32),
  images: z.array(image).min(1).max(DETAIL_LIMITS.maxImages),
});

/** `chart`: a Helm chart archive's `Chart.yaml`. */
const chartDetails = z.looseObject({
  name: text(128),
  version: text(64),
  appVersion: text(64).optional(),
});

const described = z.looseObject({ name: text(256), version: text(128).optional() });

/** `sbom`: an SPDX or CycloneDX JSON document and what it describes. */
const sbomDetails = z.looseObject({
  /** "SPDX" or "CycloneDX". */
  format: text(32),
  /** SPDX `spdxVersion` (e.g. "SPDX-2.3") or CycloneDX `specVersion` (e.g. "1.5"). */
  specVersion: text(32),
  /** SPDX document `name`. */
  name: text(256).optional(),
  /** SPDX `documentNamespace`. */
  documentNamespace: text(1024).optional(),
  /** SPDX: the packages the document DESCRIBES; CycloneDX: metadata.component. */
  describes: z.array(described).max(DETAIL_LIMITS.maxDescribes),
});

/**
 * `signatureFile`: a signature or attestation carried beside an image (cosign's
 * `sha256-<hex>.sig`/`.att`/`.sbom`, or `<image>.sig`/`.bundle`). Present, not checked by Sluice.
 */
const signatureFileDetails = z.looseObject({
  /** "cosign-signature", "cosign-attestation", "cosign-sbom", "signature" or "sigstore-bundle". */
  kind: text(32),
  /** The digest its name says it is for (`sha256-<hex>.sig` → `sha256:<hex>`). */
  subject: digest.optional(),
  /** The entry path of the image file beside it that it is named after. */
  for: text(1000).optional(),
});

/**
 * `unreadable`: the file looked like one of the kinds above but could not be read within Sluice's
 * limits (a malformed tar, a gzip bomb, a JSON too deep). Informational: its bytes are still packed.
 */
const unreadableDetails = z.looseObject({
  /** "image", "chart" or "sbom": what it looked like. */
  kind: text(32),
  reason: text(300),
});

/** Every detail key a format-1 reader knows, in the order a writer emits them. */
export const ENTRY_DETAIL_SHAPE = {
  image: imageDetails.optional(),
  chart: chartDetails.optional(),
  sbom: sbomDetails.optional(),
  signatureFile: signatureFileDetails.optional(),
  unreadable: unreadableDetails.optional(),
  ...VENDOR_CHECKSUM_DETAIL_SHAPE,
  // Further kinds go here, one line each.
};

/** The schema of one entry's `details`: an object holding at least one key. */
export const entryDetailsSchema = z.looseObject(ENTRY_DETAIL_SHAPE).refine((d) => Object.keys(d).length > 0, 'details is empty: omit it instead');

export type EntryDetails = z.infer<typeof entryDetailsSchema>;
export type ImageDetails = z.infer<typeof imageDetails>;
export type ImageRecord = z.infer<typeof image>;
export type ChartDetails = z.infer<typeof chartDetails>;
export type SbomDetails = z.infer<typeof sbomDetails>;
export type SignatureFileDetails = z.infer<typeof signatureFileDetails>;
export type UnreadableDetails = z.infer<typeof unreadableDetails>;

/**
 * Merges the details several recognisers found for one entry into one object with its keys in
 * ENTRY_DETAIL_SHAPE's order (a later part's key replaces an earlier one's). Returns undefined
 * when nothing was found, so the writer omits `details` and the entry is byte for byte what
 * earlier versions wrote.
 */
export function mergeDetails(...parts: (Partial<EntryDetails> | undefined)[]): EntryDetails | undefined {
  // A Map and Object.fromEntries define own keys: assigning to a plain object would treat a key
  // named "__proto__" as the prototype, and `in` would see Object.prototype's "constructor".
  const all = new Map<string, unknown>();
  for (const p of parts) if (p) for (const [k, v] of Object.entries(p)) if (v !== undefined) all.set(k, v);
  const known = Object.keys(ENTRY_DETAIL_SHAPE).filter((k) => all.has(k));
  // Keys this build does not know (none are written today) keep their order after the known ones.
  const unknown = [...all.keys()].filter((k) => !Object.hasOwn(ENTRY_DETAIL_SHAPE, k));
  const ordered: Record<string, unknown> = Object.fromEntries([...known, ...unknown].map((k) => [k, all.get(k)]));
  return Object.keys(ordered).length > 0 ? (ordered as EntryDetails) : undefined;
}
