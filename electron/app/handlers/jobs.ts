/**
 * job:start, job:cancel, import:commit, import:discard. A job's params are built here from the
 * validated request, the station settings and the window's granted paths — the job process never
 * sees an ungranted path or a setting the renderer supplied. Staged imports wait in the registry
 * until the officer decides.
 */
import { join } from 'node:path';
import { ok, err } from '../../../shared/result';
import { canExport, canImport } from '../../../shared/settings';
import { appendEvent } from '../../engine/ledger';
import { commitImport, discardImport, type StagedImport } from '../../engine/import/import';
import type { JobResult } from '../../../shared/ipc/contract';
import type { WorkerResult } from '../../jobs/protocol';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';

const wrongRole = (what: string) => err({ code: 'wrong-role', message: `This station is not set up to ${what}. Check the station role in the settings.` });

export function jobHandlers(env: HandlerEnv): Pick<HandlerTable, 'job:start' | 'job:cancel' | 'import:commit' | 'import:discard'> {
  return {
    'job:start': async (req, ctx) => {
      const s = await env.requireSettings();
      if (req.kind === 'pack') {
        if (!canExport(s)) return wrongRole('pack transfers');
        const p = req.params;
        const sources = ctx.grants.require(p.sources);
        const [outDir] = ctx.grants.require([p.targetDir]);
        const params = {
          sources, outDir, keyFile: join(s.paths.keysDir, `${p.keyName}.key`), passphrase: p.passphrase,
          sequenceStateFile: join(env.userDataDir, 'sequences.json'), source: s.networkId, destination: p.destination,
          expires: new Date(env.clock().getTime() + p.expiresInSeconds * 1000).toISOString(), operator: p.operator,
          classification: p.classification, purpose: p.purpose, ticket: p.ticket, checklist: p.checklist,
          ...(p.transferId ? { transferId: p.transferId } : {}), ...(p.volumeSize ? { volumeSize: p.volumeSize } : {}),
        };
        const jobId = env.jobs.start('pack', params, ctx.emit, async (r: WorkerResult): Promise<JobResult> => {
          if (r.kind !== 'pack') throw new Error(`pack job returned ${r.kind}`);
          ctx.grants.grantTree(r.packageDir);
          await appendEvent(s.paths.ledgerFile, {
            event: 'transfer.packed', station: s.networkId, actor: p.operator, transferId: r.transferId,
            data: { keyId: r.keyId ?? 'unknown', source: s.networkId, destination: p.destination, sequence: r.sequence, manifestSha256: r.manifestSha256, files: r.files, bytes: r.bytes, packageDir: r.packageDir },
          });
          return r;
        });
        return ok({ jobId });
      }
      const [dir] = ctx.grants.require([req.params.dir]);
      if (req.kind === 'verify') {
        return ok({ jobId: env.jobs.start('verify', { dir, trustDir: s.paths.trustDir }, ctx.emit) });
      }
      if (!canImport(s)) return wrongRole('import transfers');
      const params = { dir, trustDir: s.paths.trustDir, destRoot: s.paths.recordsDir, station: s.networkId, ledgerFile: s.paths.ledgerFile };
      const jobId = env.jobs.start('stage-import', params, ctx.emit, (r: WorkerResult): JobResult => {
        if (r.kind !== 'stage-import') throw new Error(`stage-import job returned ${r.kind}`);
        return { kind: 'stage-import', stagingId: env.staging.add(r.staged, ctx.windowId), report: r.report };
      });
      return ok({ jobId });
    },

    'job:cancel': async ({ jobId }) => ok({ cancelled: env.jobs.cancel(jobId) }),

    'import:commit': async ({ stagingId, decision, reason, officer, checklist }, ctx) => {
      const s = await env.requireSettings();
      const staged = env.staging.get(stagingId, ctx.windowId);
      if (!staged) return err({ code: 'unknown-staging', message: 'That staged import is gone (already decided or discarded). Verify the package again.' });
      const engineStaged = staged.engine as StagedImport;
      env.staging.remove(stagingId);
      if (checklist.length) {
        await appendEvent(s.paths.ledgerFile, { event: 'checklist.completed', station: s.networkId, actor: officer, transferId: staged.transferId, data: { stage: 'import', items: checklist.map((r) => `${r.itemId}: ${String(r.value)}`), records: checklist } });
      }
      if (decision === 'reject') {
        await discardImport(engineStaged);
        await appendEvent(s.paths.ledgerFile, {
          event: 'transfer.rejected', station: s.networkId, actor: officer, transferId: staged.transferId,
          data: { reason: `officer: ${reason}`, manifestSha256: engineStaged.manifestSha256, transferId: staged.transferId, decision: 'reject' },
        });
        return ok({ decision, path: null, report: null, ledgerSeq: null });
      }
      const report = await commitImport(engineStaged, { officer, reason });
      if (!report.imported) {
        const f = report.failures.at(-1);
        return err({ code: 'import-refused', message: `The import was refused at commit${f ? `: ${f.check}: ${f.reason}` : ''}. The staged files were removed.` });
      }
      ctx.grants.grantTree(report.imported.path);
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
