// `sluice receipt`: import receipts from a real import's ledger entry, and rejection reports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile, appendFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dispatch } from '../../electron/cli/dispatch';
import { importPackage } from '../../electron/engine/import/import';
import { inspectLedger } from '../../electron/engine/ledger/index';
import { escapeHtml, pathHtml } from '../../shared/print/escape';
import { bufferIo } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';
import type { PackResult } from '../../electron/engine/pack/pack';

let dir: string;
let fx: Fixture;
let trust: string;
let imported: PackResult;
let ledger: string;
// The receipt re-verifies as of the ledger entry's time, which the ledger takes from the real clock.
const fresh = () => ({ created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000) });

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-receipt-cli-');
  fx = await makeFixture(dir);
  trust = join(dir, 'trust');
  ledger = join(dir, 'ledger.jsonl');
  imported = await fx.makePackage({ transferId: 'RCPT-1', sequence: 5, ...fresh() });
  await mkdir(join(dir, 'dest'));
  const r = await importPackage(imported.packageDir, {
    store: fx.store, destRoot: join(dir, 'dest'), station: 'HIGH', ledgerFile: ledger, officer: `olga ${'<script>x</script>'}`, reason: 'ticket T1 approved',
  });
  assert.equal(r.ok, true, JSON.stringify(r.failures));
});
after(() => removeTempDir(dir));

async function sluice(...argv: string[]) {
  const io = bufferIo();
  const code = await dispatch(argv, io);
  return { code, out: io.out(), err: io.err() };
}
let n = 0;
const out = (ext: string) => join(dir, `out-${++n}.${ext}`);

/** Copies a package into `dir/<name>/`, keeping its folder name (a package is named after its transfer id). */
async function copyPackage(from: string, name: string): Promise<string> {
  const to = join(dir, name, basename(from));
  await mkdir(to, { recursive: true });
  for (const f of await readdir(from)) await writeFile(join(to, f), await readFile(join(from, f)));
  return to;
}

test('the import receipt carries every check, the decision, the destination and the ledger head', async () => {
  const html = out('html');
  const r = await sluice('receipt', imported.packageDir, '--trust', trust, '--ledger', ledger, '--html', html);
  assert.equal(r.code, 0, r.err);
  const text = await readFile(html, 'utf8');
  const { lines } = await inspectLedger(ledger);
  const entry = lines.find((l) => l.entry.event === 'transfer.imported')!;
  const head = (await readFile(`${ledger}.head`, 'utf8')).trim();
  assert.equal(head, `${entry.entry.seq}:${entry.hash}`);
  assert.ok(text.includes(head), 'the anchored head SEQ:HASH is on the receipt');
  assert.ok(r.out.includes(head));
  assert.ok(text.includes('APPROVED') && text.includes('ticket T1 approved'));
  assert.ok(text.includes('olga &lt;script&gt;x&lt;/script&gt;') && !text.includes('<script>'));
  assert.ok(text.includes(pathHtml(join(dir, 'dest', 'RCPT-1'))));
  assert.ok(text.includes(imported.manifestSha256));
  for (const id of ['signature', 'manifest', 'sums', 'payload', 'entries']) assert.ok(text.includes(`w16">${id}<`), `check ${id} listed`);
  assert.ok(!text.includes('result fail'));
  assert.ok((text.match(/<span class="result pass">PASS<\/span>/g) ?? []).length >= 5);
  assert.equal((text.match(/<div class="banner">TEST<\/div>/g) ?? []).length, 2 * (text.match(/<section class="page"/g) ?? []).length);
});

test('the receipt as PDF has the pages the HTML has and the ledger hash on paper', async () => {
  const pdf = out('pdf');
  const html = out('html');
  const r = await sluice('receipt', imported.packageDir, '--trust', trust, '--ledger', ledger, '--pdf', pdf, '--html', html);
  assert.equal(r.code, 0, r.err);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  assert.equal(pages, ((await readFile(html, 'utf8')).match(/<section class="page"/g) ?? []).length);
  const head = (await readFile(`${ledger}.head`, 'utf8')).trim();
  assert.ok(execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '').includes(head));
});

test('no receipt for a transfer the ledger does not record as imported', async () => {
  const other = await fx.makePackage({ transferId: 'RCPT-2', sequence: 6, ...fresh() });
  const html = out('html');
  const r = await sluice('receipt', other.packageDir, '--trust', trust, '--ledger', ledger, '--html', html);
  assert.equal(r.code, 2);
  assert.match(r.err, /records no import of transfer RCPT-2/);
  assert.equal(existsSync(html), false);
});

test('no receipt from a ledger that does not verify', async () => {
  const broken = join(dir, 'broken.jsonl');
  const text = await readFile(ledger, 'utf8');
  await writeFile(broken, text.replace('ticket T1 approved', 'ticket T9 approved'));
  await writeFile(`${broken}.head`, await readFile(`${ledger}.head`));
  const r = await sluice('receipt', imported.packageDir, '--trust', trust, '--ledger', broken, '--html', out('html'));
  assert.equal(r.code, 2);
  assert.match(r.err, /does not verify/);
  await appendFile(join(dir, 'empty.jsonl'), '');
  const empty = await sluice('receipt', imported.packageDir, '--trust', trust, '--ledger', join(dir, 'empty.jsonl'), '--html', out('html'));
  assert.equal(empty.code, 2);
  assert.match(empty.err, /missing or empty/);
  // Without its head file a rewritten last line cannot be noticed: printed, with a warning.
  const unanchored = join(dir, 'unanchored.jsonl');
  await writeFile(unanchored, text);
  const warned = await sluice('receipt', imported.packageDir, '--trust', trust, '--ledger', unanchored, '--html', out('html'));
  assert.equal(warned.code, 0, warned.err);
  assert.match(warned.err, /no anchored head/);
});

test('no receipt for an imported package whose payload changed since (exit 1), but a rejection report', async () => {
  const copy = await copyPackage(imported.packageDir, 'changed');
  const vol = (await readdir(copy)).find((f) => f.startsWith('payload.tar'))!;
  const bytes = await readFile(join(copy, vol));
  bytes[600] = bytes[600]! ^ 0xff;
  await writeFile(join(copy, vol), bytes);
  const r = await sluice('receipt', copy, '--trust', trust, '--ledger', ledger, '--html', out('html'));
  assert.equal(r.code, 1);
  assert.match(r.err, /no longer verifies/);
  assert.match(r.err, /--rejected/);

  const html = out('html');
  const rej = await sluice('receipt', copy, '--trust', trust, '--rejected', '--station', 'HIGH', '--officer', 'olga', '--html', html);
  assert.equal(rej.code, 0, rej.err);
  const text = await readFile(html, 'utf8');
  assert.match(text, /REJECTED — \d+ failures?/);
  assert.ok(text.includes('<span class="result fail">FAIL</span>'));
  assert.ok(text.includes(escapeHtml(vol)), 'the failing volume is named');
  assert.ok(text.includes('<div class="banner">TEST</div>'), 'the verified manifest gives the classification');
});

test('a rejection report for a package with a broken signature marks the classification unverified', async () => {
  const copy = await copyPackage(imported.packageDir, 'badsig');
  const sig = await readFile(join(copy, 'manifest.json.minisig'), 'utf8');
  const lines = sig.split('\n');
  lines[1] = lines[1]!.slice(0, 10) + (lines[1]![10] === 'A' ? 'B' : 'A') + lines[1]!.slice(11);
  await writeFile(join(copy, 'manifest.json.minisig'), lines.join('\n'));
  const html = out('html');
  const r = await sluice('receipt', copy, '--trust', trust, '--rejected', '--station', 'HIGH', '--html', html);
  assert.equal(r.code, 0, r.err);
  const text = await readFile(html, 'utf8');
  assert.ok(text.includes('CLASSIFICATION NOT VERIFIED'));
  assert.ok(text.includes('manifest.json.minisig'));
});

test('usage errors name the problem (exit 2)', async () => {
  const p = imported.packageDir;
  const cases: [string[], RegExp][] = [
    [['receipt', p, '--trust', trust, '--html', 'x.html'], /missing --ledger FILE/],
    [['receipt', p, '--trust', trust, '--rejected', '--html', 'x.html'], /missing --station ID/],
    [['receipt', p, '--trust', trust, '--ledger', ledger, '--station', 'H', '--html', 'x.html'], /go with --rejected/],
    [['receipt', p, '--trust', trust, '--ledger', ledger], /missing --html OUT or --pdf OUT/],
  ];
  for (const [argv, re] of cases) {
    const r = await sluice(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re);
  }
  assert.match((await sluice('receipt', '--help')).out, /sluice receipt PACKAGE --trust DIR --ledger FILE/);
});
