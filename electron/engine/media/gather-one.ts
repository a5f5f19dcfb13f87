/**
 * Gathering a media set one medium at a time, for a station with one USB port: each call adds one
 * medium's volumes to `<into>/<transferId>.gathering/` (SHA-256 of each volume checked against the
 * signed manifest as it is copied), and the call that brings the last volume renames the folder to
 * `<into>/<transferId>/` — an ordinary package to verify. A record of the media gathered so far
 * (`.sluice-gather.json`, removed before that rename) ties the folder to one set: a medium of
 * another set (other transfer id or manifest) or another set size is refused and named, and the
 * gathered state is untouched. A volume is copied as `<name>.partial` and renamed when it matched,
 * so an interrupted copy never counts as gathered.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseManifest, type Manifest } from '../../../shared/format/manifest';
import { SHA256_PATTERN, TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { displayText } from '../../../shared/format/display-text';
import { environmentError, SluiceError } from '../errors';
import { replaceFileAtomically, syncDir } from '../util/atomic-write';
import { copyHashing } from './copy-hashing';
import { findMedium, GatherRefusal } from './gather';

/** The record of a gathering in progress, beside the files it gathered. */
export const GATHER_STATE = '.sluice-gather.json';

const stateSchema = z.strictObject({
  transferId: z.string().regex(TRANSFER_ID_PATTERN),
  manifestSha256: z.string().regex(SHA256_PATTERN),
  of: z.number().int().min(1).max(999),
  media: z.array(z.number().int().min(1).max(999)).max(999),
});
type GatherState = z.infer<typeof stateSchema>;

/** Where a gathering stands after one medium. */
export interface GatherStep {
  transferId: string;
  /** The medium just gathered (or found already gathered). */
  medium: number;
  of: number;
  /** Media gathered so far, and those still to come. */
  gathered: number[];
  missing: number[];
  /** True when this medium had been gathered before: nothing was copied. */
  again: boolean;
  /** The finished package folder once every volume is in; null while media are missing. */
  packageDir: string | null;
  manifest: Manifest;
}

/** The folder a gathering of `transferId` accumulates in. */
export function gatheringDir(into: string, transferId: string): string {
  return join(resolve(into), `${transferId}.gathering`);
}

async function readState(dir: string): Promise<GatherState | null> {
  const text = await readFile(join(dir, GATHER_STATE), 'utf8').catch(() => null);
  if (text === null) return null;
  const r = stateSchema.safeParse((() => { try { return JSON.parse(text); } catch { return null; } })());
  if (!r.success) throw new SluiceError('gather-state-damaged', `${join(dir, GATHER_STATE)} is damaged; remove ${dir} and gather every medium again.`);
  return r.data;
}

/** Adds the medium at `source` to the gathering of its set in `into`; finishes the package with the last one. */
export async function gatherOneMedium(source: string, into: string, signal?: AbortSignal): Promise<GatherStep> {
  const found = await findMedium(source);
  const { transferId, of, medium } = found.label;
  if (found.manifestSha256 !== found.label.manifestSha256) {
    throw new GatherRefusal(`${displayText(source)} does not hold the package its label names`, [{ source, reason: `its manifest.json has SHA-256 ${found.manifestSha256}, the label says ${found.label.manifestSha256}` }]);
  }
  const parsed = parseManifest(found.manifestBytes.toString('utf8'));
  if (!parsed.ok) throw new GatherRefusal(`The manifest of ${transferId} is unreadable`, [{ source, reason: parsed.problems[0] ?? 'bad manifest.json' }]);
  const manifest = parsed.manifest;
  const sums = new Map(manifest.payload.volumes.map((v) => [v.name, v.sha256]));
  const unknown = found.label.volumes.filter((v) => !sums.has(v));
  if (unknown.length) throw new GatherRefusal(`${displayText(source)} carries volumes its manifest does not list`, unknown.map((v) => ({ source, reason: `${v} is not in the manifest` })));
  const target = join(resolve(into), transferId);
  if (await stat(target).then(() => true, () => false)) throw new SluiceError('package-exists', `${target} already exists: this set was gathered. Remove it or gather into another folder.`);
  const dir = gatheringDir(into, transferId);
  let state = await readState(dir);
  if (state && (state.manifestSha256 !== found.manifestSha256 || state.of !== of)) {
    throw new GatherRefusal(`${displayText(source)} is not a medium of the set being gathered in ${dir}; nothing was copied:`, [{
      source, reason: state.manifestSha256 !== found.manifestSha256
        ? `medium of another set (manifest ${found.manifestSha256.slice(0, 16)}…), not of ${transferId} (manifest ${state.manifestSha256.slice(0, 16)}…)`
        : `says medium ${medium} of ${of}; the set being gathered has ${state.of}`,
    }]);
  }
  const volumeNames = new Set(sums.keys());
  const again = state?.media.includes(medium) ?? false;
  try {
    if (!state) {
      // A folder left without a record is not this tool's to reuse: refuse rather than mix.
      if (await stat(dir).then(() => true, () => false)) throw new SluiceError('package-exists', `${dir} exists but holds no gathering record; remove it and gather again.`);
      await mkdir(dir);
      // The package files from the first medium gathered (their signatures are checked by verify).
      for (const name of (await readdir(found.packageDir)).filter((n) => !volumeNames.has(n)).sort()) {
        if (!(await stat(join(found.packageDir, name))).isFile()) continue;
        await copyHashing(join(found.packageDir, name), join(dir, name), signal);
      }
      state = { transferId, manifestSha256: found.manifestSha256, of, media: [] };
    }
    if (!again) {
      for (const v of found.label.volumes) {
        if (await stat(join(dir, v)).then(() => true, () => false)) continue;
        const part = join(dir, `${v}.partial`);
        await rm(part, { force: true });
        const sha = await copyHashing(join(found.packageDir, v), part, signal).catch((e: unknown) => {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new GatherRefusal('A volume is missing from its medium', [{ source, reason: `${v} is listed on its label but not on the medium` }]);
          throw e;
        });
        if (sha !== sums.get(v)) {
          await rm(part, { force: true });
          throw new GatherRefusal('A volume read from its medium does not match the signed manifest; it was not gathered:', [{ source, reason: `${v} has SHA-256 ${sha}, the manifest says ${sums.get(v)}` }]);
        }
        await rename(part, join(dir, v));
      }
      state = { ...state, media: [...state.media, medium].sort((a, b) => a - b) };
      await syncDir(dir);
      await replaceFileAtomically(join(dir, GATHER_STATE), `${JSON.stringify(state)}\n`, 0o600);
    }
  } catch (e) {
    // A first medium that failed leaves nothing; a later one leaves what was gathered before it.
    if (!state || state.media.length === 0) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw environmentError(e, 'gather the medium', dir);
  }
  const gathered = state.media;
  const missing = Array.from({ length: of }, (_, i) => i + 1).filter((k) => !gathered.includes(k));
  const present = await readdir(dir);
  const complete = missing.length === 0 && manifest.payload.volumes.every((v) => present.includes(v.name));
  let packageDir: string | null = null;
  if (complete) {
    await rm(join(dir, GATHER_STATE));
    await syncDir(dir);
    await rename(dir, target);
    await syncDir(resolve(into));
    packageDir = target;
  }
  return { transferId, medium, of, gathered, missing, again, packageDir, manifest };
}
