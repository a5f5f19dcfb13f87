/**
 * A synthetic job for testing the job machinery end to end without the engine: it writes `bytes`
 * bytes to `<outDir>/test-output.bin` in chunks, reporting progress, and removes its output when
 * cancelled or when it fails (nothing left behind). `failAt` makes it fail on purpose once that
 * many bytes are written; `chunkDelayMs` slows it down so a cancel can land mid-way.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { JobEnv } from './job-types';
import type { WorkerResult } from '../protocol';

export interface TestJobParams {
  outDir: string;
  bytes: number;
  chunk?: number;
  failAt?: number;
  chunkDelayMs?: number;
}

export async function testJob(params: TestJobParams, env: JobEnv): Promise<WorkerResult> {
  const file = join(params.outDir, 'test-output.bin');
  const chunkSize = params.chunk ?? 1024 * 1024;
  const chunk = Buffer.alloc(chunkSize, 0x5a);
  const fh = await open(file, 'wx');
  try {
    let done = 0;
    while (done < params.bytes) {
      env.signal.throwIfAborted();
      if (params.failAt !== undefined && done >= params.failAt) throw new Error(`test job failed on purpose at ${done} bytes`);
      const n = Math.min(chunkSize, params.bytes - done);
      // Real CPU work per chunk (hashing), as the engine does, so "off the main thread" means something.
      createHash('sha256').update(chunk.subarray(0, n)).digest();
      await fh.write(chunk, 0, n);
      done += n;
      env.onProgress({ phase: 'write', bytesDone: done, bytesTotal: params.bytes, currentFile: 'test-output.bin' });
      if (params.chunkDelayMs) await new Promise((r) => setTimeout(r, params.chunkDelayMs));
    }
    await fh.close();
    return { kind: 'test', bytes: done };
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(file, { force: true });
    throw e;
  }
}
