/**
 * The two coreutils checksum files of a package, derived from the manifest alone. A verifier
 * re-derives them and requires the files on media to match byte for byte, so what a person checks
 * with `sha256sum -c` is exactly what the app checked.
 */
import { FILE_NAMES } from './constants';
import type { Manifest } from './manifest';

/** One `sha256sum` line in text mode: hash, two spaces, name, newline. */
export function sumsLine(sha256: string, name: string): string {
  return `${sha256}  ${name}\n`;
}

/** FILES.SHA256SUMS: one line per file entry, in manifest order, paths relative to the extraction root. */
export function renderFilesSums(m: Manifest): string {
  const lines: string[] = [];
  writeFilesSums(m, (line) => lines.push(line));
  return lines.join('');
}

/** FILES.SHA256SUMS line by line, for a writer that hashes and writes as it goes (93 bytes per file). */
export function writeFilesSums(m: Manifest, emit: (line: string) => void): void {
  for (const e of m.entries) if (e.type === 'file') emit(sumsLine(e.sha256, e.path));
}

/**
 * SHA256SUMS: manifest.json, FILES.SHA256SUMS, then every volume in order, all relative to the
 * package directory. The hashes of the first two are passed in because they are hashes of bytes.
 */
export function renderPackageSums(m: Manifest, manifestSha256: string, filesSumsSha256: string): string {
  return (
    sumsLine(manifestSha256, FILE_NAMES.manifest) +
    sumsLine(filesSumsSha256, FILE_NAMES.filesSums) +
    m.payload.volumes.map((v) => sumsLine(v.sha256, v.name)).join('')
  );
}
