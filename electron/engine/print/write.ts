/**
 * Saving a printed document as HTML or PDF, never over an existing file and never inside the
 * package it describes (a package directory may hold only the files the format allows).
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { SluiceError } from '../errors';
import { htmlToPdf, type HtmlToPdfOptions } from './pdf';

/** Where a document goes: an HTML file, a PDF file, or both. */
export interface DocumentTargets {
  html?: string;
  pdf?: string;
}

/** True when `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes `html` to each target: HTML as is, PDF through Chromium. Refuses ('output-exists') a target
 * that exists and ('output-in-package') one inside `packageDir`, before writing anything.
 */
export async function writeDocument(html: string, targets: DocumentTargets, options: { packageDir?: string } & HtmlToPdfOptions = {}): Promise<string[]> {
  const outs = [targets.html, targets.pdf].filter((t): t is string => typeof t === 'string');
  for (const out of outs) {
    if (options.packageDir && isInside(out, options.packageDir)) {
      throw new SluiceError('output-in-package', `${out} is inside the package ${options.packageDir}; write documents next to the package, not into it.`);
    }
    if (await lstat(out).then(() => true, () => false)) throw new SluiceError('output-exists', `${out} already exists; choose another output file or remove it.`);
  }
  if (targets.html) await writeNew(targets.html, html);
  if (targets.pdf) await htmlToPdf(html, targets.pdf, options);
  return outs.map((o) => resolve(o));
}

/** Writes `data` to `out` atomically without replacing an existing file ('output-exists'). */
export async function writeNew(out: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, data, { flag: 'wx', mode: 0o644 });
  try {
    await link(tmp, out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new SluiceError('output-exists', `${out} already exists; choose another output file or remove it.`);
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
