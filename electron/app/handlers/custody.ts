/**
 * checklist:record — the export's after-packing checklist (ejected, printed, sealed, seal number,
 * handed to whom, how), which no signed manifest carries, evaluated here under the station's policy
 * and recorded in the custody ledger with who and when. The seal number is typed blind and compared
 * with the one signed into the manifest; a mismatch is refused and nothing is recorded. Once this
 * checklist is recorded the medium counts as sealed: main writes nothing more onto it. For a set
 * written to media from the station's disk, the package's station copy is removed then (../outbox).
 */
import { ok, err, type Result } from '../../../shared/result';
import { canExport } from '../../../shared/settings';
import { appendEvent, readLedger } from '../../engine/ledger';
import type { ChecklistRecordedView } from '../../../shared/ipc/contract';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { checklistUnderPolicy, packedManifest, packedTransfer, requireOperator, sealedEntry, type PackedTransfer } from './export-policy';
import { checkStationFolders } from '../station-folders';
import { MediaSets } from '../media-sets';
import { removeStationCopy } from '../outbox';

export function custodyHandlers(env: HandlerEnv): Pick<HandlerTable, 'checklist:record'> {
  return {
    'checklist:record': async ({ transferId, stage, by, answers }) => {
      const s = await env.requireSettings();
      // The ledger (and, to co-sign, the keys) must be there: named if not, never re-created.
      await checkStationFolders(s, ['ledgerDir'], env.statFolder);
      if (!canExport(s)) return err({ code: 'wrong-role', message: 'This station is not set up to pack transfers, so it has no after-packing checklist to record.' });
      const person = requireOperator(s, by, 'answering the after-packing checklist');
      if (!person.ok) return person;
      const entries = await readLedger(s.paths.ledgerFile);
      // Only for a transfer this station packed: the renderer cannot attach answers to anything else.
      const packed = await packedTransfer(s, transferId, entries);
      if (!packed.ok) return err({ ...packed.error, message: `${packed.error.message} The checklist was not recorded.` });
      const earlier = await sealedEntry(s.paths.ledgerFile, transferId, entries);
      if (earlier) return err({ code: 'already-recorded', message: `The after-packing checklist of ${transferId} was already recorded (ledger entry ${earlier.seq}, by ${earlier.actor}).` });
      const seal = await signedSeal(packed.value);
      if (!seal.ok) return seal;
      const manifest = { transferId, ...(seal.value !== null ? { seal: seal.value } : {}) };
      // Written to media by this session: "medium ejected" is the machine's answer, not the person's.
      const set = env.mediaSets.get(transferId);
      if (set && !MediaSets.allEjected(set)) {
        return err({ code: 'media-not-ejected', message: `Sluice has not yet written, read back and ejected every medium of ${transferId} (${MediaSets.progress(set)}). Finish the media first; the checklist was not recorded.` });
      }
      const machine = set ? { 'medium-ejected': { value: true, by: `Sluice (machine): ${MediaSets.progress(set)}` } } : undefined;
      const post = await checklistUnderPolicy(env, s, stage, answers, { by: person.value, manifest, ...(machine ? { machine } : {}) }, 'checklist-blocked');
      if (!post.ok) {
        // A wrong seal names no expected value: the person must look at the bag, not copy a number.
        if (post.error.code === 'checklist-blocked' && /seal mismatch/.test(post.error.message)) {
          return err({ code: 'seal-mismatch', message: `seal mismatch: the seal number typed is not the one signed into the manifest of ${transferId}. Check the number on the bag; if the medium went into another bag, that bag cannot carry this transfer — pack it again with the new bag's number.` });
        }
        return post;
      }
      const { records, evaluation } = post.value;
      const matches = evaluation.matches.map((m) => ({ itemId: m.itemId, label: m.label, field: m.field, typed: m.typed, expected: m.expected, matched: m.matched }));
      // Every medium is written, read back and ejected, and the export is finished: the signed
      // package's copy on this station's disk goes now (recorded first, write-ahead; a removal that
      // fails is retried by the next start's outbox sweep).
      const line = await appendEvent(s.paths.ledgerFile, {
        event: 'checklist.completed', station: s.networkId, actor: person.value, transferId,
        data: { stage, items: records.map((r) => `${r.itemId}: ${String(r.value)}`), records, matches, ...(set ? { stationCopyRemoved: set.packageDir } : {}) },
      });
      if (set) {
        await removeStationCopy(env.userDataDir, transferId, set.packageDir).catch((e: unknown) => {
          console.error(`sluice: could not remove the station copy ${set.packageDir} (${(e as Error).message}); it is removed at the next start.`);
        });
        env.mediaSets.close(transferId);
      }
      return ok<ChecklistRecordedView>({ ledgerSeq: line.seq, records, matches });
    },
  };
}

/**
 * The seal signed into the transfer's manifest: read from the package while the medium is still in
 * (and checked against the ledger's digest), else — the medium is ejected by now, as the checklist
 * asks — the seal main recorded from the signed manifest at packing. Null when it carries none.
 */
async function signedSeal(p: PackedTransfer): Promise<Result<string | null>> {
  const m = await packedManifest(p);
  if (m.ok) return ok(m.value.manifest.seal ?? null);
  if (m.error.code !== 'package-gone') return m;
  return ok(p.seal);
}
