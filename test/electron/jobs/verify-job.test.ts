// The `verify` job kind on a payload large enough (≥ 32 MiB) that verify reads it in its own
// volume-read worker: run through the real JobRunner, that worker is nested inside the job's worker
// thread, as it is inside the utility process in the app. Good package → done with a passing
// report; one flipped byte → failed with the damaged file named.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { open, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { JobRunner, type JobEmitter } from '../../../electron/jobs/job-runner';
import { workerThreadTransport } from '../../../electron/jobs/worker-transport';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { makeTestKey, makeTrustStore } from '../../helpers/keys';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

let dir: string;
let packageDir: string;
const MiB = 1024 * 1024;

before(async () => {
  dir = await makeTempDir(undefined, 'sluice-verify-job-');
  const src = join(dir, 'src');
  await mkdir(src);
  // 2 × 17 MiB: over the 32 MiB threshold at which verify starts its reading worker.
  for (const name of ['a.tar', 'b.tar']) await writeFile(join(src, name), randomBytes(17 * MiB));
  const key = await makeTestKey(join(dir, 'keys'), 'alice');
  await makeTrustStore(join(dir, 'trust'), [key]);
  const out = join(dir, 'out');
  await mkdir(out);
  packageDir = (await pack({
    sources: [join(src, 'a.tar'), join(src, 'b.tar')], outDir: out, signingKey: key.signingKey, source: 'LOW', destination: 'HIGH',
    sequence: 1, transferId: 'BIG-1', expires: new Date(Date.now() + 86_400_000), operator: 'op', classification: 'TEST', purpose: 'jobs', ticket: '',
  })).packageDir;
});
after(() => removeTempDir(dir));

/** Runs one verify job to its end; resolves to the final event. */
function runVerify(): Promise<{ event: EventChannel; payload: EventPayloads[EventChannel] }> {
  const runner = new JobRunner({ transport: workerThreadTransport() });
  return new Promise((resolve) => {
    const emit: JobEmitter = (event, payload) => {
      if (event !== 'job:progress') resolve({ event, payload });
    };
    runner.start('verify', { dir: packageDir, trustDir: join(dir, 'trust') }, emit);
  });
}

test('a verify job of a 34 MiB payload reads it in a nested worker and passes', async () => {
  const end = await runVerify();
  assert.equal(end.event, 'job:done', JSON.stringify(end.payload).slice(0, 500));
  const result = (end.payload as EventPayloads['job:done']).result as { kind: string; report: { ok: boolean; manifest: { payload: { size: number } } } };
  assert.equal(result.kind, 'verify');
  assert.equal(result.report.ok, true);
  assert.ok(result.report.manifest.payload.size >= 32 * MiB);
});

test('the same job fails with the damaged file named after one flipped byte', async () => {
  const fh = await open(join(packageDir, 'payload.tar'), 'r+');
  const at = 20 * MiB; // inside b.tar's body
  const byte = Buffer.alloc(1);
  try {
    await fh.read(byte, 0, 1, at);
    await fh.write(Buffer.from([byte[0]! ^ 0x10]), 0, 1, at);
    const end = await runVerify();
    assert.equal(end.event, 'job:failed');
    const failed = end.payload as EventPayloads['job:failed'];
    assert.match(failed.error.message, /b\.tar/);
    assert.ok(failed.report?.failures.some((f) => f.check === 'entries' && f.where === 'b.tar'));
  } finally {
    await fh.write(byte, 0, 1, at);
    await fh.close();
  }
});
