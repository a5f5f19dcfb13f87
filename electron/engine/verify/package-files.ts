/**
 * The 'package-files' check: a package directory holds exactly the files the format allows —
 * the fixed names, the payload volumes the manifest lists, attachments the manifest lists, and
 * co-signatures (`cosign-<KEYID>.minisig`, KEYID 16 uppercase hex digits) — all regular files, no
 * subdirectories, no links.
 */
import { readdir } from 'node:fs/promises';
import { FILE_NAMES } from '../../../shared/format/constants';
import type { Manifest } from '../../../shared/format/manifest';

/** One problem with the package directory: the offending name and why. */
export interface ListingProblem {
  where: string;
  reason: string;
}

/** What the directory holds: regular file names, and every entry that is not a regular file. */
export interface PackageListing {
  files: string[];
  problems: ListingProblem[];
}

const REQUIRED = [FILE_NAMES.manifest, FILE_NAMES.manifestSig, FILE_NAMES.sums, FILE_NAMES.sumsSig, FILE_NAMES.filesSums];
const FIXED = new Set<string>([...REQUIRED, FILE_NAMES.readme]);
const VOLUME_LIKE = /^payload\.tar(\.[0-9]{3})?$/;
/** A co-signature's file name: `cosign-<KEYID>.minisig`, KEYID as minisign prints it (FORMAT.md §5.1). */
export const COSIGN_FILE = /^cosign-[0-9A-F]{16}\.minisig$/;
/** Anything else that looks like a co-signature is refused with a reason that says so. */
const COSIGN_LIKE = /^cosign-/;

/** Lists the package directory without following links. Throws when it cannot be read. */
export async function listPackage(dir: string): Promise<PackageListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  const problems: ListingProblem[] = [];
  for (const e of entries) {
    if (e.isFile()) files.push(e.name);
    else if (e.isDirectory()) problems.push({ where: e.name, reason: 'subdirectory in the package directory' });
    else if (e.isSymbolicLink()) problems.push({ where: e.name, reason: 'symbolic link in the package directory' });
    else problems.push({ where: e.name, reason: 'special file (not a regular file) in the package directory' });
  }
  files.sort();
  return { files, problems };
}

/**
 * Names that should not be there and names that are missing. Without a trusted manifest, volumes
 * are judged by their name pattern only and no attachment can be accepted.
 */
export function listingProblems(listing: PackageListing, manifest: Manifest | null): ListingProblem[] {
  const problems = [...listing.problems];
  const volumes = new Set(manifest?.payload.volumes.map((v) => v.name) ?? []);
  const attachments = new Set(manifest?.attachments.map((a) => a.name) ?? []);
  const present = new Set(listing.files);
  for (const name of listing.files) {
    if (FIXED.has(name) || COSIGN_FILE.test(name)) continue;
    if (manifest ? volumes.has(name) || attachments.has(name) : VOLUME_LIKE.test(name)) continue;
    problems.push({
      where: name,
      reason: VOLUME_LIKE.test(name)
        ? 'payload volume not listed in the manifest'
        : COSIGN_LIKE.test(name)
          ? 'co-signature file name must be cosign-<KEYID>.minisig, KEYID being 16 uppercase hex digits'
          : 'file is not part of the package format (and not a listed attachment)',
    });
  }
  const required = [...REQUIRED, ...volumes, ...attachments];
  for (const name of required) {
    if (!present.has(name) && !listing.problems.some((p) => p.where === name)) problems.push({ where: name, reason: 'missing from the package directory' });
  }
  return problems;
}
