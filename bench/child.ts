/**
 * One measured Sluice operation in a fresh process, so its peak RSS is its own. Prints one JSON
 * line: { op, seconds, maxRssMiB }. Timing covers the operation only, not Node's start-up or the
 * key set-up, matching what the shell baselines measure.
 *
 *   node --import tsx bench/child.ts pack   SRC OUT KEYDIR
 *   node --import tsx bench/child.ts verify PKG KEYDIR
 *   node --import tsx bench/child.ts import PKG KEYDIR DEST
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from '../electron/engine/pack/pack';
import { verifyPackage } from '../electron/engine/verify/verify';
import { importPackage } from '../electron/engine/import/import';
import { parsePublicKey } from '../electron/engine/crypto/minisign';
import { loadSigningKey } from '../electron/engine/keys/key-files';

const [op, a, b, c] = process.argv.slice(2) as [string, string, string, string | undefined];

function trustStoreFrom(keyDir: string) {
  const pub = parsePublicKey(readFileSync(join(keyDir, 'bench.pub'), 'utf8'));
  return { keys: [{ ...pub, label: 'bench', fingerprint: '', file: join(keyDir, 'bench.pub') }], revoked: [] };
}

async function main(): Promise<void> {
  let seconds = 0;
  if (op === 'pack') {
    const signingKey = await loadSigningKey(join(c!, 'bench.key'), 'bench');
    const sources = readdirSync(a).sort().map((n) => join(a, n));
    const t = performance.now();
    await pack({
      sources, outDir: b, signingKey, source: 'LOW', destination: 'HIGH', sequence: 1, transferId: 'BENCH',
      expires: new Date(Date.now() + 86400_000), operator: 'bench', classification: 'TEST', purpose: 'bench', ticket: '',
    });
    seconds = (performance.now() - t) / 1000;
  } else if (op === 'verify') {
    const store = trustStoreFrom(b);
    const t = performance.now();
    const report = await verifyPackage(a, { store });
    seconds = (performance.now() - t) / 1000;
    if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.failures)}`);
  } else if (op === 'import') {
    const store = trustStoreFrom(b);
    const t = performance.now();
    const report = await importPackage(a, { store, destRoot: c!, station: 'HIGH', ledgerFile: join(c!, '..', 'ledger.jsonl'), officer: 'bench' });
    seconds = (performance.now() - t) / 1000;
    if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.failures)}`);
  } else {
    throw new Error(`unknown op ${op}`);
  }
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ op, seconds, maxRssMiB }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
