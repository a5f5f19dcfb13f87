// PDFs printed by the real Debian Chromium, checked with poppler's pdfinfo and pdftotext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, htmlToPdf } from '../../../electron/engine/print/pdf';
import { SluiceError } from '../../../electron/engine/errors';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest } from '../../../shared/print/index';
import { makeCosigners, makeImportChecklist, makeImportReport, makeManifest, makeReport, sha } from '../../shared/print/fixtures';
import { makeTempDir } from '../../helpers/tmp';

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp' };
const pageCount = (pdf: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
const text = (pdf: string) => execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const sections = (html: string) => (html.match(/<section class="page"/g) ?? []).length;

test('a 300-file manifest prints with the page count the renderer computed, every hash and banner on paper', async (t) => {
  const dir = await makeTempDir(t);
  const m = makeManifest(300, { classification: 'SECRET//REL TEST' });
  const html = renderTransferManifest({ manifest: m, manifestSha256: sha('manifest'), signer });
  const pdf = join(dir, 'manifest.pdf');
  await htmlToPdf(html, pdf);
  const n = sections(html);
  assert.equal(pageCount(pdf), n);

  const printed = text(pdf);
  const flat = printed.replace(/\s+/g, '');
  for (const e of m.entries) if (e.type === 'file') assert.ok(flat.includes(e.sha256), `hash of ${e.path} on paper`);
  for (const e of m.entries) assert.ok(flat.includes(e.path.replace(/\s+/g, '')), `path ${e.path} on paper`);
  assert.ok(flat.includes(sha('manifest')));
  const pagesText = printed.split('\f').filter((p) => p.trim().length > 0);
  assert.equal(pagesText.length, n);
  pagesText.forEach((p, i) => {
    const lines = p.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.equal(lines[0], 'SECRET//REL TEST', `banner at the top of page ${i + 1}`);
    assert.equal(lines.at(-1), 'SECRET//REL TEST', `banner at the bottom of page ${i + 1}`);
    assert.ok(p.includes(`Page ${i + 1} of ${n}`), `page ${i + 1} numbered`);
  });
  assert.deepEqual(readdirSync(dir), ['manifest.pdf'], 'no partial file left beside the PDF');
});

test('Letter paper prints Letter-sized pages, as many as computed', async (t) => {
  const dir = await makeTempDir(t);
  const html = renderTransferManifest({ manifest: makeManifest(150), manifestSha256: sha('m'), signer, paper: 'Letter' });
  const pdf = join(dir, 'letter.pdf');
  await htmlToPdf(html, pdf);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+612(\.\d+)? x 792(\.\d+)? pts \(letter\)/);
  assert.equal(pageCount(pdf), sections(html));
});

test('a rejection report with hostile text prints it as text', async (t) => {
  const dir = await makeTempDir(t);
  const pdf = join(dir, 'rejected.pdf');
  await htmlToPdf(renderRejectionReport({ report: makeReport(null, false), station: 'HIGH' }), pdf);
  const printed = text(pdf);
  assert.ok(printed.includes('<script>'), 'the hostile string is shown literally');
  assert.ok(printed.includes('FAIL') && printed.includes('REJECTED'));
});

// pdftotext joins a table row's cells with spaces and may wrap a cell: compare with whitespace removed.
const flatText = (pdf: string) => text(pdf).replace(/\s+/g, '');
const flat = (s: string) => s.replace(/\s+/g, '');

test('the printed manifest carries the seal, the pre-pack answers and the witnesses required', async (t) => {
  const dir = await makeTempDir(t);
  const m = makeManifest(20, { seal: 'SEAL-4711', critical: ['cosign'], cosign: { witnesses: 2 } });
  const pdf = join(dir, 'manifest.pdf');
  await htmlToPdf(renderTransferManifest({ manifest: m, manifestSha256: sha('m'), signer }), pdf);
  const printed = flatText(pdf);
  for (const needle of ['Seal number', 'SEAL-4711', '2 witness co-signatures required (critical extension cosign)', 'Pre-pack checklist', 'Files scanned for malware', 'YES, confirmed', '2026-11-22T03:00:00Z', 'Witness co-signatures']) {
    assert.ok(printed.includes(flat(needle)), `${needle} on paper`);
  }
});

test('the printed receipt carries the seal typed and matched, antivirus, witness, co-signers, reason and ledger head', async (t) => {
  const dir = await makeTempDir(t);
  const m = makeManifest(5, { seal: 'SEAL-4711' });
  const report = { ...makeImportReport(m), cosigners: makeCosigners(), witnessesRequired: 1 };
  const pdf = join(dir, 'receipt.pdf');
  await htmlToPdf(renderImportReceipt({
    report, checklist: makeImportChecklist(m, { seal: 'SEAL-4711' }), station: 'HIGH', ledger: { seq: 12, hash: sha('ledger') },
    decision: { officer: 'Olga Officer', decision: 'approved', reason: 'matches request CHG-1234', at: '2026-11-23T08:05:00Z' },
  }), pdf);
  const printed = flatText(pdf);
  const needles = ['Seal number typed at import', 'SEAL-4711', 'MATCHED the signed seal', 'Antivirus scan of the staged files', 'Done, clean', 'Wim Witness',
    'FEDCBA9876543210', 'AB12 CD34 EF56 7890 1122 3344 5566 7788 99AA BBCC', '1111222233334444', '(1 valid, 1 required)', 'matches request CHG-1234', `12:${sha('ledger')}`];
  for (const needle of needles) assert.ok(printed.includes(flat(needle)), `${needle} on paper`);
});

test('findChromium honours SLUICE_CHROMIUM and says what to install when nothing is found', () => {
  assert.equal(findChromium({ SLUICE_CHROMIUM: '/usr/bin/chromium' }), '/usr/bin/chromium');
  assert.equal(findChromium({}), '/usr/bin/chromium');
  assert.throws(
    () => findChromium({ SLUICE_CHROMIUM: '/nonexistent/chromium' }),
    (e: unknown) => e instanceof SluiceError && e.code === 'no-chromium' && /SLUICE_CHROMIUM/.test(e.message),
  );
  assert.throws(
    () => findChromium({}, ['/nonexistent/chromium', '/tmp']),
    (e: unknown) => e instanceof SluiceError && e.code === 'no-chromium' && /apt install chromium/.test(e.message) && /--html/.test(e.message),
  );
});

test('an existing PDF is never replaced', async (t) => {
  const dir = await makeTempDir(t);
  const out = join(dir, 'taken.pdf');
  await writeFile(out, 'keep');
  await assert.rejects(htmlToPdf('<p>x</p>', out), (e: unknown) => e instanceof SluiceError && e.code === 'output-exists');
  assert.equal(await readFile(out, 'utf8'), 'keep');
  assert.deepEqual(readdirSync(dir), ['taken.pdf']);
});

test('a failing Chromium leaves no PDF, no partial file and no temporary directory', async (t) => {
  const dir = await makeTempDir(t);
  const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('sluice-print-')));
  const out = join(dir, 'out.pdf');
  await assert.rejects(htmlToPdf('<p>x</p>', out, { chromium: '/bin/false' }), (e: unknown) => e instanceof SluiceError && e.code === 'pdf-failed');
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), []);
  const after = readdirSync(tmpdir()).filter((n) => n.startsWith('sluice-print-') && !before.has(n));
  assert.deepEqual(after, []);
});
