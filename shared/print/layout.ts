/**
 * Page geometry and the print stylesheet. The paginator (paginate.ts) packs content into explicit
 * fixed-size pages using the numbers here, so the CSS and the estimates must agree: every length
 * the estimates rely on (line height, cell padding, page areas) is defined once below and written
 * into the CSS from these constants.
 */

/** Paper sizes a document can be printed on. */
export type Paper = 'A4' | 'Letter';

/** Width and height of each paper in millimetres. */
export const PAPER_MM: Record<Paper, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
};

/** Fixed parts of every page, in millimetres. */
export const PAGE_MM = {
  marginX: 15,
  marginY: 8,
  banner: 10,
  running: 6,
  footer: 7,
  /** Kept free at the bottom of the body so a slightly optimistic estimate never clips a row. */
  slack: 6,
} as const;

/** Point size of body text and of the monospace values whose widths are counted in columns. */
const FONT_PT = 8;
const LINE_HEIGHT = 1.3;
const PT_MM = 25.4 / 72;

/** Height of one line of body text. */
export const LINE_MM = FONT_PT * LINE_HEIGHT * PT_MM;
/** Vertical padding plus border of one table row (0.5 mm top and bottom, 0.2 mm rule), rounded up. */
export const ROW_PAD_MM = 1.6;
/** A table's header row (one line of small bold text). */
export const HEAD_ROW_MM = 6;
/** A section heading (h2 with its margins). */
export const HEADING_MM = 9;

/** Estimated height of a table row whose tallest cell takes `lines` lines. */
export function rowHeight(lines: number): number {
  return Math.max(1, lines) * LINE_MM + ROW_PAD_MM;
}

/** Height left for content between the running head and the footer of one page. */
export function bodyCapacity(paper: Paper): number {
  const p = PAGE_MM;
  return PAPER_MM[paper].height - 2 * p.marginY - 2 * p.banner - p.running - p.footer - 4 /* gaps */ - p.slack;
}

const MONO = '"DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", monospace';
const SANS = '"DejaVu Sans", "Liberation Sans", "Noto Sans", sans-serif';

/** Widths (in monospace columns) that cells may use: each becomes a `.w<N>` class. */
export const COLUMN_WIDTHS = [6, 8, 10, 12, 14, 16, 17, 18, 22, 26, 30, 32, 34, 44, 46, 64, 66, 80] as const;
export type ColumnWidth = (typeof COLUMN_WIDTHS)[number];

/** The whole stylesheet for `paper`, inlined into the document's <style>. */
export function printCss(paper: Paper): string {
  const { width, height } = PAPER_MM[paper];
  const p = PAGE_MM;
  const widths = COLUMN_WIDTHS.map((w) => `.w${w}{width:${w}ch}`).join('');
  return `
@page { size: ${paper === 'A4' ? 'A4' : 'letter'}; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: ${SANS}; font-size: ${FONT_PT}pt; line-height: ${LINE_HEIGHT}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: ${width}mm; height: ${height}mm; padding: ${p.marginY}mm ${p.marginX}mm; overflow: hidden; display: flex; flex-direction: column; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.banner { flex: 0 0 ${p.banner}mm; display: flex; align-items: center; justify-content: center; text-align: center; border: 0.6mm solid #000; font-weight: bold; font-size: 9pt; line-height: 1.15; letter-spacing: 0.04em; word-break: break-all; overflow: hidden; padding: 0 2mm; }
.running { flex: 0 0 ${p.running}mm; display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm; font-size: 7pt; border-bottom: 0.2mm solid #000; margin-top: 1mm; white-space: nowrap; overflow: hidden; }
.body { flex: 1 1 auto; overflow: hidden; padding-top: 1mm; }
.footer { flex: 0 0 ${p.footer}mm; display: flex; justify-content: space-between; align-items: center; gap: 4mm; font-size: 7pt; border-top: 0.2mm solid #000; margin-bottom: 1mm; white-space: nowrap; overflow: hidden; }
.footer .pageno { font-weight: bold; font-size: 8pt; }
h1 { font-size: 14pt; line-height: 1.2; margin: 1mm 0 1mm; }
h2 { font-size: 10pt; line-height: 1.3; margin: 3mm 0 1mm; height: 5mm; overflow: hidden; }
p.note { margin: 0 0 1mm; }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border: 0.2mm solid #000; padding: 0.5mm 1mm; vertical-align: top; text-align: left; }
th { font-size: 7.5pt; font-weight: bold; background: #e6e6e6; white-space: nowrap; height: ${HEAD_ROW_MM - 0.4}mm; }
td.k { width: 30mm; font-weight: bold; }
.m { font-family: ${MONO}; font-size: ${FONT_PT}pt; line-height: ${LINE_HEIGHT}; }
.brk { word-break: break-all; overflow-wrap: anywhere; }
.path { word-break: normal; overflow-wrap: anywhere; hyphens: none; }
.r { text-align: right; }
${widths}
.result { font-weight: bold; letter-spacing: 0.05em; }
.result.fail { text-decoration: underline; }
.digest { display: flex; gap: 5mm; align-items: flex-start; border: 0.2mm solid #000; padding: 2mm; }
.digest .text { flex: 1 1 auto; }
.digest .label { font-weight: bold; margin-top: 1mm; }
.digest .big { font-size: 10pt; line-height: 1.3; font-weight: bold; }
.digest svg { flex: 0 0 auto; width: 34mm; height: 34mm; }
.sign { display: flex; gap: 6mm; margin-top: 2mm; }
.sign .line { flex: 1 1 0; border: 0.2mm solid #000; padding: 1.5mm; height: 30mm; }
.sign .role { font-weight: bold; margin-bottom: 1mm; }
.sign .field { border-bottom: 0.2mm solid #000; height: 6.5mm; font-size: 7pt; display: flex; align-items: flex-end; }
.decision { font-size: 12pt; font-weight: bold; letter-spacing: 0.05em; }
@media screen {
  body { background: #888; }
  .page { background: #fff; margin: 6mm auto; box-shadow: 0 0 3mm rgba(0,0,0,.4); }
}
`;
}
