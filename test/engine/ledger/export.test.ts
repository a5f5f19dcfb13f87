// exportLedger: CSV that a strict RFC 4180 reader turns back into exactly the ledger's fields,
// with formula-looking cells defused; JSON lines with hashes; refusal of a broken ledger; queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../../electron/engine/errors';
import { appendEvent, csvField, exportLedger, findEntries, hashLine, readLedger } from '../../../electron/engine/ledger/index';
import { makeTempDir } from '../../helpers/tmp';

/** A strict RFC 4180 parser (CRLF records, quoted fields with "" escapes), for checking exports. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q !== -1, 'unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') { field += '"'; i++; } else break;
      }
    } else {
      const m = /[,\r\n]/.exec(text.slice(i));
      const end = m ? i + m.index : text.length;
      field = text.slice(i, end);
      assert.ok(!field.includes('"'), `bare quote in unquoted field ${field}`);
      i = end;
    }
    row.push(field);
    if (text[i] === ',') { i++; continue; }
    assert.equal(text.slice(i, i + 2), '\r\n', 'records end in CRLF');
    rows.push(row);
    row = [];
    i += 2;
    if (i >= text.length) return rows;
  }
}

/** Undoes the formula defusing: one leading single quote is dropped. */
const undefuse = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

test('CSV export round-trips commas, quotes, newlines and formula-looking cells', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const tricky = { reason: 'bad, "very" bad\nsecond line\r\nthird', formula: '=HYPERLINK("http://x")' };
  await appendEvent(file, { event: 'transfer.rejected', station: '-low', actor: '=cmd|calc', transferId: '-T1', data: tricky });
  await appendEvent(file, { event: 'transfer.approved', station: 'high', actor: "'quoted", data: { note: '@SUM(A1)' } });
  await appendEvent(file, { event: 'document.printed', station: 'high', actor: '+plus', data: { document: 'receipt' } });

  const csv = await exportLedger(file, 'csv');
  const rows = parseCsv(csv);
  assert.deepEqual(rows[0], ['seq', 'time', 'event', 'station', 'actor', 'transferId', 'data', 'prev', 'hash']);
  assert.equal(rows.length, 4);
  // No cell a spreadsheet would evaluate.
  for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
  assert.equal(rows[1]![4], "'=cmd|calc");
  assert.equal(rows[1]![3], "'-low");
  assert.equal(rows[2]![4], "''quoted");

  const entries = await readLedger(file);
  const lines = (await readFile(file, 'utf8')).split('\n');
  entries.forEach((e, i) => {
    const cells = rows[i + 1]!.map(undefuse);
    assert.deepEqual(cells, [String(e.seq), e.time, e.event, e.station, e.actor, e.transferId ?? '', JSON.stringify(e.data), e.prev, hashLine(lines[i]!)]);
  });
  assert.deepEqual(JSON.parse(undefuse(rows[1]![6]!)), tricky);
});

test('csvField quotes exactly when needed', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('-1'), "'-1");
  assert.equal(csvField('=1,2'), `"'=1,2"`);
  assert.equal(csvField('\tx'), "'\tx");
});

test('JSON-lines export is each line with its hash appended', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  await appendEvent(file, { event: 'key.created', station: 's', actor: 'system', data: { keyId: '0123456789ABCDEF', name: 'k' } });
  const second = await appendEvent(file, { event: 'key.trusted', station: 's', actor: 'system', data: { keyId: '0123456789ABCDEF', label: 'k' } });
  const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
  const out = (await exportLedger(file, 'jsonl')).split('\n');
  assert.equal(out.length, 3);
  assert.equal(out[1], `${lines[1]!.slice(0, -1)},"hash":"${second.hash}"}`);
  const parsed = JSON.parse(out[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), ['seq', 'time', 'prev', 'event', 'station', 'actor', 'data', 'hash']);
  assert.equal(parsed.hash, hashLine(lines[0]!));
});

test('a broken ledger is not exported', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  for (let i = 0; i < 3; i++) await appendEvent(file, { event: 'document.printed', station: 's', actor: 'a', data: { document: `d${i}` } });
  const lines = (await readFile(file, 'utf8')).split('\n');
  await writeFile(file, [lines[0], lines[2], lines[1], ''].join('\n'));
  await assert.rejects(exportLedger(file, 'csv'), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-broken' && /line 2: seq 3 where 2/.test(e.message));
  await assert.rejects(exportLedger(join(dir, 'nope'), 'csv'), (e: unknown) => e instanceof SluiceError && e.code === 'ledger-missing');
});

test('findEntries filters by transfer, event (or prefix), actor and time range', async (t) => {
  const dir = await makeTempDir(t);
  const file = join(dir, 'l.ledger');
  const base = { station: 's' };
  await appendEvent(file, { ...base, event: 'transfer.verified', actor: 'alice', transferId: 'A', data: { ok: true }, time: new Date('2025-03-01T10:00:00Z') });
  await appendEvent(file, { ...base, event: 'transfer.imported', actor: 'bob', transferId: 'A', time: new Date('2025-03-02T10:00:00Z'),
    data: { keyId: '0123456789ABCDEF', source: 'low', destination: 'high', sequence: 1, manifestSha256: 'a'.repeat(64), path: '/x/A' } });
  await appendEvent(file, { ...base, event: 'document.printed', actor: 'bob', transferId: 'B', data: { document: 'r' }, time: new Date('2025-04-01T00:00:00Z') });
  const entries = await readLedger(file);
  const seqs = (q: Parameters<typeof findEntries>[1]) => findEntries(entries, q).map((e) => e.seq);
  assert.deepEqual(seqs({ transferId: 'A' }), [1, 2]);
  assert.deepEqual(seqs({ event: 'transfer.' }), [1, 2]);
  assert.deepEqual(seqs({ event: ['document.printed', 'transfer.verified'] }), [1, 3]);
  assert.deepEqual(seqs({ actor: 'bob', transferId: 'A' }), [2]);
  assert.deepEqual(seqs({ from: '2025-03-02', to: '2025-03' }), [2]);
  assert.deepEqual(seqs({ to: '2025-03-01' }), [1]);
  assert.deepEqual(seqs({}), [1, 2, 3]);
});
