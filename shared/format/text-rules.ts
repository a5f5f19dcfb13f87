/**
 * One definition of the characters Sluice refuses in text that came from a package or a person and
 * is shown, printed or recorded: entry paths, every manifest text field, checklist answers and
 * templates, station settings, IPC text and ledger actors.
 *
 * Refused: C0 controls, DEL, C1 controls, U+2028/U+2029 (line and paragraph separators), every
 * invisible format character (Unicode category Cf: bidi embeddings, overrides and isolates such as
 * U+202E and U+2066–U+2069, zero-width characters, the BOM, soft hyphens), and lone surrogates.
 * Each of these can make what a person reads differ from what the bytes say
 * (`invoice\u202etxt.exe` displays as `invoiceexe.txt`; a zero width space hides a second name).
 */

/** Matches one refused character. */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/u;

/** `^…$` form of the rule for zod `.regex()`: the whole string holds no refused character. */
// eslint-disable-next-line no-control-regex
export const NO_FORBIDDEN_CHARS = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]*$/u;

/** The first refused character of `text` as `U+XXXX`, or null when there is none. */
export function forbiddenChar(text: string): string | null {
  const m = FORBIDDEN_CHAR.exec(text);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `text` is refused ("control or invisible character U+202E"), or null. */
export function textProblem(text: string): string | null {
  const c = forbiddenChar(text);
  return c === null ? null : `control or invisible character ${c}`;
}
