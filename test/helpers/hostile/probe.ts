/**
 * Reads a payload with python3's tarfile (a real, independent tar reader) and reports what it
 * sees, so the corpus test can prove each archive really carries its hostile property.
 */
import { spawnSync } from 'node:child_process';
import type { TarProbe } from './types';

const SCRIPT = `
import json, sys, tarfile
out = {"members": [], "error": None}
try:
    with tarfile.open(sys.argv[1], "r:", ignore_zeros=False) as tf:
        for m in tf:
            out["members"].append({"name": m.name, "type": m.type.decode("latin-1"), "size": m.size,
                                   "linkname": m.linkname, "pax": m.pax_headers})
except Exception as e:
    out["error"] = type(e).__name__ + ": " + str(e)
print(json.dumps(out))
`;

/** What tarfile sees in the tar file at `path` (one volume, or volumes already concatenated). */
export function probeTar(path: string): TarProbe {
  const r = spawnSync('python3', ['-c', SCRIPT, path], { encoding: 'utf8', timeout: 15_000 });
  if (r.status !== 0) throw new Error(`python3 tarfile probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as TarProbe;
}
