// The renderer's page estimates, checked in the real Chromium that prints the PDFs: no page's body
// overflows (nothing is clipped by `overflow: hidden`), and the QR code as drawn decodes to the digest.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { renderDocument } from '../../../shared/print/document';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest } from '../../../shared/print/index';
import { makeImportReport, makeManifest, makeReport, sha } from '../../shared/print/fixtures';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser: Browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});
after(async () => {
  await browser?.close();
});

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp' };

/** Loads `html` with print media emulated; returns each page body's overflow in CSS pixels. */
async function overflows(html: string): Promise<number[]> {
  const page = await browser.newPage();
  try {
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html);
    return await page.$$eval('.page .body', (bodies) => bodies.map((b) => b.scrollHeight - b.clientHeight));
  } finally {
    await page.close();
  }
}

test('no page body overflows: long paths, wide characters, long free text, both papers', async () => {
  const wide = makeManifest(40, {
    purpose: `${'長い説明文'.repeat(60)} ${'W'.repeat(300)}`.slice(0, 2000),
    operator: 'W'.repeat(200),
  });
  for (const paper of ['A4', 'Letter'] as const) {
    for (const m of [makeManifest(300), wide]) {
      const html = renderTransferManifest({ manifest: m, manifestSha256: sha('x'), signer, paper });
      const result = await overflows(html);
      assert.ok(result.length > 0);
      assert.deepEqual(result.filter((o) => o > 0), [], `${paper}: pages overflow by ${result.join(',')} px`);
    }
  }
  const receipt = renderImportReceipt({
    report: makeImportReport(makeManifest(5)),
    decision: { officer: 'Carol', decision: 'approved', reason: 'x '.repeat(900), at: '2026-11-23T08:05:00Z' },
    ledger: { seq: 1, hash: sha('l') },
    station: 'HIGH',
  });
  assert.deepEqual((await overflows(receipt)).filter((o) => o > 0), []);
  const failing = makeReport(null, false);
  failing.failures = Array.from({ length: 120 }, (_, i) => ({ check: 'archive' as const, where: `deep/${'x'.repeat(i)}/${i}`, reason: `entry ${i} is not in the manifest `.repeat(1 + (i % 4)) }));
  assert.deepEqual((await overflows(renderRejectionReport({ report: failing, station: 'HIGH' }))).filter((o) => o > 0), []);
});

test('the overflow probe sees a body whose content was underestimated (so the checks above can fail)', async () => {
  const html = renderDocument({ title: 't', banner: 'B', reference: 'r', footer: 'f', paper: 'A4', flow: [{ kind: 'block', html: '<div style="height:400mm">x</div>', height: 1 }] });
  const result = await overflows(html);
  assert.equal(result.length, 1);
  assert.ok(result[0]! > 100, `overflow seen: ${result[0]}`);
});

test('wide-character paths are measured conservatively', async () => {
  const m = makeManifest(60);
  const files = m.entries.filter((e) => e.type === 'file');
  // Replace file names by wide-character names that still sort after "docs".
  m.entries = [m.entries[0]!, ...files.map((e, i) => ({ ...e, path: `docs/${String(i).padStart(3, '0')}${'資料'.repeat(20 + (i % 30))}.txt` }))];
  const html = renderTransferManifest({ manifest: m, manifestSha256: sha('x'), signer });
  assert.deepEqual((await overflows(html)).filter((o) => o > 0), []);
});

test('the QR code as Chromium draws it decodes to the signed digest', async () => {
  const digest = sha('manifest.json bytes');
  const html = renderTransferManifest({ manifest: makeManifest(3), manifestSha256: digest, signer });
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.setContent(html);
    const png = PNG.sync.read(await page.locator('.digest svg').first().screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(decoded?.data, digest);
  } finally {
    await page.close();
  }
});
