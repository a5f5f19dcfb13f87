/**
 * The 'package-files' check: a package directory holds exactly the files the format allows —
 * the fixed names (README.txt included), the payload volumes the manifest lists, attachments the
 * manifest lists, and co-signatures (`cosign-<KEYID>.minisig`, KEYID 16 uppercase hex digits) —
 * all regular files, no subdirectories, no links. The directory itself is named after the
 * transfer id, and a `<id>.partial` directory is a pack that never finished (FORMAT.md §2).
 */
import { readdir, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import { FILE_NAMES } from '../../../shared/format/constants';
import type { Manifest } from '../../../shared/format/manifest';
import { displayText, quoted } from '../../../shared/format/display-text';

/** One problem with the package directory: the offending name and why. */
export interface ListingProblem {
  where: string;
  reason: string;
}

/** What the directory holds: regular file names, and every entry that is not a regular file. */
export interface PackageListing {
  /** The package directory's own name (after resolving links to it), which must be the transfer id. */
  name: string;
  files: string[];
  problems: ListingProblem[];
}

const REQUIRED = [FILE_NAMES.manifest, FILE_NAMES.manifestSig, FILE_NAMES.sums, FILE_NAMES.sumsSig, FILE_NAMES.filesSums, FILE_NAMES.readme];
const FIXED = new Set<string>(REQUIRED);
/** A writer's staging name (FORMAT.md §2): never a package, even when everything inside verifies. */
const PARTIAL_SUFFIX = '.partial';
const VOLUME_LIKE = /^payload\.tar(\.[0-9]{3})?$/;
/** A co-signature's file name: `cosign-<KEYID>.minisig`, KEYID as minisign prints it (FORMAT.md §5.1). */
export const COSIGN_FILE = /^cosign-[0-9A-F]{16}\.minisig$/;
/** Anything else that looks like a co-signature is refused with a reason that says so. */
const COSIGN_LIKE = /^cosign-/;

/** Lists the package directory without following links. Throws when it cannot be read. */
export async function listPackage(dir: string): Promise<PackageListing> {
  const name = basename(await realpath(dir));
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
  return { name, files, problems };
}

/**
 * Names that should not be there and names that are missing. Without a trusted manifest, volumes
 * are judged by their name pattern only and no attachment can be accepted.
 */
export function listingProblems(listing: PackageListing, manifest: Manifest | null): ListingProblem[] {
  const problems = [...listing.problems, ...directoryNameProblems(listing.name, manifest), ...attachmentNameProblems(manifest)];
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

/**
 * The directory's name: never `<anything>.partial` (an interrupted pack), and, once the manifest is
 * authentic, exactly its transferId — so a copy under another name (`cp -a T1 Other`) is not the
 * package T1, and what the officer picked is what the papers and the ledger will call it.
 */
function directoryNameProblems(name: string, manifest: Manifest | null): ListingProblem[] {
  const where = displayText(name, { max: 80 });
  if (name.endsWith(PARTIAL_SUFFIX)) {
    return [{ where, reason: `a directory whose name ends in "${PARTIAL_SUFFIX}" is a pack that never finished, not a package; pack again` }];
  }
  if (manifest && name !== manifest.transferId) {
    return [{ where, reason: `the package directory is named ${quoted(name, { max: 80 })} but its manifest's transferId is ${quoted(manifest.transferId)}; a package must keep its transfer id as its name (rename the folder back)` }];
  }
  return [];
}

/**
 * Attachment names (FORMAT.md §3.6) never take a name the format gives another file — a fixed name,
 * a volume name (used or not), a co-signature name, a writer's `.partial` — and never repeat, each
 * compared without case: on FAT or exFAT media `readme.txt` IS `README.txt`.
 */
export function attachmentNameProblems(manifest: Manifest | null): ListingProblem[] {
  const problems: ListingProblem[] = [];
  const fixed = new Set([...FIXED].map((n) => n.toLowerCase()));
  const seen = new Set<string>();
  for (const a of manifest?.attachments ?? []) {
    const key = a.name.toLowerCase();
    const reserved = fixed.has(key) ? 'a file of the format' : VOLUME_LIKE.test(key) ? 'payload volumes'
      : COSIGN_LIKE.test(key) ? 'co-signatures' : key.endsWith(PARTIAL_SUFFIX) ? "a writer's unfinished files" : null;
    if (reserved) problems.push({ where: a.name, reason: `attachment name is reserved for ${reserved} (compared without case)` });
    else if (seen.has(key)) problems.push({ where: a.name, reason: 'attachment name repeats another attachment (compared without case)' });
    seen.add(key);
  }
  return problems;
}
