/**
 * Reading clamscan / clamdscan output (run with --no-summary) without being fooled by it.
 *
 * ClamAV prints one line per file, `<path>: OK`, `<path>: <signature> FOUND`, `<path>: Empty file`
 * or `<path>: <problem>` (a symlink, an access error …), with the path exactly as given and not
 * escaped. A hostile name such as `a: Evil FOUND` or one holding a line break could forge a line,
 * so: the paths handed to ClamAV must hold no line break (checked before it runs), every line must
 * start with exactly ONE of those paths followed by ": ", every path must get a result, and the
 * exit code (0 clean, 1 found, 2 error) must agree with the lines. Anything else is an error —
 * never clean.
 */

/** What one file's lines said. */
export type FileVerdict = { kind: 'ok' } | { kind: 'found'; signatures: string[] } | { kind: 'problem'; text: string };

/** The lines of one run, matched to the paths it was given. */
export interface ParsedOutput {
  verdicts: Map<string, FileVerdict>;
  /** Lines that matched no path, or more than one (ambiguous): each makes the run an error. */
  unreadable: string[];
}

/** ClamAV's result texts: OK, Empty file, `<signature> FOUND`; anything else after "<path>: " is a problem (an error for that file). */
const FOUND = / FOUND$/;

/** True when `path` can be handed to ClamAV and its result line read back unambiguously. */
export function printableToClamAv(path: string): boolean {
  return !/[\n\r]/.test(path);
}

/**
 * Matches each complete output line to the one expected path it starts with. `expected` must hold
 * no path with a line break (printableToClamAv).
 */
export function parseClamOutput(stdout: string, expected: ReadonlySet<string>): ParsedOutput {
  const verdicts = new Map<string, FileVerdict>();
  const unreadable: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const match = matchLine(line, expected);
    if (!match) { unreadable.push(line); continue; }
    const { path, rest } = match;
    verdicts.set(path, merge(verdicts.get(path), resultOf(rest)));
  }
  return { verdicts, unreadable };
}

/**
 * The one expected path `line` starts with (followed by ": ") and the rest, or null when none or
 * several match. When several paths match (`a` and `a: OK`), the one whose rest is a well-formed
 * result wins: a signature name never holds ':' (ClamAV's signature files are ':'-separated), so
 * `a: OK: Sig FOUND` is `a: OK` found, never `a` with a signature "OK: Sig". A FOUND line can never
 * read as OK for another path (it ends in " FOUND"), so a hostile name can at worst turn a result
 * into "unreadable" — an error.
 */
export function matchLine(line: string, expected: ReadonlySet<string>): { path: string; rest: string } | null {
  const candidates: { path: string; rest: string }[] = [];
  // Every ": " in the line is a place where a path could end; only expected paths count.
  for (let i = line.indexOf(': '); i !== -1; i = line.indexOf(': ', i + 1)) {
    const path = line.slice(0, i);
    if (expected.has(path)) candidates.push({ path, rest: line.slice(i + 2) });
  }
  if (candidates.length <= 1) return candidates[0] ?? null;
  const wellFormed = candidates.filter((c) => resultOf(c.rest).kind !== 'problem');
  return wellFormed.length === 1 ? wellFormed[0]! : null;
}

function resultOf(rest: string): FileVerdict {
  if (rest === 'OK' || rest === 'Empty file') return { kind: 'ok' };
  if (FOUND.test(rest) && rest.length > ' FOUND'.length && !rest.slice(0, -' FOUND'.length).includes(':')) return { kind: 'found', signatures: [rest.slice(0, -' FOUND'.length)] };
  return { kind: 'problem', text: rest };
}

/** Two lines for one file (ClamAV may report several signatures): a finding or a problem wins over OK. */
function merge(a: FileVerdict | undefined, b: FileVerdict): FileVerdict {
  if (!a) return b;
  if (a.kind === 'problem') return a;
  if (b.kind === 'problem') return b;
  if (a.kind === 'found' && b.kind === 'found') return { kind: 'found', signatures: [...a.signatures, ...b.signatures] };
  return a.kind === 'found' ? a : b;
}

/** ClamAV reports a file it could not scan completely (with --alert-exceeds-max) as this "signature". */
export const LIMIT_EXCEEDED = /^Heuristics\.Limits\.Exceeded\b/;

/** The judgement of one run: clean, found (with findings), or an error with what went wrong. */
export type RunJudgement =
  | { verdict: 'clean' }
  | { verdict: 'found'; findings: { path: string; signature: string }[] }
  | { verdict: 'error'; code: 'av-scan-failed' | 'av-scan-incomplete'; problems: { path: string; reason: string }[] };

/**
 * Judges one run from its exit code and parsed lines. Clean only when the exit code is 0, every
 * expected path reported OK and no line was unreadable. Findings win over other problems (the
 * transfer is refused either way); a limit exceeded is 'av-scan-incomplete'.
 */
export function judgeRun(exitCode: number | null, parsed: ParsedOutput, expected: readonly string[]): RunJudgement {
  const findings: { path: string; signature: string }[] = [];
  const incomplete: { path: string; reason: string }[] = [];
  const problems: { path: string; reason: string }[] = [];
  for (const path of expected) {
    const v = parsed.verdicts.get(path);
    if (!v) problems.push({ path, reason: 'ClamAV reported no result for this file' });
    else if (v.kind === 'problem') problems.push({ path, reason: `ClamAV could not scan it: ${v.text}` });
    else if (v.kind === 'found') {
      for (const signature of v.signatures) {
        if (LIMIT_EXCEEDED.test(signature)) incomplete.push({ path, reason: `too large or too deeply nested for ClamAV to scan completely (${signature})` });
        else findings.push({ path, signature });
      }
    }
  }
  for (const line of parsed.unreadable.slice(0, 5)) problems.push({ path: '(output)', reason: `a line that names no single scanned file: ${line}` });
  // A finding refuses the transfer whatever else went wrong (exit 2 when another file failed).
  if (findings.length > 0 && (exitCode === 1 || exitCode === 2)) return { verdict: 'found', findings };
  if (exitCode !== 0 && exitCode !== 1) problems.unshift({ path: '(ClamAV)', reason: exitCode === null ? 'ended by a signal' : `exit code ${exitCode} (an error)` });
  else if (exitCode === 1 && findings.length === 0 && incomplete.length === 0) problems.unshift({ path: '(ClamAV)', reason: 'exit code 1 (found) but no finding could be read' });
  else if (exitCode === 0 && findings.length > 0) problems.unshift({ path: '(ClamAV)', reason: 'exit code 0 (clean) but a line reports a finding' });
  if (problems.length > 0) return { verdict: 'error', code: 'av-scan-failed', problems: [...problems, ...incomplete] };
  if (incomplete.length > 0) return { verdict: 'error', code: 'av-scan-incomplete', problems: incomplete };
  return { verdict: 'clean' };
}
