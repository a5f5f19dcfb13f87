/**
 * Splits a document's content into pages. Browsers cannot print a running "page X of Y" reliably,
 * so pages are explicit: content is a flow of blocks (kept whole) and tables (split between rows,
 * with the heading and header row repeated on every page), each with an estimated height; the
 * paginator packs them greedily into pages of a fixed capacity.
 */
import { HEAD_ROW_MM, HEADING_MM } from './layout';
import { escapeHtml } from './escape';

/** Content kept together on one page. */
export interface Block {
  kind: 'block';
  html: string;
  /** Estimated height in millimetres. */
  height: number;
}

/** One table row: its <tr> and its estimated height in millimetres. */
export interface Row {
  html: string;
  height: number;
}

/** A table that may be split across pages between rows. */
export interface Table {
  kind: 'table';
  /** Heading printed above the table, repeated as "… (continued)" on later pages. */
  title: string;
  /** CSS class of the <table>. */
  className?: string;
  /** The header row's cells (<th>…</th>), repeated on every page. Omit for a table without header. */
  head?: string;
  rows: Row[];
  /** Printed as a note when there are no rows. */
  empty?: string;
}

export type Flow = Block | Table;

/** Packs `flow` into pages whose body holds `capacity` millimetres; returns each page's body HTML. */
export function paginate(flow: readonly Flow[], capacity: number): string[] {
  const pages: string[] = [];
  let html = '';
  let used = 0;
  const newPage = () => {
    pages.push(html);
    html = '';
    used = 0;
  };
  const place = (fragment: string, height: number) => {
    if (used > 0 && used + height > capacity) newPage();
    html += fragment;
    used += height;
  };

  for (const item of flow) {
    if (item.kind === 'block') {
      place(item.html, item.height);
      continue;
    }
    const heading = (continued: boolean) => `<h2>${escapeHtml(item.title)}${continued ? ' (continued)' : ''}</h2>`;
    if (item.rows.length === 0) {
      place(`${heading(false)}<p class="note">${escapeHtml(item.empty ?? 'None.')}</p>`, HEADING_MM + 5);
      continue;
    }
    const headHeight = HEADING_MM + (item.head ? HEAD_ROW_MM : 0);
    const open = (continued: boolean) =>
      `${heading(continued)}<table${item.className ? ` class="${escapeHtml(item.className)}"` : ''}>${item.head ? `<thead><tr>${item.head}</tr></thead>` : ''}<tbody>`;
    let index = 0;
    let continued = false;
    while (index < item.rows.length) {
      // Start the table (or its continuation) where at least its first row fits under the header.
      if (used > 0 && used + headHeight + item.rows[index]!.height > capacity) newPage();
      html += open(continued);
      used += headHeight;
      let placed = 0;
      while (index < item.rows.length) {
        const row = item.rows[index]!;
        // A row taller than a whole page still goes on a page of its own rather than looping.
        if (placed > 0 && used + row.height > capacity) break;
        html += row.html;
        used += row.height;
        placed++;
        index++;
      }
      html += '</tbody></table>';
      if (index < item.rows.length) {
        newPage();
        continued = true;
      }
    }
  }
  if (html.length > 0 || pages.length === 0) pages.push(html);
  return pages;
}
