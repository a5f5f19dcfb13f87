/**
 * job:start, job:cancel (the decision on a staged import is in ./import-decision). A job's params are built here from the
 * validated request, the station settings and the window's granted paths — the job process never
 * sees an ungranted path or a setting the renderer supplied. Staged imports wait in the registry
 * until the officer decides.
 */
import { failureLine } from '../../../shared/format/display-text';
import { join } from 'node:path';
import { ok, err } from '../../../shared/result';
import { canExport, canImport } from '../../../shared/settings';
import { appendEvent } from '../../engine/ledger';
import { SluiceError } from '../../engine/errors';
import type { Settings } from '../../../shared/settings';
import type { ChecklistRecord } from '../../../shared/format/manifest';
import type { EventPayloads, JobResult } from '../../../shared/ipc/contract';
import type { WorkerResult } from '../../jobs/protocol';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { requirePerson } from '../people';
import { checkStationFolders } from '../station-folders';
import { blindReport } from '../blind-seal';
import { startGatherMedium, startWriteMedium } from './media';
import { packTarget } from './media-pack';
import { checklistUnderPolicy, requireOperator, stationTemplate } from './export-policy';
import { machineBy, probeScanner, scanDecision, scanResultView } from '../scan-settings';
import { antivirusAnswers } from '../../../shared/checklist-policy';
import { vendorChecksumAnswers } from '../../../shared/checklist-vendor';
import { probeVendorChecksums } from '../../engine/pack/vendor-probe';
import { scanLedgerData } from '../../engine/scan/index';

const wrongRole = (what: string) => err({ code: 'wrong-role', message: `This station is not set up to ${what}. Check the station role in the settings.` });

/**
 * The custody events of a finished pack beside `transfer.packed`: the before-packing checklist (it
 * is also in the signed manifest) and the package written to the chosen medium.
 */
async function recordPackCustody(s: Settings, operator: string, r: Extract<WorkerResult, { kind: 'pack' }>, outDir: string | null, checklist: readonly ChecklistRecord[]): Promise<void> {
  if (checklist.length) {
    await appendEvent(s.paths.ledgerFile, {
      event: 'checklist.completed', station: s.networkId, actor: checklist[0]!.by, transferId: r.transferId,
      data: { stage: 'export-pre', items: checklist.map((c) => `${c.itemId}: ${String(c.value)}`), records: [...checklist] },
    });
  }
  if (outDir === null) return;
  await appendEvent(s.paths.ledgerFile, {
    event: 'media.written', station: s.networkId, actor: operator, transferId: r.transferId,
    data: { target: outDir, packageDir: r.packageDir, bytes: r.bytes, manifestSha256: r.manifestSha256 },
  });
}

export function jobHandlers(env: HandlerEnv): Pick<HandlerTable, 'job:start' | 'job:cancel'> {
  return {
    'job:start': async (req, ctx) => {
      const s = await env.requireSettings();
      if (req.kind === 'pack') {
        if (!canExport(s)) return wrongRole('pack transfers');
        const p = req.params;
        const sources = ctx.grants.require(p.sources);
        const [chosen] = ctx.grants.require([p.targetDir]);
        // Where the package is made and its volume size (./media-pack): for media, on this station's
        // disk sized for media like the chosen one; on a FAT folder, volumes under FAT's limit.
        const target = await packTarget(env, s, sources, chosen!, p.viaStation === true, p.volumeSize);
        if (!target.ok) return target;
        const { outDir, forMedia } = target.value;
        await checkStationFolders(s, ['keysDir', 'ledgerDir'], env.statFolder);
        // The procedure is policy here, not in the renderer: known operators, and the before-packing
        // answers evaluated under the station's template (a blocking answer refuses the pack).
        const operator = requireOperator(s, p.operator, 'operator');
        if (!operator.ok) return operator;
        const by = requireOperator(s, p.checklist.by, 'answering the before-packing checklist');
        if (!by.ok) return by;
        // The station's scan policy, decided here: under 'required' every pack is scanned, whatever
        // the request says. The engine is asked first, so a missing engine or signature folder is a
        // clear error before anything is unlocked or written; its answer fills the checklist's
        // antivirus item (answered by the machine: the pack is refused on any finding).
        const scan = scanDecision(s, p.scan);
        const probe = scan ? await probeScanner(scan) : null;
        const machine = probe ? antivirusAnswers(await stationTemplate(env, s, 'export-pre'), 'clean', machineBy(probe)) : undefined;
        // The vendor-checksums item, too, when the sources carry checksum files the pack can check
        // (a mismatch refuses the pack; the pack refuses as well if its own check disagrees).
        const vendorMachine = vendorChecksumAnswers(await stationTemplate(env, s, 'export-pre'), await probeVendorChecksums(sources));
        const vendorAnswered = Object.keys(vendorMachine).length > 0;
        const allMachine = machine || vendorAnswered ? { ...machine, ...vendorMachine } : undefined;
        const pre = await checklistUnderPolicy(env, s, 'export-pre', p.checklist.answers, { by: by.value, manifest: null, ...(allMachine ? { machine: allMachine } : {}) }, 'packing-blocked');
        if (!pre.ok) return pre;
        const checklist = pre.value.records;
        const params = {
          sources, outDir, keyFile: join(s.paths.keysDir, `${p.keyName}.key`), passphrase: p.passphrase,
          sequenceStateFile: join(env.userDataDir, 'sequences.json'), source: s.networkId, destination: p.destination,
          expires: new Date(env.clock().getTime() + p.expiresInSeconds * 1000).toISOString(), operator: operator.value,
          classification: p.classification, purpose: p.purpose, ticket: p.ticket, checklist, seal: p.seal,
          ...(p.requireWitnesses ? { requireWitnesses: p.requireWitnesses } : {}),
          ...(p.transferId ? { transferId: p.transferId } : {}),
          ...(target.value.volumeSize ? { volumeSize: target.value.volumeSize } : {}),
          ...(scan ? { scan } : {}),
          ...(vendorAnswered ? { vendorChecksumsAnswered: true } : {}),
        };
        const jobId = env.jobs.start('pack', params, ctx.emit, async (r: WorkerResult): Promise<JobResult> => {
          if (r.kind !== 'pack') throw new Error(`pack job returned ${r.kind}`);
          // Defence in depth: a pack the policy requires scanning is never recorded without its clean scan.
          if (scan && r.scan?.verdict !== 'clean') throw new SluiceError('scan-missing', `The package ${r.packageDir} carries no clean antivirus scan although one was required; do not hand it over.`);
          ctx.grants.grantTree(r.packageDir);
          await appendEvent(s.paths.ledgerFile, {
            event: 'transfer.packed', station: s.networkId, actor: operator.value, transferId: r.transferId,
            data: {
              keyId: r.keyId ?? 'unknown', source: s.networkId, destination: p.destination, sequence: r.sequence, manifestSha256: r.manifestSha256, files: r.files, bytes: r.bytes, packageDir: r.packageDir,
              // From the signed manifest: the after-packing checklist compares the seal typed blind with it even once the medium is ejected.
              ...(r.seal !== undefined ? { seal: r.seal } : {}), witnessesRequired: r.witnessesRequired ?? 0,
              ...(r.scan ? { scan: r.scan } : {}),
            },
          });
          // Packed for media: nothing is on a medium yet; each medium is recorded when written and read back.
          if (forMedia) env.mediaSets.open(r.transferId, r.packageDir, ctx.windowId, operator.value, chosen!);
          await recordPackCustody(s, operator.value, r, forMedia ? null : outDir, checklist);
          return r;
        });
        return ok({ jobId });
      }
      if (req.kind === 'write-medium') {
        if (!canExport(s)) return wrongRole('write transfers to media');
        return startWriteMedium(env, s, req.params, ctx);
      }
      if (req.kind === 'gather-medium') {
        if (!canImport(s)) return wrongRole('import transfers');
        return startGatherMedium(env, s, req.params, ctx);
      }
      const [dir] = ctx.grants.require([req.params.dir]);
      if (req.kind === 'verify') {
        await checkStationFolders(s, ['trustDir'], env.statFolder);
        return ok({ jobId: env.jobs.start('verify', { dir, trustDir: s.paths.trustDir }, ctx.emit) });
      }
      if (!canImport(s)) return wrongRole('import transfers');
      // The person importing: named on a rejection and on transfer.verified (never "system").
      const officer = requirePerson(s, req.params.officer, ['officers'], 'import a transfer');
      await checkStationFolders(s, ['trustDir', 'quarantineDir', 'importDir', 'ledgerDir'], env.statFolder);
      const importScan = scanDecision(s);
      if (importScan) await probeScanner(importScan);
      const params = {
        // Staged in quarantine, released into the import destination on approval — never into records.
        dir, trustDir: s.paths.trustDir, destRoot: s.paths.quarantineDir, releaseRoot: s.paths.importDir, officer,
        station: s.networkId, ledgerFile: s.paths.ledgerFile,
        // The station's two-person policy: the engine rejects a package with fewer valid witness co-signatures.
        requireWitnesses: s.policy?.requireWitnesses ?? 0,
        // The station's anti-replay window (absent: the engine's default).
        ...(s.policy?.replayWindow !== undefined ? { replayWindow: s.policy.replayWindow } : {}),
        // The station's scan policy: the staged files are scanned before the decision ('optional':
        // when a scanner is configured). Asked first, so a missing engine is said before verifying.
        ...(importScan ? { scan: importScan } : {}),
      };
      // A failed verification's report is kept (by job id) for its rejection report; the engine has
      // already recorded the rejection in the ledger.
      const emit: typeof ctx.emit = (event, payload) => {
        if (event === 'job:failed') {
          const f = payload as EventPayloads['job:failed'];
          if (f.report) env.printSources.addRejection(f.jobId, ctx.windowId, { transferId: f.report.manifest ? f.report.transferId : null, report: f.report, station: s.networkId, officer });
        }
        // The seal is typed blind at the checklist: the renderer never gets the signed value before (./blind-seal).
        const f = event === 'job:failed' ? (payload as EventPayloads['job:failed']) : null;
        ctx.emit(event, f?.report ? ({ ...f, report: blindReport(f.report) } as typeof payload) : payload);
      };
      const jobId = env.jobs.start('stage-import', params, emit, async (r: WorkerResult): Promise<JobResult> => {
        if (r.kind !== 'stage-import') throw new Error(`stage-import job returned ${r.kind}`);
        await appendEvent(s.paths.ledgerFile, {
          event: 'transfer.verified', station: s.networkId, actor: officer, transferId: r.staged.transferId,
          data: {
            ok: r.report.ok, manifestSha256: r.report.manifestSha256, keyId: r.report.signer?.keyId ?? null, failures: r.report.failures.map(failureLine), packageDir: r.staged.packageDir,
            ...(r.staged.scan ? { scan: scanLedgerData(r.staged.scan) } : {}),
          },
        });
        return {
          kind: 'stage-import', stagingId: env.staging.add(r.staged, ctx.windowId), report: blindReport(r.report),
          ...(r.staged.scan ? { scan: scanResultView(r.staged.scan) } : {}),
        };
      });
      return ok({ jobId });
    },

    'job:cancel': async ({ jobId }) => ok({ cancelled: env.jobs.cancel(jobId) }),
  };
}
