// FORMAT.md §3.2: a segment is a Windows reserved name when the part before its FIRST dot, without
// trailing spaces, is a device name in any case. Expected verdicts are written out here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathProblem } from '../../../shared/format/paths';

test('reserved device names with an extension: the extension starts at the first dot; trailing spaces before it do not help', () => {
  for (const p of ['CON', 'con.txt', 'Con.tar.gz', 'CON .txt', 'con   .txt', 'docs/NUL.md', 'aux.', 'COM1', 'com¹.log', 'LPT9.x', 'CONIN$.txt', 'conout$', 'PRN .a.b']) {
    assert.match(pathProblem(p) ?? 'accepted', /Windows reserved name|ends with a dot/, p);
  }
  for (const p of ['CONsole.txt', 'icon.png', '.con', 'con-1.txt', 'COM10', 'LPT', 'a/nul-device.txt', 'CON_.txt', ' CON.txt']) {
    assert.equal(pathProblem(p), null, p);
  }
  assert.equal(pathProblem('CON .txt'), 'Windows reserved name "CON .txt"');
});

test('the path limit counts UTF-8 bytes: 240 bytes pass, 241 do not, whatever the number of characters', () => {
  assert.equal(pathProblem('a'.repeat(240)), null);
  assert.equal(pathProblem('é'.repeat(120)), null); // 120 characters, 240 bytes
  assert.match(pathProblem('é'.repeat(120) + 'a') ?? '', /longer than 240 bytes/);
  assert.match(pathProblem('日'.repeat(81)) ?? '', /longer than 240 bytes/); // 81 characters, 243 bytes
  assert.equal(pathProblem(Array.from({ length: 64 }, () => 'd').join('/')), null);
  assert.match(pathProblem(Array.from({ length: 65 }, () => 'd').join('/')) ?? '', /deeper than 64/);
});
