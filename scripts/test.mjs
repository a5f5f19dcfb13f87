#!/usr/bin/env node
// `npm test`: build the bundles the tests drive (CLI, workers, renderer), type-check, then run every
// test/**/*.test.ts(x) file with Node's own test runner (TypeScript through tsx).
// `npm test -- test/engine/pack` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, timeoutMs) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.error?.code === 'ETIMEDOUT') {
    console.error(`\n${cmd} ${args[0]}… did not finish within ${timeoutMs / 60000} minutes and was killed: a test or its teardown hangs.`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function collect(path, out) {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'fixtures-out') continue;
      collect(join(path, name), out);
    }
  } else if (/\.test\.tsx?$/.test(path)) {
    out.push(relative(root, path));
  }
  return out;
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : ['test']).flatMap((t) => collect(join(root, t), []));
if (files.length === 0) {
  console.error('no test files found under', targets.join(' ') || 'test/');
  process.exit(1);
}

console.log('> build');
run(process.execPath, ['scripts/build.mjs']);
if (!targets.length) {
  console.log('> typecheck');
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
}
console.log(`> ${files.length} test files`);
// Every test gets 5 minutes unless it sets its own timeout, and the whole run 30, so a hang fails
// with a name instead of stalling CI.
run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=300000', ...files], 30 * 60_000);
