/** One file copied onto or off a medium, hashed in the same read: no second pass over the bytes. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Copies `from` to `to` (exclusive create, fsync) and returns the SHA-256 of the bytes copied. */
/** `onBytes` is told the size of each chunk as it is written (for a job's progress). */
export async function copyHashing(from: string, to: string, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const out = await open(to, 'wx', 0o644);
  try {
    for await (const chunk of createReadStream(from, { highWaterMark: 4 * 1024 * 1024, signal })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      let off = 0;
      while (off < bytes.length) off += (await out.write(bytes, off)).bytesWritten;
      onBytes?.(bytes.length);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return hash.digest('hex');
}
