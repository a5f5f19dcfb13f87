import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration, formatRate, groupHex, parseDuration, parseSize, percent } from '../../shared/units';

test('formatBytes uses binary units with three significant digits', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(10 * 1024 * 1024), '10.0 MiB');
  assert.equal(formatBytes(8 * 1024 ** 3 + 513), '8.00 GiB');
  assert.equal(formatBytes(150 * 1024 ** 4), '150 TiB');
  assert.equal(formatBytes(-1), '—');
});

test('formatRate and formatDuration', () => {
  assert.equal(formatRate(312 * 1024 * 1024), '312 MiB/s');
  assert.equal(formatRate(0), '—');
  assert.equal(formatDuration(45.4), '45 s');
  assert.equal(formatDuration(185), '3 min 05 s');
  assert.equal(formatDuration(7620), '2 h 07 min');
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(Infinity), '—');
});

test('percent clamps and handles an empty total', () => {
  assert.equal(percent(50, 200), 25);
  assert.equal(percent(300, 200), 100);
  assert.equal(percent(0, 0), 100);
});

test('groupHex groups by four, optionally per line', () => {
  assert.equal(groupHex('3f9a1c22abcd'), '3f9a 1c22 abcd');
  assert.equal(groupHex('aaaabbbbccccdddd', 2), 'aaaa bbbb\ncccc dddd');
});

test('parseSize and parseDuration accept what people type and refuse the rest', () => {
  assert.equal(parseSize('4G'), 4 * 1024 ** 3);
  assert.equal(parseSize('700M'), 700 * 1024 ** 2);
  assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('64k'), 65536);
  assert.equal(parseSize('4294967295'), 4294967295);
  assert.equal(parseSize('four'), null);
  assert.equal(parseSize('-1G'), null);
  assert.equal(parseDuration('30d'), 30 * 86400);
  assert.equal(parseDuration('12h'), 43200);
  assert.equal(parseDuration('0d'), null);
  assert.equal(parseDuration('1y'), null);
});
