/**
 * The renderer the bridge serves: dist/renderer when SLUICE_E2E_DIST=1 (CI after `npm run build`),
 * otherwise a private bundle of renderer/main.tsx with the same esbuild options as
 * scripts/build.mjs, written to a temp folder — other engineers' builds wipe dist/ while tests run.
 */
import { build } from 'esbuild';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A folder holding index.html, app.js and app.css, and how to remove it. */
export async function rendererBundle(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dist = join(root, 'dist/renderer');
  if (process.env.SLUICE_E2E_DIST === '1' && existsSync(join(dist, 'app.js'))) return { dir: dist, dispose: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-renderer-'));
  await build({
    bundle: true, platform: 'browser', format: 'esm', target: 'chrome120', sourcemap: false, logLevel: 'warning',
    entryPoints: [join(root, 'renderer/main.tsx')], outfile: join(dir, 'app.js'),
    define: { 'process.env.NODE_ENV': '"production"' }, jsx: 'automatic', loader: { '.woff2': 'file', '.svg': 'file' },
  });
  await copyFile(join(root, 'renderer/index.html'), join(dir, 'index.html'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
