/**
 * The long tables of printed documents: files, volumes and media, checklist answers, attachments,
 * verification checks and failures. Every path and hash is printed in full (broken across lines,
 * never shortened): the paper is what a second person compares against.
 */
import type { CheckResult, Failure } from '../format/report';
import { displayFailure, displaySafe } from '../format/display-text';
import type { ChecklistRecord, Manifest, ManifestEntry, VolumeRecord } from '../format/manifest';
import { headCells, monoCell, pathCell, proseCell, resultCell, row } from './cells';
import type { Table } from './paginate';

/** Every entry of the manifest: number, path, size in bytes and SHA-256 (directories marked as such). */
export function fileTable(entries: readonly ManifestEntry[]): Table {
  return {
    kind: 'table',
    title: 'Files',
    head: headCells(['#', 'Path', 'Size (bytes)', 'SHA-256']),
    rows: entries.map((e, i) =>
      row([
        monoCell(String(i + 1), 6, { right: true }),
        pathCell(e.type === 'dir' ? `${e.path}/` : e.path, 46),
        monoCell(e.type === 'dir' ? 'directory' : String(e.size), 12, { right: true }),
        monoCell(e.type === 'file' ? e.sha256 : '—', 32),
      ]),
    ),
    empty: 'The package holds no files.',
  };
}

/** Which medium (1-based) each volume is written to, and how many media there are. */
export interface MediaInfo {
  /** Number of media (discs, drives) the transfer is written to. Default: one per volume. */
  count: number;
  /** The medium (1-based) of each volume, in volume order. Default: volume i on medium i when counts match. */
  volumeMedium?: readonly number[];
}

/** The payload's volumes with the medium each goes on ("1 of 2"), size and SHA-256. */
export function volumeTable(volumes: readonly VolumeRecord[], media?: MediaInfo): Table {
  const count = media?.count ?? volumes.length;
  const mediumOf = (i: number): string => {
    const m = media?.volumeMedium?.[i] ?? (count === volumes.length ? i + 1 : null);
    return m === null ? '—' : `${m} of ${count}`;
  };
  return {
    kind: 'table',
    title: `Volumes and media (${volumes.length} volume${volumes.length === 1 ? '' : 's'} on ${count} medi${count === 1 ? 'um' : 'a'})`,
    head: headCells(['Medium', 'Volume', 'Size (bytes)', 'SHA-256']),
    rows: volumes.map((v, i) => row([monoCell(mediumOf(i), 10), monoCell(v.name, 18), monoCell(String(v.size), 17, { right: true }), monoCell(v.sha256, 32)])),
  };
}

/** The export checklist signed into the manifest (the pre-pack answers): each question, its answer, who answered and when. */
export function checklistTable(records: readonly ChecklistRecord[]): Table {
  return {
    kind: 'table',
    title: 'Pre-pack checklist (signed into the manifest)',
    head: headCells(['Stage', 'Item', 'Answer', 'By', 'At (UTC)']),
    rows: records.map((r) =>
      row([
        monoCell(r.stage, 10),
        proseCell(r.label, 34),
        proseCell(typeof r.value === 'boolean' ? (r.value ? 'YES, confirmed' : 'NO') : r.value, 26),
        proseCell(r.by, 14),
        monoCell(r.at, 10),
      ]),
    ),
    empty: 'No checklist was recorded for this transfer.',
  };
}

/** Signed attachments carried beside the payload (scan of a request form, say). */
export function attachmentTable(attachments: Manifest['attachments']): Table {
  return {
    kind: 'table',
    title: 'Attachments',
    head: headCells(['Name', 'Role', 'Size (bytes)', 'SHA-256']),
    rows: attachments.map((a) => row([monoCell(a.name, 22), proseCell(a.role, 16), monoCell(String(a.size), 12, { right: true }), monoCell(a.sha256, 32)])),
  };
}

/** Each verification check with its result as a word and what was found. */
export function checksTable(checks: readonly CheckResult[]): Table {
  return {
    kind: 'table',
    title: 'Verification checks',
    head: headCells(['Check', 'Result', 'Detail']),
    rows: checks.map((c) => row([monoCell(c.id, 16), resultCell(c.status), proseCell(displaySafe(c.detail, { max: 1000 }), 66)])),
    empty: 'No checks were run.',
  };
}

/**
 * Every failure: which check, where (a file, volume or entry) and why. Paths and reasons come from
 * the package: guarded and capped before they are measured, so the paper shows `\u202e`, not a
 * reordered line, and the layout counts exactly what is printed.
 */
export function failuresTable(failures: readonly Failure[]): Table {
  return {
    kind: 'table',
    title: `Failures (${failures.length})`,
    head: headCells(['Check', 'Where', 'Reason']),
    rows: failures.map(displayFailure).map((f) => row([monoCell(f.check, 16), pathCell(f.where, 30), proseCell(f.reason, 44)])),
    empty: 'No failures.',
  };
}
