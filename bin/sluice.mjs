#!/usr/bin/env node
// The `sluice` command: runs the bundled CLI built by `npm run build` (dist/cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('sluice: the CLI is not built yet. Run `npm run build` in the Sluice folder first.\n');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
