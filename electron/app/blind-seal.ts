/**
 * The seal number is typed blind: the officer reads it off the bag and types it, and only then does
 * main compare it with the signed manifest and reveal the signed value (`import:evaluate`). So what
 * main sends the renderer about a package before the decision — the signature view, the staged
 * report — carries the manifest WITHOUT its `seal`, plus a flag saying there is one. Withholding it
 * (rather than only not rendering it) means no screen, log line or future view can show it early.
 */
import type { Manifest } from '../../shared/format/manifest';

/** The manifest without its seal number (the same object when it has none). */
export function withoutSeal<M extends Manifest | null>(manifest: M): M {
  if (!manifest || manifest.seal === undefined) return manifest;
  const { seal: _withheld, ...rest } = manifest;
  return rest as M;
}

/** A report or view with its manifest's seal withheld. */
export function blindReport<R extends { manifest: Manifest | null }>(report: R): R {
  return report.manifest?.seal === undefined ? report : { ...report, manifest: withoutSeal(report.manifest) };
}
