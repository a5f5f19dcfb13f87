/**
 * Reads payloads with python3's tarfile (a real, independent tar reader) and reports what it
 * sees, so the corpus test can prove each archive really carries its hostile property. One
 * python process reads every payload: the corpus stays fast.
 */
import { spawnSync } from 'node:child_process';
import type { TarProbe } from './types';

const SCRIPT = `
import json, sys, tarfile
def probe(path):
    out = {"members": [], "error": None}
    try:
        with tarfile.open(path, "r:", ignore_zeros=False) as tf:
            for m in tf:
                out["members"].append({"name": m.name, "type": m.type.decode("latin-1"), "size": m.size,
                                       "linkname": m.linkname, "pax": m.pax_headers})
    except Exception as e:
        out["error"] = type(e).__name__ + ": " + str(e)
    return out
print(json.dumps([probe(p) for p in sys.argv[1:]]))
`;

/** What tarfile sees in each tar file of `paths` (one volume, or volumes already concatenated). */
export function probeTars(paths: readonly string[]): TarProbe[] {
  if (paths.length === 0) return [];
  const r = spawnSync('python3', ['-c', SCRIPT, ...paths], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 tarfile probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as TarProbe[];
}
