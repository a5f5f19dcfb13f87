// Mutation testing of the security-critical folders (docs/SECURITY.md, "Mutation score").
// Not part of CI: a full run takes well over an hour. Run one group at a time:
//
//   MUTATE=crypto npm run mutate          # electron/engine/crypto
//   MUTATE=format npm run mutate          # shared/format
//   MUTATE=verify npm run mutate          # electron/engine/verify
//   MUTATE=import npm run mutate          # electron/engine/import
//   MUTATE=crypto,format npm run mutate   # several
//
// Each group mutates one folder and runs only the fast test files that exercise it (the tap
// runner starts one `node --import tsx FILE` per test file and, with per-test coverage, runs for
// each mutant only the files that reach its code, fastest first, stopping at the first failure).
// Reports: reports/mutation/<groups>.html and .json.

const GROUPS = {
  crypto: {
    mutate: ['electron/engine/crypto/**/*.ts'],
    tests: [
      'test/engine/crypto/minisign.test.ts',
      'test/engine/verify/defences-signature.test.ts',
      'test/engine/keys/trust-store.test.ts',
      'test/engine/keys/key-files.test.ts',
      'test/engine/keys/secret-key.test.ts',
      'test/engine/keys/minisign-interop.test.ts',
    ],
  },
  format: {
    // fault*.ts and report.ts only classify and word failures for people (no accept/refuse decision).
    mutate: ['shared/format/**/*.ts', '!shared/format/fault*.ts', '!shared/format/report.ts'],
    tests: [
      'test/shared/format/manifest-canonical.test.ts',
      'test/shared/format/canonical-json.test.ts',
      'test/shared/format/compare-utf8.test.ts',
      'test/shared/format/manifest-schema.test.ts',
      'test/shared/format/sums.test.ts',
      'test/shared/format/text-rules.test.ts',
      'test/shared/format/path-length.test.ts',
      'test/shared/format/display-text.test.ts',
      'test/shared/format/collision-key.test.ts',
      'test/shared/format/reserved-names.test.ts',
      'test/engine/verify/defences-manifest.test.ts',
      'test/engine/verify/defences-signature.test.ts',
      'test/engine/import/hostile-verify.test.ts',
      // Multi-volume SHA256SUMS and co-signature comments are exercised only here.
      'test/engine/verify/verify.test.ts',
      'test/engine/cosign/cosign.test.ts',
      // Pack writes manifest.json and FILES.SHA256SUMS piece by piece (writeCanonicalJson, writeFilesSums).
      'test/engine/pack/package-files.test.ts',
      // Entry details, vendor checksums and the printed contents, added for the run over the rest
      // of shared/format (manifest.ts, entry-details.ts, vendor-checksums.ts, content-details.ts).
      'test/shared/format/entry-details.test.ts',
      'test/shared/print/content-details.test.ts',
      'test/shared/print/vendor-checksums.test.ts',
      'test/engine/pack/vendor-checksums.test.ts',
      // Written for the survivors of that run (2026-11-29, acd298a): a hostile manifest's every
      // refusal with its literal problem, and each vendor-checksums rule on a hand-written manifest.
      'test/shared/format/mutants-manifest.test.ts',
      'test/shared/format/mutants-vendor-checksums.test.ts',
      'test/shared/format/cosign-comment.test.ts',
    ],
  },
  verify: {
    // The files that decide accept or refuse. Left out: report-builder.ts and header-diagnosis.ts
    // (they word failures for people), index.ts (re-exports), and the byte transport
    // payload-source.ts, worker-source.ts, payload-ring.ts and volume-read.worker.ts (they carry
    // chunks and digests that payload-pass.ts and package-checks.ts compare; their mutants mostly
    // hang a test until it times out, which costs an hour here and decides nothing).
    mutate: [
      'electron/engine/verify/package-checks.ts',
      'electron/engine/verify/canonical-header.ts',
      'electron/engine/verify/strict-tar-reader.ts',
      'electron/engine/verify/signature-stage.ts',
      'electron/engine/verify/trust.ts',
      'electron/engine/verify/read-capped.ts',
      'electron/engine/verify/payload-pass.ts',
      'electron/engine/verify/package-files.ts',
      'electron/engine/verify/tar-header.ts',
      'electron/engine/verify/verify.ts',
    ],
    tests: [
      'test/engine/verify/canonical-header.test.ts',
      'test/engine/verify/defences-manifest.test.ts',
      'test/engine/verify/defences-signature.test.ts',
      'test/engine/verify/payload-source.test.ts',
      'test/engine/verify/package-dir.test.ts',
      'test/engine/verify/verify.test.ts',
      'test/engine/verify/worker-pass.test.ts',
      'test/engine/import/hostile-verify.test.ts',
      // Written for the survivors of the first verify run: each pre-payload check at its edge,
      // with its reason written out.
      'test/engine/verify/mutants-checks.test.ts',
      // Written for the survivors of the run over the tar files (2026-11-29, acd298a): hand-built
      // header blocks, pax records and tar streams fed to the reader, with literal reasons.
      'test/engine/verify/mutants-canonical-header.test.ts',
      'test/engine/verify/mutants-tar-header.test.ts',
      'test/engine/verify/mutants-strict-tar-reader.test.ts',
      // Written for the survivors of the run over payload-pass.ts, package-files.ts and verify.ts.
      'test/engine/verify/mutants-verify.test.ts',
      'test/engine/verify/mutants-payload-pass.test.ts',
    ],
  },
  import: {
    mutate: ['electron/engine/import/**/*.ts'],
    tests: [
      'test/engine/import/defences.test.ts',
      'test/engine/import/import.test.ts',
      'test/engine/import/release-root.test.ts',
      'test/engine/import/hostile-import.test.ts',
      // Added after the first run (2026-11-29), which left the window and the settling of an
      // interrupted import without coverage: the anti-replay window, and kill -9 at the commit point.
      'test/engine/import/replay-window.test.ts',
      'test/cli/import-crash.test.ts',
      'test/cli/import-window.test.ts',
      // Written for the survivors of the second run: the rules below, with bytes and ledger lines
      // the tests write themselves.
      'test/engine/import/mutants-replay.test.ts',
      'test/engine/import/mutants-sink.test.ts',
      'test/engine/import/mutants-stage.test.ts',
      'test/engine/import/mutants-space.test.ts',
      'test/engine/import/durable.test.ts',
      // Written for the survivors of the run at e256d7d: settling an interrupted import, the
      // failures of syncing, and commit's scan record and cleanup, in this process (the kill -9
      // tests run the CLI in a child).
      'test/engine/import/mutants-settle.test.ts',
      'test/engine/import/mutants-durable.test.ts',
      'test/engine/import/mutants-commit.test.ts',
    ],
  },
};

// MUTATE_FAST=1 leaves out the slowest files (a hostile corpus is a minute or more per mutant on a
// busy two-core machine; a CLI test's own process reaches little engine code, so per-test coverage
// credits it with few mutants anyway). A mutant only they would kill then counts as survived: say
// so where the score is recorded.
const SLOW = new Set([
  'test/engine/import/hostile-verify.test.ts',
  'test/engine/import/hostile-import.test.ts',
  'test/cli/import-crash.test.ts',
  'test/cli/import-window.test.ts',
]);
const fast = process.env.MUTATE_FAST === '1';

const chosen = (process.env.MUTATE ?? 'crypto,format,verify,import').split(',').map((s) => s.trim()).filter(Boolean);
for (const name of chosen) {
  if (!GROUPS[name]) throw new Error(`MUTATE names an unknown group "${name}"; choose from ${Object.keys(GROUPS).join(', ')}`);
}
const unique = (xs) => [...new Set(xs)];
const label = chosen.join('-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: unique(chosen.flatMap((g) => GROUPS[g].tests)).filter((f) => !fast || !SLOW.has(f)),
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap'],
    forceBail: true,
  },
  mutate: unique(chosen.flatMap((g) => GROUPS[g].mutate)),
  coverageAnalysis: 'perTest',
  // Mutants in module-level code run every test file each; the constants they touch are covered
  // by the literal expectations of the defence tests anyway.
  ignoreStatic: true,
  concurrency: 2,
  // Generous, for a two-core machine shared with other work: under load a slow test file can take
  // five times its quiet time, and a mutant that merely ran slowly must not count as killed by
  // timeout. The first run (all test files, coverage) gets half an hour for the same reason.
  timeoutMS: 120_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  // Only what the tests need is copied into the sandbox.
  ignorePatterns: ['/dist', '/release', '/dist-cli', '/test-output', '/reports', '/docs/screenshots', '/renderer', '/bench', '/.stryker-tmp*'],
  // Stryker rewrites the sandbox's tsconfig through the TypeScript JS API, which TypeScript 7 (the
  // native compiler) no longer has; tsx reads tsconfig.json as it is, so point Stryker at none.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  // One sandbox folder per group set, so two groups can run side by side.
  tempDirName: `.stryker-tmp-${label}`,
  cleanTempDir: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}.html` },
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
};
