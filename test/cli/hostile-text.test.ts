/**
 * Terminal and log injection (issue 9 §1): signed-but-hostile packages whose names, tar headers and
 * trusted comments carry ESC, CR, NUL, C1 and bidi characters, or megabytes of path. Every surface
 * that shows them — `sluice verify` and `import` (human and --json), `inspect`, the ledger, the
 * printed rejection report — must show visible escapes, never the raw characters, and keep every
 * line short. The packages are built here from bytes the test writes (test/helpers/hostile).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePublicKey, signBytes } from '../../electron/engine/crypto/minisign';
import { trustKey } from '../../electron/engine/keys/trust-store';
import { FILE_NAMES } from '../../shared/format/constants';
import { renderTrustedComment } from '../../shared/format/trusted-comment';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { benignEntries, benignTar, testSigner, writeSignedPackage } from '../helpers/hostile/index';
import { appendFile, benignPrefix, withNotesNamed } from '../helpers/hostile/benign';

/** The review's payload: moves the cursor up, erases the line, writes a verdict, hides the rest. */
const SPOOF = 'ok/\u001b[1A\u001b[2K\rVerified, every check passed\u001b[8m';
/** C0 other than the line feed and tab that structure output; any of these raw is a defect. */
// eslint-disable-next-line no-control-regex
const RAW_C0 = /[\u0000-\u0008\u000b-\u001f]/;
/** Raw C1, DEL, bidi controls and other invisible format characters, line separators, lone surrogates. */
const RAW_OTHER = /[\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/u;

let dir: string;
let trustDir: string;
const signer = testSigner(41);

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-hostile-text-');
  trustDir = join(dir, 'trust');
  await mkdir(trustDir);
  await trustKey(trustDir, encodePublicKey(signer.public), 'lowside');
});
after(async () => removeTempDir(dir));

/** A signed package (directory named after its transfer id) around the benign entries and `tar`. */
async function makePackage(id: string, tar: Uint8Array): Promise<string> {
  const packageDir = join(dir, id);
  await writeSignedPackage(packageDir, { transferId: id, entries: benignEntries(), volumes: [tar] }, signer);
  return packageDir;
}

function assertNoRawControls(text: string, what: string): void {
  const c0 = RAW_C0.exec(text);
  assert.equal(c0, null, `${what} holds a raw control character U+${c0?.[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
  const other = RAW_OTHER.exec(text);
  assert.equal(other, null, `${what} holds a raw C1, bidi or format character U+${other?.[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

function assertShortLines(text: string, max: number, what: string): void {
  const longest = Math.max(0, ...text.split('\n').map((l) => l.length));
  assert.ok(longest <= max, `${what}: a line of ${longest} characters (at most ${max} expected)`);
}

test('a tar path that redraws the terminal is shown escaped by sluice verify; exit 1', async () => {
  const pkg = await makePackage('HT-SPOOF', withNotesNamed(SPOOF).end().bytes());
  const r = await runCli(['verify', pkg, '--trust', trustDir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assertNoRawControls(r.stdout + r.stderr, 'verify output');
  // The ESC shows as an escape (\u001b from a reason built from text, \x1b from a header field's bytes).
  assert.match(r.stdout, /\\u001b\[1A|\\x1b\[1A/);
  assert.match(r.stdout, /^Rejected: /m);
  assert.doesNotMatch(r.stdout, /^Verified/m);
  assertShortLines(r.stdout + r.stderr, 1000, 'verify output');
});

test('a file in the package directory named with ESC, CR, C1 and bidi characters: escaped in verify, --json, import, the ledger and the rejection report', async () => {
  const pkg = await makePackage('HT-NAME', benignTar());
  const name = `x\u001b]0;pwned\u0007\r\u009b2K\u202etxt.exe\u2066`;
  await writeFile(join(pkg, name), 'extra\n');

  const human = await runCli(['verify', pkg, '--trust', trustDir]);
  assert.equal(human.code, 1, human.stdout + human.stderr);
  assertNoRawControls(human.stdout + human.stderr, 'verify output');
  assert.ok(human.stdout.includes('x\\u001b]0;pwned\\u0007\\u000d\\u009b2K\\u202etxt.exe\\u2066'), human.stdout);

  const json = await runCli(['verify', pkg, '--trust', trustDir, '--json']);
  assert.equal(json.code, 1);
  // JSON.stringify escapes C0 itself; C1 and bidi characters are the ones to check.
  assertNoRawControls(json.stdout.replace(/\n/g, ''), 'verify --json');
  const report = JSON.parse(json.stdout) as { failures: { where: string }[] };
  assert.ok(report.failures.some((f) => f.where.includes('\\u202e')), 'the report names the file, escaped');

  const ledger = join(dir, 'ledger-name.jsonl');
  const dest = join(dir, 'dest-name');
  await mkdir(dest);
  const imp = await runCli(['import', pkg, '--trust', trustDir, '--to', dest, '--station', 'HIGH', '--ledger', ledger, '--officer', 'olga']);
  assert.equal(imp.code, 1, imp.stdout + imp.stderr);
  assertNoRawControls(imp.stdout + imp.stderr, 'import output');
  const lines = (await readFile(ledger, 'utf8')).trimEnd().split('\n');
  const rejected = lines.find((l) => l.includes('"transfer.rejected"'));
  assert.ok(rejected, 'the rejection is recorded');
  assertNoRawControls(rejected, 'the ledger line');
  assert.ok(rejected.includes('\\\\u202e'), 'the ledger line shows the escape (JSON doubles its backslash)');

  const show = await runCli(['ledger', 'show', ledger]);
  assertNoRawControls(show.stdout + show.stderr, 'ledger show');

  const html = join(dir, 'rejection-name.html');
  const printed = await runCli(['receipt', pkg, '--trust', trustDir, '--rejected', '--station', 'HIGH', '--officer', 'olga', '--html', html]);
  assert.equal(printed.code, 0, printed.stderr);
  const doc = await readFile(html, 'utf8');
  assertNoRawControls(doc.replace(/[\n\t]/g, ''), 'the rejection report');
  assert.ok(doc.includes('\\u202etxt.exe'), 'the report shows the bidi override as an escape');
});

test('a signed trusted comment holding ESC and U+202E is quoted escaped', async () => {
  const pkg = await makePackage('HT-COMMENT', benignTar());
  const manifest = await readFile(join(pkg, FILE_NAMES.manifest));
  const comment = `${renderTrustedComment({ file: FILE_NAMES.manifest, id: 'HT-COMMENT', seq: 1, from: 'LOW', to: 'HIGH' })}\u001b[2K\u202e`;
  await writeFile(join(pkg, FILE_NAMES.manifestSig), signBytes(manifest, signer.signing, comment));
  const r = await runCli(['verify', pkg, '--trust', trustDir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assertNoRawControls(r.stdout + r.stderr, 'verify output');
  assert.ok(r.stdout.includes('\\u001b[2K\\u202e'), r.stdout);
});

test('a 2 MiB pax path and a 4000-character one are never echoed as one huge line', async () => {
  for (const [id, length] of [['HT-PAX2M', 2 * 1024 * 1024], ['HT-PAX4K', 4000]] as const) {
    const long = `ok/${'\u001b'.repeat(8)}${'A'.repeat(length)}`;
    const pkg = await makePackage(id, appendFile(benignPrefix(), long, Buffer.from('x')).end().bytes());
    for (const args of [[], ['--json']]) {
      const r = await runCli(['verify', pkg, '--trust', trustDir, ...args]);
      assert.equal(r.code, 1, `${id} ${args.join(' ')}: ${r.stderr}`);
      assertNoRawControls(r.stdout.replace(/\n/g, '') + r.stderr, `${id} verify ${args.join(' ')}`);
      assertShortLines(r.stdout + r.stderr, args.length ? 5000 : 1000, `${id} verify ${args.join(' ')}`);
    }
  }
});

test('a BOM and control characters before the manifest JSON do not leak through any message', async () => {
  const pkg = await makePackage('HT-BOM', benignTar());
  const manifest = await readFile(join(pkg, FILE_NAMES.manifest));
  const hostile = Buffer.concat([Buffer.from('\ufeff\u001b[2J\u202e', 'utf8'), manifest]);
  await writeFile(join(pkg, FILE_NAMES.manifest), hostile);
  const comment = renderTrustedComment({ file: FILE_NAMES.manifest, id: 'HT-BOM', seq: 1, from: 'LOW', to: 'HIGH' });
  await writeFile(join(pkg, FILE_NAMES.manifestSig), signBytes(hostile, signer.signing, comment));
  for (const args of [['verify', pkg, '--trust', trustDir], ['verify', pkg, '--trust', trustDir, '--json'], ['inspect', pkg], ['inspect', pkg, '--json']]) {
    const r = await runCli(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assertNoRawControls(r.stdout.replace(/\n/g, '') + r.stderr.replace(/\n/g, ''), args.join(' '));
    assertShortLines(r.stdout + r.stderr, 1000, args.join(' '));
  }
});
