import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paginate, type Table } from '../../../shared/print/paginate';
import { HEAD_ROW_MM, HEADING_MM } from '../../../shared/print/layout';

const table = (rows: number, height: number): Table => ({
  kind: 'table',
  title: 'Files',
  head: '<th>Path</th>',
  rows: Array.from({ length: rows }, (_, i) => ({ html: `<tr><td>r${i}</td></tr>`, height })),
});

test('a long table splits between rows, repeating its heading and header row on every page', () => {
  const capacity = HEADING_MM + HEAD_ROW_MM + 10 * 5; // ten 5 mm rows per page
  const pages = paginate([table(25, 5)], capacity);
  assert.equal(pages.length, 3);
  assert.deepEqual(pages.map((p) => (p.match(/<tr><td>/g) ?? []).length), [10, 10, 5]);
  assert.ok(pages.every((p) => p.includes('<thead><tr><th>Path</th></tr></thead>')));
  assert.match(pages[0]!, /<h2>Files<\/h2>/);
  assert.match(pages[1]!, /<h2>Files \(continued\)<\/h2>/);
  const all = pages.join('');
  for (let i = 0; i < 25; i++) assert.equal(all.split(`>r${i}<`).length, 2, `row ${i} printed exactly once`);
});

test('blocks are kept whole and move to the next page when they do not fit', () => {
  const pages = paginate([
    { kind: 'block', html: '<p>A</p>', height: 60 },
    { kind: 'block', html: '<p>B</p>', height: 50 },
    { kind: 'block', html: '<p>C</p>', height: 40 },
  ], 100);
  assert.deepEqual(pages, ['<p>A</p>', '<p>B</p><p>C</p>']);
});

test('a table does not start at the foot of a page without room for a row', () => {
  const pages = paginate([{ kind: 'block', html: '<p>A</p>', height: 90 }, table(2, 5)], 100);
  assert.equal(pages.length, 2);
  assert.equal(pages[0], '<p>A</p>');
  assert.match(pages[1]!, /^<h2>Files<\/h2>/);
});

test('a row taller than a page gets a page of its own instead of looping forever', () => {
  const pages = paginate([table(3, 500)], 100);
  assert.equal(pages.length, 3);
});

test('an empty table prints its note and an empty flow still makes one page', () => {
  const pages = paginate([{ kind: 'table', title: 'Failures', rows: [], empty: 'No failures.' }], 100);
  assert.deepEqual(pages, ['<h2>Failures</h2><p class="note">No failures.</p>']);
  assert.deepEqual(paginate([], 100), ['']);
});

test('a details row is as tall as its label when the label wraps', async () => {
  const { labelCell, monoCell, row } = await import('../../../shared/print/cells');
  const { rowHeight } = await import('../../../shared/print/layout');
  assert.equal(row([labelCell('Ledger entry hash'), monoCell('1', 80)]).height, rowHeight(2));
  assert.equal(row([labelCell('Station'), monoCell('HIGH', 80)]).height, rowHeight(1));
});
