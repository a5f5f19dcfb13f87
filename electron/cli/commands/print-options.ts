/**
 * Flags shared by `sluice manifest` and `sluice receipt`: where the document goes (--html, --pdf)
 * and on what paper (--paper a4|letter).
 */
import type { Paper } from '../../../shared/print/index';
import type { DocumentTargets } from '../../engine/print/index';
import { UsageError } from '../args';

/** parseArgs options of the output flags. */
export const PRINT_OPTIONS = {
  html: { type: 'string' },
  pdf: { type: 'string' },
  paper: { type: 'string' },
} as const;

/** Help text lines for the output flags. */
export const PRINT_OPTIONS_HELP = `  --html OUT          write the document as a self-contained HTML file (print it from a browser)
  --pdf OUT           write it as PDF, printed by a local Chromium or Chrome (SLUICE_CHROMIUM
                      names one; otherwise the usual install paths are tried)
  --paper a4|letter   paper size (default a4)
At least one of --html and --pdf is required. Neither may name an existing file or a path inside
the package directory.`;

/** The output targets from parsed flags; a UsageError when neither is given. */
export function printTargets(values: { html?: string; pdf?: string }): DocumentTargets {
  if (!values.html && !values.pdf) throw new UsageError('missing --html OUT or --pdf OUT');
  return { ...(values.html ? { html: values.html } : {}), ...(values.pdf ? { pdf: values.pdf } : {}) };
}

/** --paper a4|letter (any case) → Paper; default A4. */
export function parsePaper(value: string | undefined): Paper {
  if (value === undefined) return 'A4';
  const v = value.toLowerCase();
  if (v === 'a4') return 'A4';
  if (v === 'letter') return 'Letter';
  throw new UsageError(`--paper must be a4 or letter, not "${value}"`);
}
