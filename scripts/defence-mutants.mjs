#!/usr/bin/env node
// The outside review's mutation check, kept: disables one security rule at a time in a COPY of the
// tree and runs the defence tests; every mutant must make them fail (docs/SECURITY.md, "Tests that
// guard the defences"). The working tree is never touched.
//
//   npm run mutate:defences
//
// Each mutant names the exact text it replaces. When the code moves on and a pattern is no longer
// found, the script says so and fails: update the pattern to disable the same rule in the new code.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const TESTS = [
  'test/engine/crypto/minisign.test.ts',
  'test/engine/verify/defences-signature.test.ts',
  'test/engine/verify/defences-manifest.test.ts',
  'test/engine/import/defences.test.ts',
];

/** [what is disabled, file, exact text, replacement] */
const MUTANTS = [
  ["the trusted comment's file/id/seq/from/to never compared", 'electron/engine/verify/signature-stage.ts', 'if (fields[k] !== want[k]) b.fail(', 'if (false) b.fail('],
  ['the global signature not checked', 'electron/engine/crypto/minisign.ts', "if (!nacl.sign.detached.verify(concat(signature, Buffer.from(trustedComment, 'utf8'))", "if (false && !nacl.sign.detached.verify(concat(signature, Buffer.from(trustedComment, 'utf8'))"],
  ["SHA256SUMS.minisig's trusted comment not checked", 'electron/engine/verify/package-checks.ts', "checkTrustedComment(check.trustedComment, FILE_NAMES.sums, FILE_NAMES.sumsSig, m, b, 'sums-signature');", 'void checkTrustedComment;'],
  ['signer.keyId not matched to the signing key', 'electron/engine/verify/signature-stage.ts', 'if (m.signer.keyId !== key.keyId)', 'if (false)'],
  ['a non-empty critical accepted', 'shared/format/manifest.ts', 'if (unknown.length > 0)', 'if (false)'],
  ['header mtime not compared (bytes 136–155 of the canonical header ignored)', 'electron/engine/verify/strict-tar-reader.ts', 'if (!canon.pax) return this.paxBlock === null && sameBytes(this.block, canon.header);', 'if (!canon.pax) { const c = Buffer.from(canon.header); c.set(this.block.subarray(136, 156), 136); return this.paxBlock === null && sameBytes(this.block, c); }'],
  ['non-zero padding accepted', 'electron/engine/verify/strict-tar-reader.ts', "if (chunk[i] !== 0) throw this.fail('non-zero bytes in the padding", "if (false) throw this.fail('non-zero bytes in the padding"],
  ['expires <= now turned into <', 'electron/engine/verify/package-checks.ts', 'if (expires <= nowSeconds)', 'if (expires < nowSeconds)'],
  ['the 4096-byte .minisig cap raised to 1 GiB', 'shared/format/constants.ts', 'maxSignatureBytes: 4096,', 'maxSignatureBytes: 1024 * 1024 * 1024,'],
  ['the parent-directory rule removed', 'shared/format/manifest.ts', 'if (parent !== null && !dirs.has(parent))', 'if (false)'],
  ['the totals.files rule removed', 'shared/format/manifest.ts', 'if (m.totals.files !== files)', 'if (false)'],
  ['the totals.directories rule removed', 'shared/format/manifest.ts', 'if (m.totals.directories !== directories)', 'if (false)'],
  ['the totals.bytes rule removed', 'shared/format/manifest.ts', 'if (m.totals.bytes !== bytes)', 'if (false)'],
  ['the volume-name rule removed', 'shared/format/manifest.ts', 'if (v.name !== volumeName(i, count))', 'if (false)'],
  ['O_EXCL|O_NOFOLLOW replaced by O_TRUNC in extraction', 'electron/engine/import/extract-sink.ts', 'constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW', 'constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC'],
];

const copy = mkdtempSync(join(tmpdir(), 'sluice-defence-mutants-'));
try {
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${repo}: ${listed.stderr.trim()}`);
  for (const f of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(join(copy, dirname(f)), { recursive: true });
    try { cpSync(join(repo, f), join(copy, f)); } catch { /* listed but deleted in the work tree */ }
  }
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
  const run = () => spawnSync(process.execPath, ['--import', 'tsx', '--test', ...TESTS], { cwd: copy, encoding: 'utf8', env: { ...process.env, SLUICE_KDF_COST: 'test' } });

  const base = run();
  if (base.status !== 0) throw new Error(`the defence tests fail without any mutant; fix that first:\n${base.stdout.slice(-3000)}`);
  let bad = 0;
  for (const [what, file, text, replacement] of MUTANTS) {
    const path = join(copy, file);
    const original = readFileSync(path, 'utf8');
    const count = original.split(text).length - 1;
    if (count !== 1) {
      console.log(`PATTERN ${count ? 'AMBIGUOUS' : 'NOT FOUND'}  ${what} (${file}: update the pattern)`);
      bad++;
      continue;
    }
    writeFileSync(path, original.replace(text, replacement));
    const r = run();
    writeFileSync(path, original);
    const failing = r.stdout.split('\n').filter((l) => /^not ok /.test(l)).length;
    console.log(`${r.status !== 0 ? 'KILLED  ' : 'SURVIVED'}  ${what}${r.status !== 0 ? ` (${failing} failing tests)` : ''}`);
    if (r.status === 0) bad++;
  }
  console.log(`${MUTANTS.length - bad} of ${MUTANTS.length} mutants killed`);
  process.exitCode = bad ? 1 : 0;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
