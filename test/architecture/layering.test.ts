// The layering rules of docs/ARCHITECTURE.md, checked on every import in the product tree:
// - the engine (electron/ outside electron/main/) never imports `electron`;
// - shared/ imports neither Node builtins nor electron, and touches no DOM global;
// - renderer/ imports no Node builtins and not electron;
// - no product code imports a network module (http, https, net, dns, tls, http2, undici).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NETWORK = new Set(['http', 'https', 'net', 'dns', 'tls', 'http2', 'dgram', 'undici'].flatMap((m) => [m, `node:${m}`]));

function sources(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every module specifier a file imports, requires or dynamically imports. */
export function importsOf(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

/**
 * The code with comments and quoted strings blanked, so prose ("`window.sluice`") and values such
 * as the ledger event 'document.printed' are not mistaken for DOM access. Template literals are
 * kept: their ${…} parts are code.
 */
export function withoutCommentsAndStrings(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, ' ');
}

const rel = (p: string) => relative(root, p);
const violations: string[] = [];
for (const file of [...sources(join(root, 'electron')), ...sources(join(root, 'shared')), ...sources(join(root, 'renderer'))]) {
  const r = rel(file);
  const code = readFileSync(file, 'utf8');
  for (const spec of importsOf(code)) {
    if (NETWORK.has(spec)) violations.push(`${r}: imports network module "${spec}"`);
    const isGlue = r.startsWith('electron/main/');
    if (r.startsWith('electron/') && !isGlue && spec === 'electron') violations.push(`${r}: engine code imports "electron" (only electron/main/ may)`);
    if ((r.startsWith('shared/') || r.startsWith('renderer/')) && (NODE_BUILTINS.has(spec) || spec === 'electron')) {
      violations.push(`${r}: imports "${spec}" (shared/ and renderer/ may not use Node or Electron)`);
    }
    if (r.startsWith('shared/') && /(^|\/)(renderer|electron)\//.test(spec)) violations.push(`${r}: shared/ imports from "${spec}"`);
    if (r.startsWith('renderer/') && /(^|\/)electron\//.test(spec) && !spec.includes('electron/main/preload-api')) violations.push(`${r}: renderer imports engine code "${spec}"`);
  }
  if (r.startsWith('shared/') && /\b(window|document|navigator|localStorage)\s*[.[]/.test(withoutCommentsAndStrings(code))) violations.push(`${r}: shared/ touches a DOM global`);
}

test('every import in the product tree respects the layering rules', () => {
  assert.deepEqual(violations, []);
});

test('the import scanner sees every import form (so the check above can fail)', () => {
  const code = `import a from 'fs';\nimport { b } from "node:http";\nexport * from 'electron';\nconst c = require('net');\nawait import('dns');\nimport type { T } from 'tls';`;
  assert.deepEqual(importsOf(code).sort(), ['dns', 'electron', 'fs', 'net', 'node:http', 'tls'].sort());
});
