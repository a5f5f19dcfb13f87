/**
 * The one way Sluice shows text that may have come from a package (a path, a tar header field, a
 * trusted comment, a failure reason quoting either): on a terminal, in `--json`, in the ledger, on
 * paper and in the app. Every character refused by shared/format/text-rules.ts (C0, DEL, C1,
 * U+2028/2029, Unicode Cf — bidi controls, zero-width characters, the BOM — and lone surrogates)
 * becomes a visible escape, and long text is cut, so a package cannot move a terminal's cursor,
 * erase a line, reorder what a person reads, or flood a screen or log with a 2 MiB path.
 *
 * Two forms, one rule:
 * - `displayText(raw)` for a raw hostile value, applied once where it is put into a message: a
 *   backslash becomes `\\`, so a path that literally holds the six characters `\u001b` shows as
 *   `\\u001b` and cannot pass for an escaped ESC.
 * - `displaySafe(text)` for text that may already hold such escapes (a failure reason): refused
 *   characters are escaped, backslashes are left alone, so applying it again changes nothing. Every
 *   output surface applies it as a last guard, so a reason built without `displayText` still
 *   carries no raw control byte anywhere.
 * - `jsonForDisplay(value)` for `--json`: JSON.stringify escapes only C0, so refused characters are
 *   written as JSON `\uXXXX` escapes. This is lossless — a JSON parser reads back the same string —
 *   so machine readers get the exact value and a terminal never sees a raw C1 or bidi character.
 */
import { FORBIDDEN_CHAR } from './text-rules';

/** Every refused character (text-rules.ts FORBIDDEN_CHAR), matched globally, per code point. */
const REFUSED = new RegExp(FORBIDDEN_CHAR.source, 'gu');
/** Refused characters and backslashes, for the raw form. */
const REFUSED_OR_BACKSLASH = new RegExp(`\\\\|${FORBIDDEN_CHAR.source}`, 'gu');

/** Default cap for text shown on one line: a path or a reason, with room to spare. */
export const DISPLAY_MAX = 300;

/** Options of the display escapers. */
export interface DisplayOptions {
  /** Characters kept before the text is cut (default DISPLAY_MAX); Infinity keeps everything. */
  max?: number;
  /** Keep tab, line feed and carriage return as they are (HTML, where they are only white space). */
  keepWhitespace?: boolean;
}

/** `\u001b` for one code point; `\u{e0001}` beyond the BMP (a Cf tag character). */
function escapeOf(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * Cuts `text` to `max` characters (UTF-16 units, never splitting a surrogate pair or an escape),
 * saying how much was left out: "…(2097152 more characters)".
 */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
  // Do not end inside an escape we wrote ("\u00" would read as a broken escape).
  const tail = /\\u(?:[0-9a-f]{0,3}|\{[0-9a-f]*)$/.exec(text.slice(Math.max(0, end - 10), end));
  if (tail) end -= tail[0].length;
  return `${text.slice(0, end)}…(${text.length - end} more characters)`;
}

/**
 * A raw value from a package, ready to show: refused characters as visible `\uXXXX` escapes,
 * backslashes doubled, cut at `max` characters. Apply once, where the value enters a message.
 */
export function displayText(raw: unknown, o: DisplayOptions = {}): string {
  const text = String(raw ?? '').replace(REFUSED_OR_BACKSLASH, (c) => (c === '\\' ? '\\\\' : escapeOf(c)));
  return cap(text, o.max ?? DISPLAY_MAX);
}

/**
 * Text that may already hold escapes (a failure reason, a ledger line), ready to show: refused
 * characters escaped, backslashes kept, cut at `max`. Idempotent, so every surface may apply it.
 */
export function displaySafe(text: unknown, o: DisplayOptions = {}): string {
  const escape = o.keepWhitespace ? (c: string) => (c === '\t' || c === '\n' || c === '\r' ? c : escapeOf(c)) : escapeOf;
  return cap(String(text ?? '').replace(REFUSED, escape), o.max ?? DISPLAY_MAX);
}

/** `"…"` around a raw value shown in a message: `path "ok/\u001b[1A"`. */
export function quoted(raw: unknown, o: DisplayOptions = {}): string {
  return `"${displayText(raw, o)}"`;
}

/** True when `text` holds no refused character (what every display form guarantees). */
export function isDisplaySafe(text: string): boolean {
  return !FORBIDDEN_CHAR.test(text);
}

/** Caps of a failure's parts: a path (≤ 240 bytes when legal) and a reason quoting one. */
export const FAILURE_WHERE_MAX = 300;
export const FAILURE_REASON_MAX = 600;

/** What a failure line is made of (a report's `Failure`, or a job's or commit's problem). */
export interface FailureLike {
  check: string;
  where: string;
  reason: string;
}

/** A failure made safe to show and to record: `where` and `reason` guarded and capped. */
export function displayFailure<F extends FailureLike>(f: F): F {
  return { ...f, where: displaySafe(f.where, { max: FAILURE_WHERE_MAX }), reason: displaySafe(f.reason, { max: FAILURE_REASON_MAX }) };
}

/** One failure as one line, "check: where: reason", guarded and capped (CLI, ledger, job messages). */
export function failureLine(f: FailureLike): string {
  const d = displayFailure(f);
  return `${d.check}: ${d.where}: ${d.reason}`;
}

/** Default cap of one string in `jsonForDisplay`: far above any legal value Sluice reports. */
export const JSON_STRING_MAX = 4096;

/**
 * JSON for a terminal or a file a person may `cat`: JSON.stringify, then every refused character it
 * left raw (DEL, C1, U+2028/2029, Cf) written as a JSON `\uXXXX` escape — lossless, since a JSON
 * parser reads the escape back as the same character. (Outside strings JSON holds only ASCII, so
 * only string contents are touched.) A string longer than `maxString` characters (default
 * JSON_STRING_MAX) is cut with "…(N more characters)", so no value becomes a 2-million-character line.
 */
export function jsonForDisplay(value: unknown, o: { indent?: number; maxString?: number } = {}): string {
  const max = o.maxString ?? JSON_STRING_MAX;
  const capStrings = (_key: string, v: unknown) => (typeof v === 'string' && v.length > max ? cap(v, max) : v);
  return JSON.stringify(value, capStrings, o.indent ?? 2).replace(REFUSED, (c) => {
    // C0 inside strings is already escaped by JSON.stringify; outside, it is the indentation's newline.
    if (c < ' ') return c;
    // JSON has no \u{…} form: a character beyond the BMP is written as its surrogate pair.
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
