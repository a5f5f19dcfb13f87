/**
 * The benign package every hostile case starts from: a directory, a file in it and a top-level
 * file, in manifest (UTF-8 byte) order, written the way the packer writes them. Cases change one
 * thing — an entry's path or type, a header field, the ending — and keep the rest honest.
 */
import type { ManifestEntry } from '../../../shared/format/manifest';
import { RawTarWriter, type RawHeader } from '../raw-tar';
import { dirEntry, fileEntry } from './signed-package';

export const HELLO = Buffer.from('hello from the low side\n');
/** Larger than one block, so a body can be cut in the middle. */
export const NOTES = Buffer.from('notes '.repeat(120) + '\n');

/** The benign manifest entries: docs/, docs/hello.txt, notes.txt. */
export function benignEntries(): ManifestEntry[] {
  return [dirEntry('docs'), fileEntry('docs/hello.txt', HELLO), fileEntry('notes.txt', NOTES)];
}

/** A writer holding the benign entries before notes.txt (docs/ and docs/hello.txt). */
export function benignPrefix(): RawTarWriter {
  return new RawTarWriter().dir('docs').file('docs/hello.txt', HELLO);
}

/** The whole benign archive, optionally with notes.txt's header changed, and a proper end. */
export function benignTar(notesHeader: Partial<RawHeader> = {}): Buffer {
  return benignPrefix().file('notes.txt', NOTES, notesHeader).end().bytes();
}

/** Byte offset where notes.txt's header starts in benignTar(): after docs/ and docs/hello.txt. */
export const NOTES_OFFSET = 512 + 512 + 512;

/**
 * A writer with the benign prefix and notes.txt written under `name`: directly in the ustar name
 * field when it fits (ASCII, ≤ 100 bytes, no NUL), otherwise in a pax `path` record as tar-stream does.
 */
export function withNotesNamed(name: string, body: Uint8Array = NOTES): RawTarWriter {
  return appendFile(benignPrefix(), name, body);
}

/** Appends a regular file named `name`, through a pax `path` record when the ustar field cannot hold it. */
export function appendFile(w: RawTarWriter, name: string, body: Uint8Array): RawTarWriter {
  const fitsUstar = /^[\x01-\x7f]*$/.test(name) && Buffer.byteLength(name) <= 100;
  if (fitsUstar) return w.file(name, body);
  return w.pax([['path', name]]).file('PaxHeader', body);
}
