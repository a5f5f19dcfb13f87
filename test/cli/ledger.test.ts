// `sluice ledger verify|export|show`: output, exit codes 0/1/2, --head, --json, --out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dispatch } from '../../electron/cli/dispatch';
import { appendEvent, type AppendedLine } from '../../electron/engine/ledger/index';
import { bufferIo, runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tmp';

async function ledgerOf(dir: string, n: number): Promise<{ file: string; appended: AppendedLine[] }> {
  const file = join(dir, 'custody.ledger');
  const appended: AppendedLine[] = [];
  for (let i = 1; i <= n; i++) {
    appended.push(await appendEvent(file, {
      event: 'transfer.rejected',
      station: 'high-1',
      actor: 'alice',
      transferId: `T-${i}`,
      data: { reason: i === 2 ? 'evil \u009b[31m red, "quoted"' : `reason ${i}` },
    }));
  }
  return { file, appended };
}

async function sluice(...argv: string[]) {
  const io = bufferIo();
  const code = await dispatch(argv, io);
  return { code, out: io.out(), err: io.err() };
}

test('verify: exit 0 with the count and head, naming the anchor used', async (t) => {
  const dir = await makeTempDir(t);
  const { file, appended } = await ledgerOf(dir, 4);
  const r = await sluice('ledger', 'verify', file);
  assert.equal(r.code, 0);
  assert.equal(r.out, `ledger OK: 4 entries, head ${appended[3]!.head}\nchecked against ${file}.head (${appended[3]!.head})\n`);
  const withHead = await sluice('ledger', 'verify', file, '--head', appended[1]!.head);
  assert.equal(withHead.code, 0);
  assert.match(withHead.out, new RegExp(`checked against --head ${appended[1]!.head}`));
});

test('verify: exit 1 naming the first bad line; --json gives the same finding', async (t) => {
  const dir = await makeTempDir(t);
  const { file, appended } = await ledgerOf(dir, 4);
  const lines = (await readFile(file, 'utf8')).split('\n');
  await writeFile(file, [lines[0], lines[2], lines[3], ''].join('\n'));
  const r = await sluice('ledger', 'verify', file);
  assert.equal(r.code, 1);
  assert.match(r.out, /^ledger BROKEN: line 2: seq 3 where 2 was expected/);

  await writeFile(file, lines.slice(0, 3).join('\n') + '\n');
  const cut = await sluice('ledger', 'verify', file, '--json', '--head', appended[3]!.head);
  assert.equal(cut.code, 1);
  const json = JSON.parse(cut.out) as { ok: boolean; firstBad: { line: number; reason: string }; anchor: { source: string } };
  assert.equal(json.ok, false);
  assert.deepEqual(json.firstBad, { line: 4, reason: 'truncated: the ledger ends at seq 3 but the anchored head (--head) is 4' });
  assert.equal(json.anchor.source, 'argument');
});

test('usage and environment errors exit 2', async (t) => {
  const dir = await makeTempDir(t);
  const { file } = await ledgerOf(dir, 1);
  const cases: [string[], RegExp][] = [
    [['ledger'], /missing subcommand/],
    [['ledger', 'frobnicate', file], /unknown subcommand "frobnicate"/],
    [['ledger', 'verify'], /missing FILE/],
    [['ledger', 'verify', file, '--head', '12'], /--head must be SEQ:HASH/],
    [['ledger', 'verify', file, '--bogus'], /unknown option --bogus/],
    [['ledger', 'verify', join(dir, 'missing.ledger')], /There is no ledger at/],
    [['ledger', 'export', file], /exactly one of --csv or --jsonl/],
    [['ledger', 'export', file, '--csv', '--jsonl'], /exactly one of --csv or --jsonl/],
  ];
  for (const [argv, reason] of cases) {
    const r = await sluice(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, reason, argv.join(' '));
  }
});

test('export: CSV to stdout, JSON lines to --out (never over an existing file); broken ledger refused', async (t) => {
  const dir = await makeTempDir(t);
  const { file, appended } = await ledgerOf(dir, 3);
  const csv = await sluice('ledger', 'export', file, '--csv');
  assert.equal(csv.code, 0);
  const rows = csv.out.split('\r\n');
  assert.equal(rows[0], 'seq,time,event,station,actor,transferId,data,prev,hash');
  assert.equal(rows.length, 5);
  assert.ok(rows[3]!.endsWith(`,${appended[2]!.hash}`));

  const out = join(dir, 'export.jsonl');
  const jl = await sluice('ledger', 'export', file, '--jsonl', '--out', out);
  assert.equal(jl.code, 0);
  const written = (await readFile(out, 'utf8')).split('\n');
  assert.equal(written.length, 4);
  assert.equal((JSON.parse(written[1]!) as { hash: string }).hash, appended[1]!.hash);
  const again = await sluice('ledger', 'export', file, '--jsonl', '--out', out);
  assert.equal(again.code, 2);
  assert.match(again.err, /already exists/);

  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('reason 3', 'reason 4'));
  const broken = await sluice('ledger', 'export', file, '--csv');
  assert.equal(broken.code, 2);
  assert.match(broken.err, /does not verify at line 3/);
});

test('show: lists entries with terminal controls escaped, filters by transfer, exit 1 when broken', async (t) => {
  const dir = await makeTempDir(t);
  const { file, appended } = await ledgerOf(dir, 3);
  const all = await sluice('ledger', 'show', file);
  assert.equal(all.code, 0);
  assert.equal(all.out.split('\n').length, 5);
  assert.ok(!all.out.includes('\u009b'), 'the C1 control is not passed to the terminal');
  assert.match(all.out, /evil \\u009b\[31m/);

  const one = await sluice('ledger', 'show', file, '--transfer', 'T-2', '--json');
  const entries = JSON.parse(one.out) as { seq: number; hash: string }[];
  assert.deepEqual(entries.map((e) => [e.seq, e.hash]), [[2, appended[1]!.hash]]);

  const lines = (await readFile(file, 'utf8')).split('\n');
  await writeFile(file, [lines[0], lines[1], '{not json', ''].join('\n'));
  const broken = await sluice('ledger', 'show', file);
  assert.equal(broken.code, 1);
  assert.match(broken.out, /T-2/);
  assert.match(broken.err, /does not verify at line 3: malformed: not valid JSON/);
});

test('the real sluice process: --help, and exit codes 0 and 1', async (t) => {
  const dir = await makeTempDir(t);
  const { file } = await ledgerOf(dir, 2);
  const help = await runCli(['ledger', 'verify', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /sluice ledger verify FILE \[--head SEQ:HASH\] \[--json\]/);
  assert.match(help.stdout, /sluice ledger export FILE \(--csv \| --jsonl\)/);
  const ok = await runCli(['ledger', 'verify', file]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^ledger OK: 2 entries, head 2:[0-9a-f]{64}\n/);
  await writeFile(file, (await readFile(file, 'utf8')).replace('"seq":2', '"seq":3'));
  const bad = await runCli(['ledger', 'verify', file]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /ledger BROKEN: line 2: seq 3 where 2 was expected/);
});
