/**
 * Entry point of the `sluice` command (bundled to dist/cli.mjs; bin/sluice.mjs loads it). All the
 * logic is in dispatch.ts; this file only connects it to the real process.
 */
import { dispatch } from './dispatch';
import { processIo } from './output';

// After SIGHUP (a closed terminal) or with a closed pipe, writing a message fails (EIO, EPIPE).
// That must not crash the process before a cancelled pack or import has removed what it wrote.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

process.exitCode = await dispatch(process.argv.slice(2), processIo());
