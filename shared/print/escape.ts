/**
 * Escaping and measuring text for printed documents. Everything a manifest or report says is
 * hostile (a path may be `"><img src=x onerror=…>`), so every interpolated string goes through
 * `escapeHtml` — in text and in attribute values alike.
 */

import { displaySafe } from '../format/display-text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escapes text for HTML text and double- or single-quoted attribute values. Also writes every
 * character refused by shared/format/text-rules.ts (C0/C1 controls, bidi overrides and isolates,
 * zero-width and other format characters, lone surrogates — none of which a manifest field may hold,
 * but a failure reason may quote from a hostile tar header) as a visible `\u202e`-style escape
 * (shared/format/display-text.ts), so nothing invisible or reordering reaches paper. Tab and line
 * breaks stay: in HTML they are white space.
 */
export function escapeHtml(value: unknown): string {
  return displaySafe(value, { max: Infinity, keepWhitespace: true }).replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

/**
 * Columns a string takes in a monospace font: East Asian wide and full-width characters and emoji
 * count two, everything else one (combining marks too — counting high keeps estimates safe).
 */
export function textColumns(text: string): number {
  let columns = 0;
  for (const ch of text) columns += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return columns;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Lines a string takes when the browser breaks it anywhere (CSS `word-break: break-all`) in a box
 * `width` columns wide. A wide character never straddles a line, so a line may end one column short.
 */
export function brokenLines(text: string, width: number): number {
  if (text.length === 0) return 1;
  let lines = 1;
  let used = 0;
  for (const ch of text) {
    const w = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (used + w > width) {
      lines++;
      used = 0;
    }
    used += w;
  }
  return lines;
}

/**
 * Word-wraps prose to lines of at most `width` columns, breaking words longer than a line. Done
 * here rather than by the browser so the paginator knows exactly how many lines a field takes.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const push = () => {
    lines.push(line);
    line = '';
    used = 0;
  };
  for (const word of text.split(/ +/)) {
    const w = textColumns(word);
    if (used > 0 && used + 1 + w <= width) {
      line += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (used > 0) push();
    if (w <= width) {
      line = word;
      used = w;
      continue;
    }
    for (const ch of word) {
      const cw = textColumns(ch);
      if (used + cw > width) push();
      line += ch;
      used += cw;
    }
  }
  if (used > 0 || lines.length === 0) push();
  return lines;
}

/**
 * Where a printed path may break: after a `/` (between segments) and, inside a long segment, after
 * `-`, `_`, `.` or a space — never inside a run of letters and digits, unless a run is longer than
 * the whole column (see pathLines).
 */
const PATH_BREAK_AFTER = /(?<=[/\-_. ])/u;

/** A path cut into pieces that each end at a break opportunity (the last may end anywhere). */
export function pathPieces(path: string): string[] {
  return path.split(PATH_BREAK_AFTER).filter((p) => p.length > 0);
}

/**
 * A path as escaped HTML with `<wbr>` after each separator, for a box styled `.path` (CSS
 * `word-break: normal; overflow-wrap: anywhere`): the browser breaks at those opportunities only,
 * and breaks inside a piece only as a last resort, when one piece alone is wider than the box.
 * `<wbr>` adds no character, so the text copied or extracted from the PDF is the path as is.
 */
export function pathHtml(path: string): string {
  return pathPieces(path).map(escapeHtml).join('<wbr>');
}

/**
 * Lines a path takes in a box `width` columns wide when broken only after separators (pathHtml):
 * greedy, like the browser — a piece that does not fit starts a new line; a piece longer than a
 * whole line starts a line of its own and is then broken anywhere (the browser's emergency break,
 * `overflow-wrap: anywhere`). The browser may also find break opportunities of its own (Unicode
 * line breaking), which can only make it fit more on a line, so this count is never too low.
 */
export function pathLines(path: string, width: number): number {
  if (path.length === 0) return 1;
  let lines = 1;
  let used = 0;
  for (const piece of pathPieces(path)) {
    const w = textColumns(piece);
    if (used + w <= width) {
      used += w;
      continue;
    }
    if (used > 0) {
      lines++;
      used = 0;
    }
    if (w <= width) {
      used = w;
      continue;
    }
    for (const ch of piece) {
      const cw = isWide(ch.codePointAt(0)!) ? 2 : 1;
      if (used + cw > width) {
        lines++;
        used = 0;
      }
      used += cw;
    }
  }
  return lines;
}
