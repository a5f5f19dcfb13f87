/** `sluice import PACKAGE --trust DIR --to DEST --station NET …`: verify, extract and record a transfer. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sameAnswer } from '../../../shared/checklist-policy';
import { SEAL_PATTERN } from '../../../shared/format/manifest';
import type { ImportReport } from '../../../shared/format/report';
import { commitImport, discardImport, stageImport, type StagedImport } from '../../engine/import/import';
import { MAX_REPLAY_WINDOW } from '../../engine/import/replay-guard';
import { describeSettled } from '../../engine/import/settle';
import { appendEvent } from '../../engine/ledger/index';
import { loadTrustStore } from '../../engine/keys/trust-store';
import { parseCommandArgs, requireString, UsageError } from '../args';
import { loadStationTemplate, readChecklistFile } from '../checklist-file';
import { checklistEventData, judgeImportGate, NO_SEAL_IN_MANIFEST, type GateVerdict } from '../import-gate';
import { displaySafe } from '../../../shared/format/display-text';
import { EXIT_OK, EXIT_REJECTED, jsonOutput, type CliCommand, type CliIo } from '../output';
import { ProgressDisplay } from '../progress-display';
import { SCAN_HELP, SCAN_OPTIONS, stationScanner } from '../scan-options';
import { cleanScanLine, rejectOnFindings, scanStaged } from '../import-scan';
import { scanLedgerData, type ScanOutcome } from '../../engine/scan/index';
import { Interrupt } from '../interrupt';
import { describeLeftover } from '../../engine/util/leftovers';
import { failureLines, faultLines, identityTable, parseRequireWitnesses, requirePackageDir } from './verify';
import { currentUser } from '../who';

const usage = `Usage:
  sluice import PACKAGE --trust DIR --to DEST --station NET
                [--seal SEAL] [--checklist FILE [--checklist-template FILE]]
                [--require-witnesses N] [--replay-window N] [--ledger FILE] [--officer NAME]
                [--reason TEXT] [--json]

Verifies PACKAGE exactly as \`sluice verify\` does and, in the same pass, extracts it into a
private staging folder inside DEST. Before any payload byte is read, the package must be addressed
to this station's network NET and must not be a replay (transfer id or sequence already imported)
or a rollback (sequence more than the replay window below the highest imported from that signer
and channel; packages within the window may arrive in any order). Only when
every check passed is the staging folder renamed to DEST/<transfer id>/ and a 'transfer.imported'
line appended to the custody ledger; otherwise nothing is left in DEST and a 'transfer.rejected'
line is appended.

--ledger FILE   the custody ledger holding replay and rollback state. Default:
                $SLUICE_HOME/ledger.jsonl, or ~/.sluice/ledger.jsonl without SLUICE_HOME.
                Use one ledger per station, whatever DEST is: replay protection is only as
                wide as the ledger.
--officer NAME  who decided the import (default: the checklist's "by", else $USER); with
                --checklist it must be the person who answered it
--reason TEXT   recorded with the import
${SCAN_HELP.replace(/^ {27}/gm, ' '.repeat(16)).replace(/^ {2}(--[a-z-]+(?: [A-Z]+)?) +/gm, (_, f: string) => (f.length < 16 ? f.padEnd(16) : `${f}\n${' '.repeat(16)}`))}                Import: the STAGED files are scanned after verification, before anything is
                released. A finding: exit 1, nothing imported, 'transfer.rejected' recorded
                with each file and signature. A clean scan is recorded in 'transfer.imported'.
--replay-window N  how far (0–1000000) below the channel's highest imported sequence a package
                may still be imported (default 64; 0: only above the highest). Diodes and several
                couriers deliver out of order; a sequence already imported is always refused.
--seal SEAL     the seal number as read from the bag, typed without looking at the paper.
                Required when the signed manifest carries a seal (unless the checklist answers
                it): without it, exit 2 and nothing is recorded. A different number, or any
                --seal for a package whose manifest carries none (the paper and the package then
                disagree), is a rejection: exit 1, nothing imported, 'transfer.rejected' recorded
                with a reason starting "seal mismatch".
--checklist FILE  the import checklist answers, as JSON:
                  { "by": "NAME", "answers": { "<item id>": true | "text" | "option" } }
                judged against the station's import template with the same policy as the app.
                Missing or bad answers (or a witness who is the person answering): exit 2
                naming each item, nothing recorded. An answer that blocks approval (a broken
                seal, a digest that does not match, antivirus findings) or a seal number that
                does not match the signed one: exit 1, nothing imported, 'checklist.completed'
                then 'transfer.rejected' (with the answer as the reason) recorded. Otherwise
                'checklist.completed' is recorded before 'transfer.imported'.
--checklist-template FILE  the import template (default: $SLUICE_HOME/checklists/import.json if
                present, else the shipped one)
--require-witnesses N  the station's two-person rule: at least N (0–16) valid witness
                co-signatures by trusted witness-role keys other than the signer's; fewer is a
                rejection (exit 1). A higher requirement signed into the manifest wins.

The seal and the checklist are judged from the signed manifest alone, before any payload byte is
read or anything is extracted.

Exit codes: 0 imported, 1 rejected (an antivirus finding included), 2 usage or environment error
(a ClamAV scan that failed or could not finish included) (a full, read-only or
unwritable DEST, an unreadable package, a removed medium: one line saying what failed, where and
what to do; nothing is left in DEST and nothing is recorded).
Ctrl-C, SIGTERM or SIGHUP cancels: the staging folder is removed, nothing is imported and nothing
is recorded in the ledger (a cancel is not a verdict on the package), exit 130, 143 or 129
(128 + the signal's number). A staging folder left in DEST by an import that was killed or lost
power is removed by the next import into DEST (never one whose import is still running).
`;

/** The station ledger used when --ledger is not given. */
export function defaultLedgerFile(env: CliIo['env']): string {
  return env.SLUICE_HOME ? join(env.SLUICE_HOME, 'ledger.jsonl') : join(homedir(), '.sluice', 'ledger.jsonl');
}

async function run(argv: string[], io: CliIo): Promise<number> {
  // From the start a signal aborts the import; stageImport then removes its staging folder.
  const interrupt = new Interrupt(io, 'import', 'nothing was imported and nothing was recorded');
  interrupt.startWork();
  try {
    return await runImport(argv, io, interrupt.signal);
  } catch (e) {
    if (interrupt.cancelledBy) return interrupt.report();
    throw e;
  } finally {
    interrupt.dispose();
  }
}

async function runImport(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    trust: { type: 'string' }, to: { type: 'string' }, station: { type: 'string' }, ledger: { type: 'string' },
    officer: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' },
    seal: { type: 'string' }, checklist: { type: 'string' }, 'checklist-template': { type: 'string' }, 'require-witnesses': { type: 'string' },
    'replay-window': { type: 'string' },
    ...SCAN_OPTIONS,
  }, { min: 1, max: 1, what: 'PACKAGE' });
  const packageDir = positionals[0]!;
  const trustDir = requireString(values.trust, 'trust', 'DIR');
  const destRoot = requireString(values.to, 'to', 'DEST');
  const station = requireString(values.station, 'station', 'NET');
  const ledgerFile = values.ledger ?? defaultLedgerFile(io.env);
  const seal = values.seal;
  if (seal !== undefined && !SEAL_PATTERN.test(seal)) throw new UsageError(`--seal must be the 4–32 letters, digits or hyphens printed on the bag, not ${JSON.stringify(seal)}`);
  const requireWitnesses = parseRequireWitnesses(values['require-witnesses']);
  const replayWindow = parseReplayWindow(values['replay-window']);
  const scanner = await stationScanner(values, io.env, 'import');
  if (values['checklist-template'] !== undefined && values.checklist === undefined) throw new UsageError('--checklist-template needs --checklist FILE');
  const file = values.checklist === undefined ? null : await readChecklistFile(values.checklist);
  const template = file ? await loadStationTemplate('import', io.env, values['checklist-template']) : null;
  if (file && values.officer !== undefined && !sameAnswer(values.officer, file.by)) {
    throw new UsageError(`--officer ${values.officer} differs from "by" in ${file.file} (${file.by}): the officer answers the import checklist`);
  }
  const officer = values.officer ?? file?.by ?? currentUser(io.env);
  const store = await loadTrustStore(trustDir);
  await requirePackageDir(packageDir);

  const verdict = await judgeImportGate({
    packageDir, store, requireWitnesses, seal, checklist: file && template ? { file, station: template } : null, now: new Date(),
  });
  signal.throwIfAborted();
  if (verdict.decision === 'reject') return reject(io, verdict, { station, ledgerFile, officer, json: values.json === true });

  const display = new ProgressDisplay(io);
  let report: ImportReport;
  let pending: StagedImport | null = null;
  let av: ScanOutcome | null = null;
  try {
    const staged = await stageImport(packageDir, {
      store, destRoot, station, ledgerFile, officer, onProgress: display.update, signal,
      onLeftover: (l) => io.stderr(`sluice import: ${describeLeftover(l)}\n`), ...(requireWitnesses !== undefined ? { requireWitnesses } : {}),
      ...(replayWindow !== undefined ? { replayWindow } : {}),
    });
    for (const s of staged.settled ?? []) io.stderr(`sluice import: ${describeSettled(s)}\n`);
    if (staged.ok) pending = staged.staged;
    if (staged.ok && signal.aborted) {
      // Verified and extracted, but cancelled before the commit: undo the staging, record nothing.
      await discardImport(staged.staged);
      signal.throwIfAborted();
    }
    if (!staged.ok) report = { ...staged.report, imported: null };
    else if (verdict.decision !== 'proceed' || staged.staged.manifestSha256 !== verdict.manifestSha256) {
      // The seal and checklist were judged against another manifest.json than the one staged (or
      // the signature stage failed moments ago and now passes): the package changed under us.
      const reason = 'manifest.json changed while the package was being imported; copy the package again and repeat the import';
      await discardImport(staged.staged);
      await appendEvent(ledgerFile, {
        event: 'transfer.rejected', station, actor: officer, transferId: staged.staged.manifest.transferId,
        data: { reason, manifestSha256: staged.staged.manifestSha256, transferId: staged.staged.manifest.transferId },
      });
      report = { ...staged.report, ok: false, failures: [...staged.report.failures, { check: 'signature', where: 'manifest.json', reason }], imported: null };
    } else {
      // --scan: the staged bytes, exactly what would be released, before anything is recorded.
      av = scanner ? await scanStaged(scanner, staged.staged, signal, display.update) : null;
      if (verdict.checklist) {
        await appendEvent(ledgerFile, { event: 'checklist.completed', station, actor: officer, transferId: verdict.manifest.transferId, data: checklistEventData(verdict.checklist) });
      }
      if (av?.verdict === 'found') {
        display.finish();
        await rejectOnFindings(io, staged.staged, av, { station, ledgerFile, officer, json: values.json === true });
        return EXIT_REJECTED;
      }
      // A commit that fails (a full or read-only ledger volume) leaves no staging folder behind.
      report = await commitImport(staged.staged, { officer, reason: values.reason, ledgerFile, ...(av ? { scan: scanLedgerData(av) } : {}) });
    }
  } catch (e) {
    // Whatever failed after staging (a full or read-only ledger volume, a cancel), the staging
    // folder goes: nothing unapproved stays in DEST. Harmless once the commit renamed it away.
    if (pending) await discardImport(pending).catch(() => undefined);
    throw e;
  } finally {
    display.finish();
  }
  if (values.json) io.stdout(jsonOutput(av ? { ...report, scan: scanLedgerData(av) } : report));
  else if (report.ok && report.imported) {
    io.stdout(`Imported: every check passed.\n${av ? `${cleanScanLine(av)}\n` : ''}${identityTable(report, [
      ['Imported to', report.imported.path],
      ['Ledger entry', `${report.imported.ledgerSeq}:${report.imported.ledgerHash}`],
    ])}`);
  } else {
    io.stdout(`${failureLines(report.failures)}${faultLines(report)}Rejected: ${report.failures.length} problem(s); nothing was imported.\n`);
  }
  return report.ok && report.imported ? EXIT_OK : EXIT_REJECTED;
}

/**
 * A rejection decided by the seal or the checklist: nothing was extracted. Records the checklist
 * (when there was one) and then 'transfer.rejected' with the reason; exit 1.
 */
async function reject(io: CliIo, v: Extract<GateVerdict, { decision: 'reject' }>, o: { station: string; ledgerFile: string; officer: string; json: boolean }): Promise<number> {
  const transferId = v.manifest.transferId;
  if (v.checklist) {
    await appendEvent(o.ledgerFile, { event: 'checklist.completed', station: o.station, actor: o.officer, transferId, data: checklistEventData(v.checklist) });
  }
  const line = await appendEvent(o.ledgerFile, {
    event: 'transfer.rejected', station: o.station, actor: o.officer, transferId,
    data: { reason: v.reason, manifestSha256: v.manifestSha256, transferId, decision: 'reject', blockedBy: v.blockedBy },
  });
  if (o.json) {
    io.stdout(jsonOutput({ ok: false, imported: null, transferId, manifestSha256: v.manifestSha256, rejected: { reason: v.reason, blockedBy: v.blockedBy, ledgerSeq: line.seq } }));
  } else {
    const hint = v.blockedBy.includes(NO_SEAL_IN_MANIFEST) ? ' (the paper names a seal, the signed manifest none)' : '';
    io.stdout(`${v.blockedBy.map((b) => `BLOCKED ${displaySafe(b)}\n`).join('')}Rejected transfer ${displaySafe(transferId)}${hint}: nothing was imported. Recorded as ledger entry ${line.seq}.\n`);
  }
  return EXIT_REJECTED;
}

/** `--replay-window N`: a whole number from 0 to MAX_REPLAY_WINDOW, else a UsageError. */
export function parseReplayWindow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,7}$/.test(text) || Number(text) > MAX_REPLAY_WINDOW) throw new UsageError(`--replay-window must be a whole number from 0 to ${MAX_REPLAY_WINDOW}, not ${JSON.stringify(text)}`);
  return Number(text);
}

export const importCommand: CliCommand = { name: 'import', summary: 'verify a transfer package and import it into a destination', usage, run };
