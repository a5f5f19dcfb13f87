/**
 * Table cells whose printed height is known in advance: every value is set in a monospace font in
 * a box a fixed number of columns wide, either broken anywhere (paths, hashes, ids — they stay one
 * contiguous string in the HTML) or word-wrapped here (prose), so the paginator can count lines.
 */
import { brokenLines, escapeHtml, pathHtml, pathLines, wrapWords } from './escape';
import type { ColumnWidth } from './layout';
import { rowHeight } from './layout';
import type { Row } from './paginate';

/** A table cell's inner HTML and how many lines it takes. */
export interface Cell {
  html: string;
  lines: number;
  /** Extra classes for the <td>. */
  tdClass?: string;
}

/** A value broken anywhere in a box `width` columns wide: paths, hashes, ids, timestamps. */
export function monoCell(text: string, width: ColumnWidth, options: { right?: boolean } = {}): Cell {
  return {
    html: `<div class="m brk w${width}${options.right ? ' r' : ''}">${escapeHtml(text)}</div>`,
    lines: brokenLines(text, width),
  };
}

/**
 * A file path in a box `width` columns wide, broken only after `/`, `-`, `_`, `.` or a space, never
 * inside a name (escape.ts, pathHtml). One piece wider than the whole box is the exception: it is
 * broken wherever it must (CSS `overflow-wrap: anywhere`), as a fallback rather than clipping it.
 */
export function pathCell(text: string, width: ColumnWidth, options: { right?: boolean } = {}): Cell {
  return {
    html: `<div class="m path w${width}${options.right ? ' r' : ''}">${pathHtml(text)}</div>`,
    lines: pathLines(text, width),
  };
}

/** Prose word-wrapped to `width` columns here, so its line count is exact. */
export function proseCell(text: string, width: ColumnWidth): Cell {
  const lines = wrapWords(text, width);
  return { html: `<div class="m w${width}">${lines.map(escapeHtml).join('<br>')}</div>`, lines: lines.length };
}

/**
 * A label in the bold body font, in the 30 mm label column: about 16 proportional characters a
 * line, so its lines are counted at 15 (a label such as "Ledger entry hash" takes two).
 */
export function labelCell(text: string): Cell {
  return { html: escapeHtml(text), lines: wrapWords(text, 15).length, tdClass: 'k' };
}

/** A check or file result as a word — PASS, FAIL, SKIPPED — never by colour alone. */
export function resultCell(status: 'pass' | 'fail' | 'skipped'): Cell {
  const word = status === 'pass' ? 'PASS' : status === 'fail' ? 'FAIL' : 'SKIPPED';
  return { html: `<span class="result ${status}">${word}</span>`, lines: 1 };
}

/** A table row of `cells`, with its height estimated from the tallest cell. */
export function row(cells: readonly Cell[]): Row {
  const html = cells.map((c) => `<td${c.tdClass ? ` class="${c.tdClass}"` : ''}>${c.html}</td>`).join('');
  return { html: `<tr>${html}</tr>`, height: rowHeight(Math.max(1, ...cells.map((c) => c.lines))) };
}

/** Header cells from column titles (fixed text, escaped all the same). */
export function headCells(titles: readonly string[]): string {
  return titles.map((t) => `<th>${escapeHtml(t)}</th>`).join('');
}
