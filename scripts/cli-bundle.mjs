#!/usr/bin/env node
// Builds the `sluice` command line that the installers carry (`node scripts/cli-bundle.mjs [OUT]`,
// default dist-cli/), laid out so that it runs with nothing but Node.js:
//   OUT/sluice                      the launcher (/usr/bin/sluice in the deb) — bin/sluice-installed
//   OUT/dist/cli.mjs                the same engine and CLI as dist/cli.mjs, with every dependency inlined
//   OUT/dist/<name>.worker.mjs      its workers, beside it (electron/engine/util/worker-url.ts)
//   OUT/resources/checklists/       the shipped checklist templates (electron/cli/checklist-file.ts)
//
// Why Node and not the packaged Electron: the app's binary has the RunAsNode fuse off, so it cannot
// be turned into a Node runtime (that is the point of the fuse). The CLI is plain Node already, so
// the installers ship it as a self-contained bundle run by the machine's Node (>= 20.19).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function workers(dir, found = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) workers(p, found);
    else if (name.endsWith('.worker.ts')) found.push(p);
  }
  return found;
}

/** Bundles the CLI, its workers, the checklist templates and the launcher into `out` (replaced). */
export async function bundleCli(out = join(root, 'dist-cli')) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'dist'), { recursive: true });
  const common = {
    bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', legalComments: 'none',
    // Inlined CommonJS dependencies still call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
  };
  await Promise.all([
    build({ ...common, entryPoints: [join(root, 'electron/cli/main.ts')], outfile: join(out, 'dist/cli.mjs') }),
    ...workers(join(root, 'electron')).map((w) => build({ ...common, entryPoints: [w], outfile: join(out, 'dist', basename(w).replace(/\.ts$/, '.mjs')) })),
  ]);
  cpSync(join(root, 'resources/checklists'), join(out, 'resources/checklists'), { recursive: true });
  copyFileSync(join(root, 'bin/sluice-installed'), join(out, 'sluice'));
  chmodSync(join(out, 'sluice'), 0o755);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await bundleCli(process.argv[2] ? resolve(process.argv[2]) : undefined);
}
