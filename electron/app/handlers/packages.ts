/**
 * sources:scan, inbox:list, package:checkSignature — looking at things before a job runs. Scan
 * reports every refusal at once (per file); the inbox listing grants each package folder it shows;
 * the signature check reads no payload byte.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ok } from '../../../shared/result';
import { FILE_NAMES } from '../../../shared/format/constants';
import { scanSources } from '../../engine/pack/scan';
import { planVendorChecks } from '../../engine/pack/vendor-checksums';
import { checkSignature } from '../../engine/verify';
import { loadTrustStore } from '../../engine/keys';
import { SluiceError } from '../../engine/errors';
import { checkStationFolders } from '../station-folders';
import { arrivalOf } from '../../engine/media';
import { mediaArrivals } from './media-inbox';
import { withoutSeal } from '../blind-seal';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import type { InboxPackageView } from '../../../shared/ipc/contract';

export function packageHandlers(env: HandlerEnv): Pick<HandlerTable, 'sources:scan' | 'inbox:list' | 'package:checkSignature'> {
  // Each inbox folder's size at the last listing: a size that changed means it is still arriving.
  const lastLook = new Map<string, number>();
  return {
    'sources:scan': async ({ paths }, ctx) => {
      const granted = ctx.grants.require(paths);
      try {
        const r = await scanSources(granted);
        // The vendor's checksum files are read as the pack will read them (small, capped), so the
        // checklist can say before packing whether the machine answers its vendor-checksums item.
        const vendor = await planVendorChecks(r.entries);
        return ok({
          entries: r.entries.map((e) => ({ path: e.path, type: e.type, size: e.size })), refusals: [], totals: { files: r.files, directories: r.directories, bytes: r.bytes },
          vendorChecksums: { found: vendor.found, checkable: vendor.checkable },
        });
      } catch (e) {
        // Every refused file, all at once, so the operator can fix them in one go.
        if (e instanceof SluiceError && e.code === 'sources-refused') {
          return ok({ entries: [], refusals: [...e.details], totals: { files: 0, directories: 0, bytes: 0 } });
        }
        throw e;
      }
    },
    'inbox:list': async (_req, ctx) => {
      const s = await env.requireSettings();
      // A missing inbox is named (is the volume mounted?), never re-created.
      await checkStationFolders(s, ['inboxDir'], env.statFolder);
      const names = await readdir(s.paths.inboxDir);
      const out: InboxPackageView[] = [];
      for (const name of names.sort()) {
        if (name.startsWith('.')) continue;
        const dir = join(s.paths.inboxDir, name);
        const st = await lstat(dir);
        if (!st.isDirectory()) continue; // a package is a folder; symlinks are not followed
        const files = await readdir(dir);
        let bytes = 0;
        for (const f of files) {
          const fst = await lstat(join(dir, f)).catch(() => null);
          if (fst?.isFile()) bytes += fst.size;
        }
        // Still being copied (volumes missing or growing, .partial) is shown as arriving, not offered.
        const arrival = await arrivalOf(dir, lastLook.get(dir));
        lastLook.set(dir, arrival.bytes);
        out.push({
          dir, name, looksLikePackage: files.includes(FILE_NAMES.manifest) && files.includes(FILE_NAMES.manifestSig), bytes, modified: st.mtime.toISOString(),
          arrival: arrival.state, arrivalReasons: arrival.reasons,
        });
        ctx.grants.grant(dir);
      }
      // Packages and set media on the removable media mounted now (./media-inbox).
      out.push(...(await mediaArrivals(env, s, ctx)));
      return ok(out);
    },
    'package:checkSignature': async ({ dir }, ctx) => {
      const s = await env.requireSettings();
      await checkStationFolders(s, ['trustDir'], env.statFolder);
      const [packageDir] = ctx.grants.require([dir]);
      if (!(await stat(packageDir!)).isDirectory()) throw new SluiceError('not-a-package', `${packageDir} is not a folder.`);
      // The station's co-signature policy applies from the first screen: a package short of witnesses is refused here already.
      const r = await checkSignature(packageDir!, await loadTrustStore(s.paths.trustDir), { requireWitnesses: s.policy?.requireWitnesses ?? 0 });
      // The seal is withheld until the officer has typed it (./blind-seal); `sealed` says there is one.
      return ok({
        ok: r.ok, packageDir: packageDir!, signer: r.signer, trustedComment: r.trustedComment, manifestSha256: r.manifestSha256,
        manifest: withoutSeal(r.manifest), sealed: r.manifest?.seal !== undefined, checks: r.checks, failures: r.failures,
        cosigners: r.cosigners, witnessesRequired: r.witnessesRequired ?? 0,
      });
    },
  };
}
