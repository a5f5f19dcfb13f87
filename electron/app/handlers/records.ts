/**
 * records:events, records:documents, records:open — the Records screen: the custody ledger searched
 * by transfer, person and date, and the printed documents kept for a transfer.
 *
 * Opening a document hands it to the system's PDF viewer (shell.openPath in the app) rather than
 * showing it in an app window: Chromium's PDF viewer needs plugins and JavaScript, which the
 * hardened print window has switched off, and loosening a window that holds no secrets of ours is
 * worse than the viewer the person would double-click anyway. What makes it safe is WHICH file
 * may be opened: only one Sluice printed — a name of the form `<transferId>.<kind>[-n].pdf`, a
 * regular file (no symlink) directly in the records folder, recorded by a `document.printed` ledger
 * entry and still byte for byte what that entry's SHA-256 says. Imported (hostile) files live in
 * sub-folders of the records folder and can never pass these checks.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, err } from '../../../shared/result';
import { findEntries } from '../../../shared/ledger-events';
import { KEPT_DOCUMENT_PATTERN, type KeptDocumentView, type LedgerEntryView } from '../../../shared/ipc/contract';
import { readLedger, type LedgerEntry } from '../../engine/ledger';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

const NAME = /^(.+)\.(manifest|receipt|rejection)(?:-[1-9][0-9]{0,2})?\.pdf$/;

/** The transfer id and kind a kept document's file name says, or null when it is not one. */
export function parseKeptName(file: string): { transferId: string; kind: KeptDocumentView['kind'] } | null {
  if (!KEPT_DOCUMENT_PATTERN.test(file)) return null;
  const m = NAME.exec(file);
  return m ? { transferId: m[1]!, kind: m[2] as KeptDocumentView['kind'] } : null;
}

/** Every path a `document.printed` entry recorded, with the entry and the PDF's SHA-256. */
function printedIndex(entries: readonly LedgerEntry[]): Map<string, { entry: LedgerEntry; sha256: string | null }> {
  const index = new Map<string, { entry: LedgerEntry; sha256: string | null }>();
  for (const e of entries) {
    if (e.event !== 'document.printed' || !Array.isArray(e.data.files)) continue;
    const sha256 = typeof e.data.sha256 === 'string' ? e.data.sha256 : null;
    for (const f of e.data.files) if (typeof f === 'string') index.set(f, { entry: e, sha256 });
  }
  return index;
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export function recordsHandlers(env: HandlerEnv): Pick<HandlerTable, 'records:events' | 'records:documents' | 'records:open'> {
  return {
    'records:events': async ({ transferId, actor, from, to, exact = false, limit = 200 }) => {
      const s = await env.requireSettings();
      const tid = transferId?.trim().toLowerCase() ?? '';
      const who = actor?.trim().toLowerCase() ?? '';
      const dated = findEntries(await readLedger(s.paths.ledgerFile), { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const matching = dated.filter((e) => {
        const id = (e.transferId ?? '').toLowerCase();
        if (tid && (exact ? id !== tid : !id.includes(tid))) return false;
        return !who || e.actor.toLowerCase().includes(who);
      });
      const entries: LedgerEntryView[] = matching.reverse().slice(0, limit).map(({ prev: _prev, ...view }) => view);
      return ok({ entries, total: matching.length });
    },

    'records:documents': async ({ transferId }) => {
      const s = await env.requireSettings();
      const names = await readdir(s.paths.recordsDir).catch(() => [] as string[]);
      const index = printedIndex(await readLedger(s.paths.ledgerFile));
      const documents: KeptDocumentView[] = [];
      for (const file of names.sort()) {
        const parsed = parseKeptName(file);
        if (!parsed || parsed.transferId !== transferId) continue;
        const path = join(s.paths.recordsDir, file);
        const st = await lstat(path).catch(() => null);
        if (!st?.isFile()) continue;
        const rec = index.get(path);
        documents.push({
          file, kind: parsed.kind, path, bytes: st.size,
          printedAt: rec?.entry.time ?? null, actor: rec?.entry.actor ?? null, ledgerSeq: rec?.entry.seq ?? null,
          matchesLedger: rec?.sha256 ? (await sha256File(path)) === rec.sha256 : null,
        });
      }
      return ok({ documents });
    },

    'records:open': async ({ transferId, file }) => {
      const s = await env.requireSettings();
      if (!env.openDocument) return err({ code: 'no-viewer', message: 'Opening documents is not available in this build. The file is in the records folder.' });
      if (parseKeptName(file)?.transferId !== transferId) return err({ code: 'not-a-document', message: `${file} is not a document of transfer ${transferId}.` });
      const path = join(s.paths.recordsDir, file);
      const st = await lstat(path).catch(() => null);
      if (!st?.isFile()) return err({ code: 'no-such-document', message: `${path} is not there (or is not a plain file). Refresh the Records screen.` });
      const rec = printedIndex(await readLedger(s.paths.ledgerFile)).get(path);
      if (!rec?.sha256) return err({ code: 'document-unrecorded', message: `The ledger records no printing of ${file}, so Sluice will not open it. Ask the station administrator where it came from.` });
      if ((await sha256File(path)) !== rec.sha256) {
        return err({ code: 'document-altered', message: `${file} has changed since it was printed (ledger entry ${rec.entry.seq} has another SHA-256). It was not opened. Keep it for the incident record and print the document again.` });
      }
      const problem = await env.openDocument(path);
      if (problem) return err({ code: 'open-failed', message: `The system could not open ${file}: ${problem}. Open it from the records folder ${s.paths.recordsDir}.` });
      return ok({ opened: true });
    },
  };
}
