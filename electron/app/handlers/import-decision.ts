/**
 * import:evaluate, import:commit, import:discard — the officer's decision on a staged import, with
 * the import checklist enforced here as policy. The renderer sends the officer's ANSWERS, never
 * pre-built records; main loads the station's import template, evaluates the answers against the
 * STAGED package's signed manifest (shared/checklist-policy.ts, the same code the CLI runs) and
 * decides what may happen:
 * - problems (a required answer missing, the witness being the officer, a witness or officer who is
 *   not on the station's lists) refuse any decision — nothing is recorded, the import stays staged;
 * - 'approve' while an answer blocks approval (antivirus findings, a broken seal, a seal number that
 *   does not match the signed one) is refused with 'approval-blocked' — the import stays staged and
 *   the officer can still reject it;
 * - the antivirus item is answered by the machine when the staged files were scanned (a finding
 *   blocks approval like a blocking answer); when the station's policy requires a scan and there
 *   was none, no decision but Reject is possible;
 * - otherwise the checklist is recorded (`checklist.completed`), then the rejection or the approval
 *   and the import, and the receipt or rejection report carries the checklist.
 */
import { ok } from '../../../shared/result';
import { antivirusAnswers, evaluateChecklist, policyRecords, sameAnswer, type ChecklistEvaluation, type PolicyContext } from '../../../shared/checklist-policy';
import { scanPolicyOf } from '../../../shared/settings';
import { findingLines, scanLedgerData } from '../../engine/scan/index';
import { machineBy, scanResultView } from '../scan-settings';
import type { ChecklistAnswers, ChecklistTemplate } from '../../../shared/checklist';
import type { Settings } from '../../../shared/settings';
import { formatTimestamp } from '../../../shared/format/manifest';
import { appendEvent, formatLedgerTime } from '../../engine/ledger';
import { commitImport, discardImport, type StagedImport } from '../../engine/import/import';
import { SluiceError } from '../../engine/errors';
import { effectiveTemplates, loadDefaultTemplates } from '../checklists';
import type { ImportChecklistPaper } from '../print-sources';
import type { StagedImportData } from '../../jobs/protocol';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { checkStationFolders } from '../station-folders';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { proveWitness, stationWitnessKeys, type StationWitnessKey } from '../witness-keys';
import type { ChecklistRecord } from '../../../shared/format/manifest';

/** One evaluation of the officer's answers for one staged import. */
interface Judgement {
  template: ChecklistTemplate;
  policy: PolicyContext;
  evaluation: ChecklistEvaluation;
}

/** The staged import of this window, or SluiceError 'unknown-staging'. */
function stagedFor(env: HandlerEnv, stagingId: string, windowId: number): StagedImportData {
  const staged = env.staging.get(stagingId, windowId);
  if (!staged) throw new SluiceError('unknown-staging', 'That staged import is gone (already decided or discarded). Verify the package again.');
  return staged;
}

/** The officer must be one of the station's officers (Settings → People). */
function requireOfficer(s: Settings, officer: string): void {
  if (s.people.officers.some((o) => sameAnswer(o, officer))) return;
  throw new SluiceError('unknown-officer', s.people.officers.length
    ? `${officer.trim()} is not one of this station's officers. Choose the officer answering from the list, or add them in the settings.`
    : 'This station lists no officers, so no one may decide an import. Add the officers in the settings first.');
}

/**
 * Evaluates `answers` under the station's import template against the staged package's signed
 * manifest — the seal and transfer id come from what the engine verified, never from the request.
 * A witness who is not on the station's witness list (when it has one) is a problem too.
 */
async function judge(env: HandlerEnv, s: Settings, stagingId: string, staged: StagedImport, officer: string, answers: ChecklistAnswers, scan: StagedImportData['scan']): Promise<Judgement> {
  requireOfficer(s, officer);
  const template = effectiveTemplates(await loadDefaultTemplates(env.checklistsDir), s).import;
  const m = staged.manifest;
  // The staged files' scan answers the antivirus item: the officer's own answer to it does not count.
  const machine = scan ? antivirusAnswers(template, scan.verdict, machineBy(scan)) : undefined;
  const policy: PolicyContext = { by: officer.trim(), manifest: { transferId: m.transferId, ...(m.seal !== undefined ? { seal: m.seal } : {}) }, ...(machine ? { machine } : {}) };
  const evaluation = evaluateChecklist(template, answers, policy);
  if (scan?.verdict === 'found') {
    const lines = findingLines(scan);
    // Blocks approval even where a station's own template has no antivirus item.
    if (!evaluation.blocks.some((b) => machine?.[b.itemId])) {
      evaluation.blocks.push({ itemId: 'antivirus', label: 'Antivirus scan of the staged files', answer: 'found', reason: `antivirus: ${scan.engine} found ${lines.length} infected file(s): ${lines.join('; ')}` });
    } else {
      for (const b of evaluation.blocks) if (machine?.[b.itemId]) b.reason = `${b.reason} — ${scan.engine} found ${lines.join('; ')}`;
    }
  } else if (!scan && scanPolicyOf(s) === 'required') {
    evaluation.blocks.push({ itemId: 'antivirus', label: 'Antivirus scan of the staged files', answer: 'not scanned', reason: 'antivirus: this station requires a scan of the staged files and none was made' });
  }
  const witnesses = s.people.witnesses;
  for (const item of template.items) {
    const answer = answers[item.id];
    if (item.kind !== 'text' || !item.otherPerson || typeof answer !== 'string' || answer.trim() === '' || witnesses.length === 0) continue;
    if (evaluation.problems.some((p) => p.itemId === item.id)) continue;
    if (!witnesses.some((w) => sameAnswer(w, answer))) {
      evaluation.problems.push({ itemId: item.id, label: item.label, reason: `names ${answer.trim()}, who is not on this station's list of witnesses` });
    }
  }
  // A blind comparison answered wrong once stays wrong: the expected value has been shown since.
  const mismatched = evaluation.matches.filter((mt) => !mt.matched).map((mt) => mt.itemId);
  env.staging.revealMismatches(stagingId, evaluation.blocks.filter((b) => mismatched.includes(b.itemId)));
  for (const earlier of env.staging.revealedMismatches(stagingId)) {
    if (evaluation.blocks.some((b) => b.itemId === earlier.itemId)) continue;
    evaluation.blocks.push({ ...earlier, reason: `${earlier.reason} (typed before the signed value was shown; a later answer cannot undo it)` });
  }
  evaluation.rejectionReason = evaluation.blocks.length ? evaluation.blocks.map((b) => b.reason).join('; ') : null;
  evaluation.approvalAllowed = evaluation.problems.length === 0 && evaluation.blocks.length === 0;
  return { template, policy, evaluation };
}

function refuseProblems(e: ChecklistEvaluation): void {
  if (!e.problems.length) return;
  throw new SluiceError('checklist-incomplete', `Nothing was decided: the import checklist is not acceptable — ${e.problems.map((p) => `"${p.label}" ${p.reason}`).join('; ')}. Answer it, then decide again.`);
}

/** The station's witness keys (none when its keys folder holds no key the trust store trusts as a witness). */
async function witnessKeysOf(s: Settings): Promise<StationWitnessKey[]> {
  await checkStationFolders(s, ['keysDir', 'trustDir']);
  return stationWitnessKeys(s.paths.keysDir, await loadTrustStore(s.paths.trustDir));
}

/** The unlocked witness key, or null when the station holds none; refuses an approval without one. */
async function witnessProof(s: Settings, witnessKey: { keyName: string; passphrase: string } | undefined): Promise<StationWitnessKey | null> {
  const keys = await witnessKeysOf(s);
  if (keys.length === 0) return null;
  if (!witnessKey) {
    throw new SluiceError('witness-key-required', `This station holds witness keys (${keys.map((k) => k.name).join(', ')}): the witness unlocks one of them to approve. Nothing was decided.`);
  }
  return proveWitness(s.paths.keysDir, witnessKey.keyName, witnessKey.passphrase, keys);
}

/** The proof as a checklist record, so the receipt prints which key the witness unlocked. */
function witnessKeyRecord(template: ChecklistTemplate, answers: ChecklistAnswers, proof: StationWitnessKey, at: string): ChecklistRecord {
  const item = template.items.find((i) => i.kind === 'text' && i.otherPerson);
  const named = item ? answers[item.id] : undefined;
  const by = typeof named === 'string' && named.trim() ? named.trim() : proof.label;
  return { stage: 'import', itemId: 'witness-key', label: 'Witness unlocked their witness key', kind: 'text', value: `${proof.label} (key ${proof.keyId}, fingerprint ${proof.fingerprint})`, by, at };
}

export function importDecisionHandlers(env: HandlerEnv): Pick<HandlerTable, 'import:evaluate' | 'import:commit' | 'import:discard'> {
  return {
    'import:evaluate': async ({ stagingId, officer, answers }, ctx) => {
      const s = await env.requireSettings();
      const staged = stagedFor(env, stagingId, ctx.windowId);
      const { evaluation } = await judge(env, s, stagingId, staged.engine as StagedImport, officer, answers, staged.scan);
      const witnessKeys = (await witnessKeysOf(s)).map(({ name, label, keyId }) => ({ name, label, keyId }));
      return ok({ ...evaluation, witnessKeys });
    },

    'import:commit': async ({ stagingId, decision, reason, officer, answers, witnessKey }, ctx) => {
      const s = await env.requireSettings();
      const staged = stagedFor(env, stagingId, ctx.windowId);
      const engineStaged = staged.engine as StagedImport;
      const { template, policy, evaluation } = await judge(env, s, stagingId, engineStaged, officer, answers, staged.scan);
      refuseProblems(evaluation);
      const scanPaper = staged.scan ? scanResultView(staged.scan) : undefined;
      // Quarantine, destination and ledger must still be there (a volume may have been unmounted
      // since staging): named, never re-created, and the import stays staged for a retry.
      await checkStationFolders(s, ['quarantineDir', 'importDir', 'ledgerDir'], env.statFolder);
      if (decision === 'approve' && evaluation.blocks.length) {
        throw new SluiceError('approval-blocked', `Approval is not possible: ${evaluation.rejectionReason}. Nothing was imported; the only decision left is Reject.`);
      }
      // An approval where the station holds witness keys needs the witness to unlock one. Rejecting
      // never waits for the witness: it is the safe decision.
      const proof = decision === 'approve' ? await witnessProof(s, witnessKey) : null;
      // Decided from here on: the staging id is used up even if recording fails part-way.
      env.staging.remove(stagingId);
      const now = env.clock();
      const at = formatTimestamp(now.getTime() / 1000);
      const records = policyRecords(template, answers, policy, at);
      if (proof) records.push(witnessKeyRecord(template, answers, proof, at));
      const paper: ImportChecklistPaper = { records, matches: evaluation.matches, blocks: evaluation.blocks };
      const by = policy.by;
      await appendEvent(s.paths.ledgerFile, {
        event: 'checklist.completed', station: s.networkId, actor: by, transferId: staged.transferId,
        data: {
          stage: 'import', items: records.map((r) => `${r.itemId}: ${String(r.value)}`), records, blocks: evaluation.blocks, matches: evaluation.matches,
          ...(proof ? { witnessKey: { keyId: proof.keyId, label: proof.label, fingerprint: proof.fingerprint } } : {}),
        },
      });
      if (decision === 'reject') {
        await discardImport(engineStaged);
        await appendEvent(s.paths.ledgerFile, {
          event: 'transfer.rejected', station: s.networkId, actor: by, transferId: staged.transferId,
          data: {
            reason, manifestSha256: engineStaged.manifestSha256, transferId: staged.transferId, decision: 'reject', blockedBy: evaluation.blocks.map((b) => b.reason),
            ...(staged.scan ? { scan: scanLedgerData(staged.scan) } : {}),
          },
        });
        env.printSources.addRejection(stagingId, ctx.windowId, { transferId: staged.transferId, report: engineStaged.report, station: s.networkId, officer: by, reason, checklist: paper, ...(scanPaper ? { scan: scanPaper } : {}) });
        return ok({ decision, path: null, report: null, ledgerSeq: null });
      }
      await appendEvent(s.paths.ledgerFile, {
        event: 'transfer.approved', station: s.networkId, actor: by, transferId: staged.transferId,
        data: { manifestSha256: engineStaged.manifestSha256, note: reason },
      });
      const report = await commitImport(engineStaged, { officer: by, reason, ...(staged.scan ? { scan: scanLedgerData(staged.scan) } : {}) });
      if (!report.imported) {
        env.printSources.addRejection(stagingId, ctx.windowId, { transferId: staged.transferId, report, station: s.networkId, officer: by, checklist: paper, ...(scanPaper ? { scan: scanPaper } : {}) });
        const f = report.failures.at(-1);
        throw new SluiceError('import-refused', `The import was refused at commit${f ? `: ${f.check}: ${f.reason}` : ''}. The staged files were removed.`);
      }
      ctx.grants.grantTree(report.imported.path);
      env.printSources.addReceipt(stagingId, ctx.windowId, {
        transferId: staged.transferId, report, station: s.networkId,
        decision: { officer: by, decision: 'approved', reason, at: formatLedgerTime(now) },
        ledger: { seq: report.imported.ledgerSeq, hash: report.imported.ledgerHash },
        checklist: paper, ...(scanPaper ? { scan: scanPaper } : {}),
      });
      return ok({ decision, path: report.imported.path, report, ledgerSeq: report.imported.ledgerSeq });
    },

    'import:discard': async ({ stagingId }, ctx) => {
      const staged = env.staging.get(stagingId, ctx.windowId);
      if (!staged) return ok({ discarded: false });
      env.staging.remove(stagingId);
      await discardImport(staged.engine as StagedImport);
      return ok({ discarded: true });
    },
  };
}
