import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { documentDataUrl, documentFileName, isPrintRequestAllowed, MAX_DATA_URL_CHARS, savePrintedPdf } from '../../../electron/engine/print/save';
import { writeDocument } from '../../../electron/engine/print/write';
import { makeTempDir } from '../../helpers/tmp';

const pdf = Buffer.from('%PDF-1.4 test\n');
const code = (c: string) => (e: unknown) => e instanceof SluiceError && e.code === c;

test('document file names come from the transfer id and refuse anything that is not one', () => {
  assert.equal(documentFileName('T20261122-ab12', 'manifest'), 'T20261122-ab12.manifest.pdf');
  assert.equal(documentFileName('T1', 'receipt', 3), 'T1.receipt-3.pdf');
  for (const bad of ['../x', 'a/b', '.hidden', '', 'x'.repeat(65)]) assert.throws(() => documentFileName(bad, 'manifest'), code('bad-transfer-id'), bad);
});

test('records keep every print (never replaced) and the export copy goes beside the package', async (t) => {
  const dir = await makeTempDir(t);
  const records = join(dir, 'records');
  const media = join(dir, 'media');
  const pkg = join(media, 'T1');
  await mkdir(records);
  await mkdir(pkg, { recursive: true });
  const first = await savePrintedPdf(pdf, { recordsDir: records, transferId: 'T1', kind: 'manifest', besidePackage: { outDir: media, packageDir: pkg } });
  assert.deepEqual(first, [join(records, 'T1.manifest.pdf'), join(media, 'T1.manifest.pdf')]);
  assert.deepEqual(await readFile(join(media, 'T1.manifest.pdf')), pdf);
  assert.deepEqual(await readdir(pkg), [], 'nothing written into the package');
  const again = await savePrintedPdf(Buffer.from('second'), { recordsDir: records, transferId: 'T1', kind: 'manifest' });
  assert.deepEqual(again, [join(records, 'T1.manifest-2.pdf')]);
  assert.deepEqual(await readFile(join(records, 'T1.manifest.pdf')), pdf, 'the first record is untouched');
  // The media copy is never replaced; the refusal comes before anything is written.
  await assert.rejects(
    savePrintedPdf(Buffer.from('third'), { recordsDir: records, transferId: 'T1', kind: 'manifest', besidePackage: { outDir: media, packageDir: pkg } }),
    code('output-exists'),
  );
  assert.deepEqual((await readdir(records)).sort(), ['T1.manifest-2.pdf', 'T1.manifest.pdf']);
  await assert.rejects(
    savePrintedPdf(pdf, { recordsDir: records, transferId: 'T1', kind: 'receipt', besidePackage: { outDir: pkg, packageDir: pkg } }),
    code('output-in-package'),
  );
});

test('writeDocument refuses existing files and paths inside the package before writing anything', async (t) => {
  const dir = await makeTempDir(t);
  const pkg = join(dir, 'pkg');
  await mkdir(pkg);
  await writeFile(join(dir, 'taken.html'), 'x');
  await assert.rejects(writeDocument('<p>', { html: join(dir, 'new.html'), pdf: join(dir, 'taken.html') }), code('output-exists'));
  await assert.rejects(writeDocument('<p>', { html: join(pkg, 'sub', '..', 'm.html') }, { packageDir: pkg }), code('output-in-package'));
  assert.deepEqual((await readdir(dir)).sort(), ['pkg', 'taken.html']);
  await writeDocument('<p>ok</p>', { html: join(dir, 'new.html') }, { packageDir: pkg });
  assert.equal(await readFile(join(dir, 'new.html'), 'utf8'), '<p>ok</p>');
});

test('documents load as a base64 data: URL until Chromium\'s URL limit, and only that URL is allowed', () => {
  const url = documentDataUrl('<p>é</p>')!;
  assert.equal(url, `data:text/html;charset=utf-8;base64,${Buffer.from('<p>é</p>').toString('base64')}`);
  assert.equal(documentDataUrl('x'.repeat(MAX_DATA_URL_CHARS)), null);
  assert.equal(isPrintRequestAllowed(url, url), true);
  assert.equal(isPrintRequestAllowed('https://example.com/', url), false);
  assert.equal(isPrintRequestAllowed('file:///etc/passwd', url), false);
});
