// E2E in real Chromium through the bridge: an export whose release folder holds a `docker save`
// tarball, a Helm chart, an SPDX SBOM and the vendor's SHA256SUMS (all made by the test with GNU
// tar). The before-packing checklist's vendor-checksums item is answered by the machine; the export
// summary and the import review show the image (reference, config digest), the chart (name,
// version), the SBOM and the vendor checksum result; the manifest PDF saved onto the medium prints
// the same in its "What is inside" table (pdftotext). Screenshots are clipped to those sections and
// the PDF page holding them is rendered with pdftoppm; with SLUICE_UPDATE_SCREENSHOTS=1 they are
// copied to docs/screenshots/ for the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { type Station, SHOTS_DIR, e2eSuite, fillExportDetails, finishExport, skipReason, addSourceFolder, chooseTargetAndPack } from './helpers';
import { setUpThroughApp } from './station-setup';
import { dockerSave, helmChart, sha, spdx } from '../engine/content/artifacts';

const PASSPHRASE = 'e2e content correct horse battery';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const IMAGE_REF = 'gcr.io/cleanstart/python:3.11-prod';
const suite = e2eSuite('sluice-e2e-content-');
const shared: { packageDir?: string; pubFile?: string; fingerprint?: string; config?: string; manifestPdf?: string } = {};

/** Writes test-output/screenshots/content-<name>.png and, with SLUICE_UPDATE_SCREENSHOTS=1, docs/screenshots/<name>.png. */
async function publish(name: string, write: (file: string) => Promise<unknown> | unknown): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const shot = join(SHOTS_DIR, `content-${name}.png`);
  await write(shot);
  if (process.env.SLUICE_UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(join(REPO, 'docs/screenshots'), { recursive: true });
  await copyFile(shot, join(REPO, 'docs/screenshots', `${name}.png`));
}

/** A screenshot of the page clipped to the box around `sections` (in page coordinates), so the README picture stays small. */
async function clipShot(page: Page, sections: Locator[], file: string): Promise<void> {
  const boxes = await Promise.all(sections.map((l) => l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left + window.scrollX, right: r.right + window.scrollX };
  })));
  const top = Math.max(0, Math.min(...boxes.map((b) => b.top)) - 8);
  const left = Math.max(0, Math.min(...boxes.map((b) => b.left)) - 8);
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + 8;
  const right = Math.max(...boxes.map((b) => b.right)) + 8;
  await page.screenshot({ path: file, fullPage: true, clip: { x: left, y: top, width: right - left, height: bottom - top } });
}

/** What both screens must show: the image by reference and config digest, chart, SBOM, vendor checksums. */
async function assertContentShown(scope: Locator, where: string): Promise<void> {
  const content = scope.getByTestId('content-details');
  const image = content.locator('tr[data-kind="Image"]');
  assert.equal(await image.count(), 1, `${where}: one image`);
  const imageText = (await image.textContent())!;
  assert.ok(imageText.includes('release/app-image.tar'), `${where}: the image's entry: ${imageText}`);
  assert.ok(imageText.includes(IMAGE_REF), `${where}: the image reference: ${imageText}`);
  assert.ok(imageText.includes(shared.config!), `${where}: the config digest ${shared.config}: ${imageText}`);
  assert.match(imageText, /linux\/arm64\/v8 \(3 layers, .*docker save; digests checked while packing\)/, where);
  assert.match((await content.locator('tr[data-kind="Chart"]').textContent())!, /release\/coder-2\.9\.0\.tgz.*coder 2\.9\.0 \(app v2\.9\.0\)/, `${where}: the chart`);
  assert.match((await content.locator('tr[data-kind="SBOM"]').textContent())!, /release\/python\.spdx\.json.*SPDX.*describes gcr\.io\/cleanstart\/python 3\.11-prod/, `${where}: the SBOM`);
  const vendor = scope.getByTestId('vendor-checksums');
  assert.equal(await vendor.getByTestId('vendor-checksums-summary').textContent(), '3 files match 1 checksum file (SHA-256); 1 listed but not carried', where);
  assert.match((await vendor.getByRole('row').filter({ hasText: 'SHA256SUMS' }).textContent())!, /release\/SHA256SUMS3 of 4 listed files match \(SHA-256, gnu format\), 1 listed but not carried.*Listed, not carried: app-image-amd64\.tar/, `${where}: the checksum file`);
}

/** The release folder a vendor ships: image tarball, chart, SBOM and a SHA256SUMS listing one file more than was brought. */
async function writeRelease(release: string): Promise<void> {
  const work = join(suite.root, 'work');
  await mkdir(release, { recursive: true });
  await mkdir(work, { recursive: true });
  const image = await dockerSave(work, release, 'app-image.tar', { tags: [IMAGE_REF] });
  shared.config = image.config;
  await rename(await helmChart(work, release, 'coder', 'apiVersion: v2\nname: coder\nversion: 2.9.0\nappVersion: "v2.9.0"\n'), join(release, 'coder-2.9.0.tgz'));
  await writeFile(join(release, 'python.spdx.json'), spdx());
  const lines = [];
  for (const f of ['app-image.tar', 'coder-2.9.0.tgz', 'python.spdx.json']) lines.push(`${sha(await readFile(join(release, f)))}  ${f}`);
  lines.push(`${sha('the amd64 image, not carried')}  app-image-amd64.tar`);
  await writeFile(join(release, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

test('export: the summary shows the image, chart, SBOM and vendor checksums; the manifest PDF prints them', { skip: skipReason, timeout: 150_000 }, async () => {
  const release = join(suite.root, 'src', 'release');
  await writeRelease(release);
  const target = join(suite.root, 'usb');
  await mkdir(target);
  const data = join(suite.root, 'low', 'data');
  const s: Station = await suite.station('low', 'content');
  await setUpThroughApp(s, 'EXPORT', data);
  const gen = await s.bridge.invoke('keys:generate', { name: 'low-content', passphrase: PASSPHRASE, actor: 'Olga Operator' });
  assert.ok(gen.ok, JSON.stringify(gen.error));
  shared.pubFile = join(data, 'keys', 'low-content.pub');
  shared.fingerprint = (gen.value as { fingerprint: string }).fingerprint;

  const { page } = s;
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await fillExportDetails(page, 'CleanStart python image and Coder chart for the secure cluster');
  await addSourceFolder(page, s.bridge, release, /4 file\(s\)/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: /Before packing/ }).waitFor();
  // The sources carry a SHA256SUMS Sluice can check: the machine answers the vendor item.
  const vendorItem = page.locator('[data-item="vendor-checksums"]');
  assert.equal(await vendorItem.getAttribute('data-machine'), 'true');
  assert.match((await vendorItem.textContent())!, /Checked, all match — answered by the machine/);
  for (const id of ['sources-approved', 'content-reviewed', 'sources-scanned', 'media-fresh']) await page.locator(`[data-item="${id}"]`).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await chooseTargetAndPack(page, s.bridge, target, PASSPHRASE);
  await finishExport(page, { pdfOnMedium: true });

  const summary = page.locator('main');
  await assertContentShown(summary, 'export summary');
  await publish('export-summary-content', (f) => clipShot(page, [page.getByTestId('content-details'), page.getByTestId('vendor-checksums')], f));

  const transferId = (await page.getByTestId('transfer-id').textContent())!;
  const packages = (await readdir(target)).filter((n) => !n.startsWith('.') && !n.endsWith('.pdf'));
  assert.equal(packages.length, 1);
  shared.packageDir = join(target, packages[0]!);
  shared.manifestPdf = join(data, 'records', `${transferId}.manifest.pdf`);
  const manifest = JSON.parse(await readFile(join(shared.packageDir, 'manifest.json'), 'utf8'));
  const entry = manifest.entries.find((e: { path: string }) => e.path === 'release/app-image.tar');
  assert.deepEqual(entry.details.image.images[0].references, [IMAGE_REF], 'signed into the manifest');
  assert.deepEqual(s.errors, []);
});

/** The text of page `n` of a PDF, whitespace removed (table cells wrap long digests). */
const pageText = (pdf: string, n: number) => execFileSync('pdftotext', ['-raw', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

test('the printed transfer manifest has a "What is inside" table and the vendor checksums (pdftotext, pdftoppm)', { skip: skipReason, timeout: 60_000 }, async () => {
  assert.ok(shared.manifestPdf && shared.config, 'the export scenario must have run');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [shared.manifestPdf], { encoding: 'utf8' }))![1]);
  const texts = Array.from({ length: pages }, (_, i) => pageText(shared.manifestPdf!, i + 1));
  const at = texts.findIndex((t) => t.includes('Whatisinside(recognisedwhilepacking)'));
  assert.ok(at >= 0, 'a page holds the "What is inside" table');
  const all = texts.join('');
  for (const expected of [IMAGE_REF, shared.config, 'coder2.9.0(appv2.9.0)', 'release/coder-2.9.0.tgz', 'release/python.spdx.json', '3of4listedfilesmatch(SHA-256,gnuformat)']) {
    assert.ok(all.includes(expected.replace(/\s+/g, '')), `the manifest PDF prints ${expected}`);
  }
  assert.ok(texts[at]!.includes(IMAGE_REF), 'the image reference is on the page rendered for the README');
  // Render that page and crop from the table's heading down (pdftotext -bbox gives its position in points).
  const dpi = 96;
  const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(at + 1), '-l', String(at + 1), shared.manifestPdf, '-'], { encoding: 'utf8' });
  const words = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
  const [width, height] = [Number(words[0]![1]), Number(words[0]![2])];
  const heading = words.findIndex((w, i) => w[7] === 'What' && words[i + 1]?.[7] === 'is' && words[i + 2]?.[7] === 'inside');
  assert.ok(heading > 0, 'the heading is found on the page');
  const top = Math.max(0, Number(words[heading]![4]) - 6);
  // Down to the next section (the checklist), or to the last line above the footer.
  const next = words.findIndex((w, i) => i > heading && w[7] === 'Pre-pack');
  const body = words.slice(heading, next > 0 ? next : undefined).filter((w) => Number(w[4]) < height - 72);
  const bottom = Math.min(height, Math.max(...body.map((w) => Number(w[6]))) + 8);
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  await publish('manifest-content', (file) => execFileSync('pdftoppm', ['-png', '-singlefile', '-r', String(dpi), '-f', String(at + 1), '-l', String(at + 1),
    '-x', '0', '-y', String(px(top)), '-W', String(px(width)), '-H', String(px(bottom - top)), shared.manifestPdf!, file.replace(/\.png$/, '')]));
});

test('import: the review shows the image, chart, SBOM and vendor checksums from the signed manifest', { skip: skipReason, timeout: 90_000 }, async () => {
  assert.ok(shared.packageDir && shared.pubFile, 'the export scenario must have run');
  const high = await suite.station('high', 'content');
  await setUpThroughApp(high, 'IMPORT', join(suite.root, 'high', 'data'));
  high.bridge.nextDialog(shared.pubFile);
  assert.ok((await high.bridge.invoke('dialog:openFiles', {})).ok);
  const trusted = await high.bridge.invoke('trust:add', { file: shared.pubFile, label: 'low-desk', typedFingerprint: shared.fingerprint, actor: 'Oscar Officer' });
  assert.ok(trusted.ok, JSON.stringify(trusted.error));
  const { page } = high;
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  high.bridge.nextDialog(shared.packageDir);
  await page.getByRole('button', { name: 'Open a package folder…' }).click();
  await page.getByText('PASS: signed by a trusted key').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('review-facts').waitFor();
  await assertContentShown(page.locator('main'), 'import review');
  await publish('review-content', (f) => clipShot(page, [page.getByTestId('content-details'), page.getByTestId('vendor-checksums')], f));
  assert.deepEqual(high.errors, []);
});
