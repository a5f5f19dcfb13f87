#!/usr/bin/env node
// Bundles Sluice with esbuild into dist/:
//   dist/cli.mjs                 the `sluice` CLI            (electron/cli/main.ts)
//   dist/main.mjs                Electron's main process     (electron/main/main.ts)
//   dist/preload.cjs             the preload (sandboxed preloads must be CommonJS)
//   dist/<name>.worker.mjs       every electron/**/<name>.worker.ts, next to the bundles that spawn it
//   dist/renderer/               the React renderer (renderer/index.html + renderer/main.tsx)
// Entry points that do not exist yet are skipped, so the tree builds at every stage.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => join(root, p);
const out = at('dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function workers(dir, found = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) workers(p, found);
    else if (name.endsWith('.worker.ts')) found.push(p);
  }
  return found;
}

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled ESM has no require(); some dependencies' CommonJS still call it.
  banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
};

const jobs = [];
const esm = (entry, file) => existsSync(at(entry)) && jobs.push(build({ ...node, format: 'esm', entryPoints: [at(entry)], outfile: join(out, file) }));
esm('electron/cli/main.ts', 'cli.mjs');
esm('electron/main/main.ts', 'main.mjs');
for (const w of workers(at('electron'))) jobs.push(build({ ...node, format: 'esm', entryPoints: [w], outfile: join(out, basename(w).replace(/\.ts$/, '.mjs')) }));
if (existsSync(at('electron/main/preload.ts'))) {
  jobs.push(build({ ...node, banner: undefined, format: 'cjs', external: ['electron'], entryPoints: [at('electron/main/preload.ts')], outfile: join(out, 'preload.cjs') }));
}
if (existsSync(at('renderer/main.tsx'))) {
  mkdirSync(join(out, 'renderer'), { recursive: true });
  jobs.push(build({
    bundle: true, platform: 'browser', format: 'esm', target: 'chrome120', sourcemap: 'linked', logLevel: 'warning',
    entryPoints: [at('renderer/main.tsx')], outfile: join(out, 'renderer/app.js'),
    define: { 'process.env.NODE_ENV': '"production"' }, jsx: 'automatic', loader: { '.woff2': 'file', '.svg': 'file' },
  }));
  copyFileSync(at('renderer/index.html'), join(out, 'renderer/index.html'));
}
await Promise.all(jobs);
