// The renderer's page estimates, checked in the real Chromium that prints the PDFs: no page's body
// overflows (nothing is clipped by `overflow: hidden`), and the QR code as drawn decodes to the digest.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { renderDocument } from '../../../shared/print/document';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest } from '../../../shared/print/index';
import { pathLines } from '../../../shared/print/escape';
import { makeCosigners, makeImportChecklist, makeImportReport, makeManifest, makeReport, sha } from '../../shared/print/fixtures';

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

test('no page body overflows with the paper trail: seal, checklists, blocks and co-signers', async () => {
  const m = makeManifest(30, { seal: 'SEAL-4711', critical: ['cosign'], cosign: { witnesses: 3 } });
  const cosigners = [...makeCosigners(), ...makeCosigners().map((c) => ({ ...c, reason: 'r '.repeat(200) }))];
  const docs = [
    renderTransferManifest({ manifest: m, manifestSha256: sha('x'), signer }),
    renderTransferManifest({ manifest: m, manifestSha256: sha('x'), signer, cosigners }),
    renderImportReceipt({
      report: { ...makeImportReport(m), cosigners, witnessesRequired: 2 }, checklist: makeImportChecklist(m, { seal: 'SEAL-4711', witness: 'W '.repeat(300) }),
      decision: { officer: 'Carol', decision: 'approved', reason: 'fine', at: '2026-11-23T08:05:00Z' }, ledger: { seq: 1, hash: sha('l') }, station: 'HIGH',
    }),
    renderRejectionReport({ report: { ...makeReport(m), cosigners, witnessesRequired: 2 }, station: 'HIGH', reason: 'seal mismatch', checklist: makeImportChecklist(m, { seal: 'SEAL-0000', av: 'Done, findings (reject)' }) }),
  ];
  for (const html of docs) assert.deepEqual((await overflows(html)).filter((o) => o > 0), []);
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

/** Each `.path` box's text cut into its printed lines, measured character by character, and its column width. */
async function pathBoxes(html: string): Promise<{ lines: string[]; width: number; overflowX: number }[]> {
  const page = await browser.newPage();
  try {
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html);
    return await page.$$eval('.page .path', (boxes) =>
      boxes.map((box) => {
        const lines: string[] = [];
        let lastTop: number | null = null;
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue; // a collapsed space at a line end
            if (lastTop === null || rect.top > lastTop + 2) {
              lines.push('');
              lastTop = rect.top;
            }
            lines[lines.length - 1] += text.charAt(i);
          }
        }
        const width = Number(/\bw(\d+)\b/.exec(box.className)?.[1] ?? 0);
        return { lines, width, overflowX: box.scrollWidth - box.clientWidth };
      }),
    );
  } finally {
    await page.close();
  }
}

const SEPARATOR_END = /[/\-_. ]$/;
/**
 * Line ends of a path box that fall inside a name: not after a separator, and the piece broken is
 * not wider than the whole column (the one case where breaking inside it is the intended fallback).
 */
function midNameBreaks(box: { lines: string[]; width: number }): string[] {
  const bad: string[] = [];
  for (const [i, line] of box.lines.slice(0, -1).entries()) {
    const piece = (line.split(/(?<=[/\-_. ])/).at(-1) ?? '') + (box.lines[i + 1]!.split(/(?<=[/\-_. ])/)[0] ?? '');
    if (!SEPARATOR_END.test(line) && piece.length <= box.width) bad.push(line);
  }
  return bad;
}

test('printed paths break only after a separator; a segment wider than the column is the only exception', async () => {
  const long = 'x'.repeat(70);
  const m = makeManifest(4);
  const paths = [
    'docs/survey-2026/north-sector/tiles/tile-000-north-sector-overview.geojson',
    'docs/a/bb/ccc/dddd/eeeee/ffffff/ggggggg/hhhhhhhh/iiiiiiiii/jjjjjjjjjj/kkkkkkkkkkk.txt',
    `docs/averyveryverylongdirectoryname/${long}.bin`,
  ];
  m.entries = [m.entries[0]!, ...paths.map((path) => ({ path, type: 'file' as const, size: 1, mode: '0644' as const, mtime: 1_700_000_000, sha256: sha(path) }))];
  const boxes = (await pathBoxes(renderTransferManifest({ manifest: m, manifestSha256: sha('x'), signer }))).filter((b) => b.lines.join('').startsWith('docs/'));
  assert.equal(boxes.length, 1 + paths.length, 'the directory and every file are path boxes');
  let brokeSomewhere = false;
  for (const box of boxes) {
    const whole = box.lines.join('');
    assert.ok(box.lines.length <= pathLines(whole, box.width), `${whole}: ${box.lines.length} lines printed, ${pathLines(whole, box.width)} estimated`);
    assert.ok(box.overflowX <= 0, `${whole} overflows its column`);
    if (box.lines.length > 1) brokeSomewhere = true;
    assert.deepEqual(midNameBreaks(box), [], `${whole} broken inside a name`);
  }
  assert.ok(brokeSomewhere, 'the long paths do wrap, so the check above saw real breaks');
  const fallback = boxes.find((b) => b.lines.join('').includes(long))!;
  assert.ok(fallback.lines.some((l) => /^x+$/.test(l) && l.length < 70), 'the 70-character name is broken as a last resort, not clipped');
});

test('the path probe sees a mid-name break when the old break-anywhere style is used (so the check above can fail)', async () => {
  const html = renderDocument({ title: 't', banner: 'B', reference: 'r', footer: 'f', paper: 'A4', flow: [{ kind: 'block', html: '<div class="m path brk w16">docs/abcdefghijklmnop</div>', height: 10 }] });
  const [box] = await pathBoxes(html);
  assert.deepEqual(midNameBreaks(box!), ['docs/abcdefghijk'], JSON.stringify(box!.lines));
});
