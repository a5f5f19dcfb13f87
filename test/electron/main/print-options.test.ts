// The options the app's print window passes to Electron (print-options.ts imports Electron's types only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printDialogOptions, printToPdfOptions } from '../../../electron/main/print-options';

test('the print dialog and the kept PDF both use the paper the person chose', () => {
  for (const paper of ['A4', 'Letter'] as const) {
    const dialog = printDialogOptions(paper);
    assert.equal(dialog.pageSize, paper);
    assert.equal(dialog.silent, false, 'a person always sees the system dialog');
    assert.equal(dialog.printBackground, true);
    assert.deepEqual(dialog.margins, { marginType: 'none' }, 'the document sets its own margins');
    assert.equal(dialog.usePrinterDefaultPageSize, undefined, 'Electron refuses it together with pageSize');
    const pdf = printToPdfOptions(paper);
    assert.equal(pdf.pageSize, paper);
    assert.equal(pdf.preferCSSPageSize, true);
    assert.equal(pdf.displayHeaderFooter, false, 'no URL or date stamped on the record');
  }
});

test('print-window.ts passes these options, the chosen paper included, to print() and printToPDF()', () => {
  const src = readFileSync(new URL('../../../electron/main/print-window.ts', import.meta.url), 'utf8');
  assert.match(src, /webContents\.print\(printDialogOptions\(paper\)/);
  assert.match(src, /webContents\.printToPDF\(printToPdfOptions\(paper\)\)/);
  assert.match(src, /printDialog: printWithDialog/);
  assert.match(src, /export function printWithDialog\(html: string, paper: Paper\)/);
});
