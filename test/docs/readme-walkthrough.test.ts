// README.md's walk-through is what a newcomer pastes first: run it exactly as written (with the
// built CLI) and check that each step did what the prose says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function walkthroughScript(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  assert.ok(block, 'README.md has a walk-through block between the markers');
  return block[1]!;
}

test('the README walk-through runs as pasted and each step does what it says', { timeout: 120_000 }, () => {
  assert.ok(existsSync(join(root, 'dist/cli.mjs')), 'dist/cli.mjs is built (npm test builds it first)');
  // bash -e: every step but the two expected rejections must succeed. SLUICE_KDF_COST=test keeps key derivation fast; everything else is exactly the README's text.
  const r = spawnSync('bash', ['-e', '-c', walkthroughScript()], {
    cwd: root, encoding: 'utf8', env: { ...process.env, SLUICE_KDF_COST: 'test', HOME: process.env.HOME ?? '/tmp' },
  });
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out);
  // Step 6: the tampered copy is rejected with exit code 1 and the failing volume named.
  assert.match(out, /FAIL volumes: payload\.tar[^\n]*\n[\s\S]*rejected, exit code 1/, out);
  // Step 7: the second import is refused as a replay.
  assert.match(out, /FAIL replay[\s\S]*refused, exit code 1/, out);
  // Step 5: the imported files are listed and the ledger verifies.
  assert.match(out, /app-image\.tar/, out);
  assert.match(out, /ledger OK/i, out);
});
