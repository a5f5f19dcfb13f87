// `sluice ledger repair FILE` through the real CLI: verify points at it for a torn line, repair cuts
// and records it (exit 0), and anything else is refused with exit 2 and the file unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendEvent } from '../../electron/engine/ledger/index';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';

async function ledger(t: { after: (fn: () => void | Promise<void>) => void }): Promise<string> {
  const file = join(await makeTempDir(t), 'station.jsonl');
  for (const label of ['a', 'b']) await appendEvent(file, { event: 'key.revoked', station: 'HIGH', actor: 'olga', data: { label } });
  return file;
}

test('sluice ledger verify names the repair for a torn line; repair cuts it and records it', async (t) => {
  const file = await ledger(t);
  await appendFile(file, '{"seq":3,"time":"2026');
  const broken = await runCli(['ledger', 'verify', file]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /line 3: torn/);
  assert.ok(broken.stdout.includes(`sluice ledger repair ${file}`), broken.stdout);

  const r = await runCli(['ledger', 'repair', file, '--actor', 'olga']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ledger repaired: cut 21 torn byte\(s\) at offset \d+ \(SHA-256 [0-9a-f]{64}\), kept in .*station\.jsonl\.torn-[0-9a-f]{16}\nrecorded as ledger entry 3; head 3:[0-9a-f]{64}\n$/);
  const ok = await runCli(['ledger', 'verify', file]);
  assert.equal(ok.code, 0, ok.stdout);
  const last = JSON.parse((await readFile(file, 'utf8')).trim().split('\n').at(-1)!);
  assert.equal(last.event, 'ledger.repaired');
  assert.equal(last.data.cutBytes, 21);
});

test('sluice ledger repair refuses a ledger with nothing torn (exit 2, one line, unchanged)', async (t) => {
  const file = await ledger(t);
  const before = await readFile(file, 'utf8');
  const r = await runCli(['ledger', 'repair', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /was not changed: its last line is complete/);
  assert.equal(await readFile(file, 'utf8'), before);
});
