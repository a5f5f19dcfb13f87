/**
 * Entry point of the `sluice` command (bundled to dist/cli.mjs; bin/sluice.mjs loads it). All the
 * logic is in dispatch.ts; this file only connects it to the real process.
 */
import { dispatch } from './dispatch';
import { processIo } from './output';

process.exitCode = await dispatch(process.argv.slice(2), processIo());
