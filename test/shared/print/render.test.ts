import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest, UNVERIFIED_BANNER } from '../../../shared/print/index';
import { escapeHtml, pathHtml } from '../../../shared/print/escape';
import { groupHex } from '../../../shared/units';
import { HOSTILE, makeImportReport, makeManifest, makeReport, sha } from './fixtures';

const signer = { label: 'low-side-operator', keyId: '0123456789ABCDEF', fingerprint: 'SHA256:fp-abcd' };
const digest = sha('manifest');
const pages = (html: string) => (html.match(/<section class="page"/g) ?? []).length;
const count = (html: string, needle: string) => html.split(needle).length - 1;

test('the transfer manifest prints every path and every hash in full', () => {
  const m = makeManifest(120);
  const html = renderTransferManifest({ manifest: m, manifestSha256: digest, signer });
  for (const e of m.entries) {
    assert.ok(html.includes(pathHtml(e.type === 'dir' ? `${e.path}/` : e.path)), `path ${e.path}`);
    if (e.type === 'file') assert.ok(html.includes(e.sha256), `hash of ${e.path}`);
  }
  for (const v of m.payload.volumes) assert.ok(html.includes(v.sha256) && html.includes(v.name));
  assert.ok(html.includes(m.payload.sha256));
  assert.ok(html.includes(digest), 'signed digest in full');
  assert.ok(html.includes(groupHex(digest, 8).split('\n')[0]!), 'digest in groups of four');
  assert.ok(html.includes('0123456789ABCDEF') && html.includes('SHA256:fp-abcd') && html.includes('low-side-operator'));
  assert.match(html, /<svg [^>]*viewBox/);
  assert.ok(html.includes('w10">1 of 2<') && html.includes('w10">2 of 2<'), 'media numbering');
  for (const role of ['Operator', 'Witness', 'Receiving officer']) assert.ok(html.includes(`<div class="role">${role}</div>`));
  assert.ok(html.includes('Files scanned for malware') && html.includes('YES, confirmed'));
});

test('every page carries the classification banner top and bottom and "page X of Y"', () => {
  const m = makeManifest(300);
  const html = renderTransferManifest({ manifest: m, manifestSha256: digest, signer });
  const n = pages(html);
  assert.ok(n >= 8, `300 files take several pages (got ${n})`);
  assert.equal(count(html, `<div class="banner">${escapeHtml(m.classification)}</div>`), 2 * n);
  for (let i = 1; i <= n; i++) assert.equal(count(html, `Page ${i} of ${n}<`), 1);
  assert.equal(count(html, '<th>Path</th>'), count(html, '<h2>Files (continued)</h2>') + 1, 'every piece of the file table repeats its header row');
  assert.ok(count(html, '<h2>Files (continued)</h2>') >= n - 2);
});

test('hostile manifest text comes out escaped, never as markup', () => {
  const m = makeManifest(3, { ticket: HOSTILE.script, operator: HOSTILE.img });
  const html = renderTransferManifest({ manifest: m, manifestSha256: digest, signer: { ...signer, label: HOSTILE.img } });
  assert.ok(!html.includes('<script'), 'no script element');
  assert.ok(!html.includes('<img'), 'no img element');
  assert.ok(!/\sonerror=/.test(html.replace(/&quot;&gt;&lt;img src=x onerror=/g, '')), 'no live onerror attribute');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*script-src &#39;none&#39;/);
});

test('the document is self-contained: no external resources', () => {
  const html = renderTransferManifest({ manifest: makeManifest(5), manifestSha256: digest, signer });
  assert.ok(!/<(link|script|iframe|object|embed|img)\b/i.test(html));
  assert.ok(!/url\(|@import|@font-face|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i.test(html));
});

test('paper size selects the @page size and the page geometry', () => {
  const a4 = renderTransferManifest({ manifest: makeManifest(300), manifestSha256: digest, signer });
  const letter = renderTransferManifest({ manifest: makeManifest(300), manifestSha256: digest, signer, paper: 'Letter' });
  assert.match(a4, /@page \{ size: A4; margin: 0; \}/);
  assert.match(a4, /\.page \{ width: 210mm; height: 297mm;/);
  assert.match(letter, /@page \{ size: letter; margin: 0; \}/);
  assert.match(letter, /\.page \{ width: 215\.9mm; height: 279\.4mm;/);
  assert.ok(pages(letter) >= pages(a4), 'shorter paper never needs fewer pages');
});

test('media count other than the volume count is printed without guessing the mapping', () => {
  const html = renderTransferManifest({ manifest: makeManifest(1), manifestSha256: digest, signer, media: { count: 1 } });
  assert.ok(html.includes('(2 volumes on 1 medium)'));
  assert.ok(!html.includes('w10">1 of 2<'), 'no volume is assigned a medium that was not given');
  assert.equal(count(html, 'w10">—<'), 2);
  const mapped = renderTransferManifest({ manifest: makeManifest(1), manifestSha256: digest, signer, media: { count: 1, volumeMedium: [1, 1] } });
  assert.equal(count(mapped, '>1 of 1<'), 2);
});

test('the import receipt prints each check as a word, the decision, the destination and the ledger head', () => {
  const m = makeManifest(4);
  const report = makeImportReport(m);
  const html = renderImportReceipt({
    report,
    decision: { officer: `Carol ${HOSTILE.script}`, decision: 'approved', reason: 'matches request CHG-1234', at: '2026-11-23T08:05:00Z' },
    ledger: { seq: 12, hash: sha('ledger') },
    station: 'HIGH',
  });
  assert.ok(html.includes('<span class="result pass">PASS</span>'));
  assert.ok(html.includes('>signature<') && html.includes('>entries<'));
  assert.ok(html.includes('APPROVED') && html.includes('matches request CHG-1234'));
  assert.ok(html.includes('Carol &lt;script&gt;'));
  assert.ok(html.includes(pathHtml(`/data/in/${m.transferId}`)));
  assert.ok(html.includes(`12:${sha('ledger')}`), 'ledger head SEQ:HASH');
  assert.ok(html.includes(digest) && html.includes(m.transferId));
  assert.equal(count(html, `<div class="banner">${escapeHtml(m.classification)}</div>`), 2 * pages(html));
  assert.ok(!html.includes('<script'));
});

test('the rejection report lists every failure line and marks an unverified classification', () => {
  const report = makeReport(null, false);
  const html = renderRejectionReport({ report, station: 'HIGH', officer: 'Dave' });
  for (const f of report.failures) {
    assert.ok(html.includes(pathHtml(f.where)), f.where);
    assert.ok(html.includes(escapeHtml(f.reason).split(' ').slice(0, 3).join(' ')), f.reason);
  }
  assert.ok(html.includes('<span class="result fail">FAIL</span>') && html.includes('SKIPPED'));
  assert.ok(html.includes('REJECTED — 2 failures'));
  assert.ok(html.includes('T-claimed (as claimed, not verified)'));
  assert.ok(html.includes('NOT IN THE TRUST STORE'));
  assert.equal(count(html, `<div class="banner">${UNVERIFIED_BANNER}</div>`), 2 * pages(html));
  assert.ok(!html.includes('<script') && !html.includes('<img'));
});

test('a rejection report of a signed but failing package uses its classification', () => {
  const m = makeManifest(2);
  const report = { ...makeReport(m, false), files: [{ path: 'docs/file-00000.txt', type: 'file' as const, size: 1, status: 'fail' as const, reason: 'SHA-256 differs' }] };
  const html = renderRejectionReport({ report, station: 'HIGH' });
  assert.ok(html.includes(`<div class="banner">${escapeHtml(m.classification)}</div>`));
  assert.ok(html.includes('Files that failed (1)') && html.includes(pathHtml('docs/file-00000.txt — SHA-256 differs')));
});

test('an officer’s rejection of a package that verified prints the officer’s reason, escaped', () => {
  const m = makeManifest(2);
  const html = renderRejectionReport({ report: makeReport(m, true), station: 'HIGH', officer: 'Dave', reason: 'Seal number <b>differs</b> from the paper manifest' });
  assert.ok(html.includes('REJECTED BY THE SECURITY OFFICER'));
  assert.ok(!html.includes('REJECTED — 0 failures'));
  assert.ok(html.includes('Officer&#39;s reason') || html.includes("Officer's reason"));
  assert.ok(html.includes('Seal number &lt;b&gt;differs&lt;/b&gt; from the paper manifest'));
});
