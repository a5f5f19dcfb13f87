/**
 * The control package: the benign payload under an honest manifest, built by the same code as
 * every hostile case. It must verify and import, or the corpus proves nothing.
 */
import { benignEntries, benignTar } from './benign';
import type { PackageSpec } from './signed-package';

/** The spec of the benign control package for transfer `H-<label>`. */
export function benignPackageSpec(label: string): PackageSpec {
  return { transferId: `H-${label}`, entries: benignEntries(), volumes: [benignTar()] };
}
