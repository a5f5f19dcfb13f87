// Judging ClamAV's output: forged lines, ambiguous names, missing results and exit codes that
// disagree with the lines are errors — never clean. And the .cvd header of an official database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRun, parseClamOutput } from '../../../electron/engine/scan/clamav-output';
import { parseCvdHeader } from '../../../electron/engine/scan/clamav-database';

const judge = (code: number | null, out: string, paths: string[]) => judgeRun(code, parseClamOutput(out, new Set(paths)), paths);

test('OK and Empty file lines with exit 0 are clean', () => {
  assert.deepEqual(judge(0, '/d/a: OK\n/d/e: Empty file\n', ['/d/a', '/d/e']), { verdict: 'clean' });
});

test('a finding is read with its signature, also for names that hold ": " and " FOUND"', () => {
  const paths = ['/d/a', '/d/a: OK', '/d/x: Fake FOUND'];
  const out = '/d/a: OK\n/d/a: OK: Real.Sig FOUND\n/d/x: Fake FOUND: OK\n';
  assert.deepEqual(judge(1, out, paths), { verdict: 'found', findings: [{ path: '/d/a: OK', signature: 'Real.Sig' }] });
});

test('a file without a result line, an unknown line or an unreadable result is an error, even with exit 0', () => {
  for (const [out, paths] of [
    ['/d/a: OK\n', ['/d/a', '/d/b']],
    ['/d/a: OK\n/elsewhere: OK\n', ['/d/a']],
    ['/d/a: Symbolic link\n', ['/d/a']],
    ['/d/a: Access denied. ERROR\n', ['/d/a']],
    ['', ['/d/a']],
  ] as [string, string[]][]) {
    const j = judge(0, out, paths);
    assert.equal(j.verdict, 'error', JSON.stringify(out));
  }
});

test('exit codes that disagree with the lines, exit 2 and a kill are errors', () => {
  assert.equal(judge(1, '/d/a: OK\n', ['/d/a']).verdict, 'error', '1 without a finding');
  assert.equal(judge(0, '/d/a: Sig FOUND\n', ['/d/a']).verdict, 'error', '0 with a finding');
  assert.equal(judge(2, '/d/a: OK\n', ['/d/a']).verdict, 'error');
  assert.equal(judge(null, '/d/a: OK\n', ['/d/a']).verdict, 'error');
  assert.equal(judge(40, '/d/a: OK\n', ['/d/a']).verdict, 'error');
  // Exit 2 because another file failed: the finding still refuses, and is shown.
  assert.deepEqual(judge(2, '/d/a: Sig FOUND\n', ['/d/a', '/d/b']), { verdict: 'found', findings: [{ path: '/d/a', signature: 'Sig' }] });
});

test('a file ClamAV could not scan completely (limits) is av-scan-incomplete, not clean and not a finding', () => {
  const j = judge(1, '/d/big: Heuristics.Limits.Exceeded.MaxFileSize FOUND\n/d/a: OK\n', ['/d/big', '/d/a']);
  assert.equal(j.verdict, 'error');
  assert.equal(j.verdict === 'error' && j.code, 'av-scan-incomplete');
  assert.match(j.verdict === 'error' ? j.problems[0]!.reason : '', /too large .* to scan completely \(Heuristics\.Limits\.Exceeded\.MaxFileSize\)/);
});

test('the header of a .cvd file gives its version and build time', () => {
  const header = 'ClamAV-VDB:28 Nov 2026 09-30 +0000:27456:2071234:90:0123456789abcdef0123456789abcdef:sig:raynman:1795858200'.padEnd(512, ' ');
  assert.deepEqual(parseCvdHeader(header), { version: '27456', date: '2026-11-28T09:30:00Z' });
  assert.equal(parseCvdHeader('not a database'), null);
  assert.deepEqual(parseCvdHeader('ClamAV-VDB:x:62:1:2:3:4:5:'), { version: '62' });
});
