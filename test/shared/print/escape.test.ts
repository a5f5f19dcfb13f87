import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brokenLines, escapeHtml, textColumns, wrapWords } from '../../../shared/print/escape';

test('escapeHtml neutralises markup in text and in quoted attributes', () => {
  assert.equal(escapeHtml('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(escapeHtml(`"><img src=x onerror=alert(2)>`), '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  assert.equal(escapeHtml(`a & b's \`c\``), 'a &amp; b&#39;s &#96;c&#96;');
  assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'already-escaped text is escaped again, not trusted');
});

test('escapeHtml replaces control characters and lone surrogates, keeps real text', () => {
  assert.equal(escapeHtml('a\u0000b\u001bc\u009fd'), 'a\ufffdb\ufffdc\ufffdd');
  assert.equal(escapeHtml('x\ud800y'), 'x\ufffdy');
  assert.equal(escapeHtml('\udc00'), '\ufffd');
  assert.equal(escapeHtml('日本 😀 é'), '日本 😀 é');
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml(42), '42');
});

test('textColumns counts wide characters twice', () => {
  assert.equal(textColumns('abc'), 3);
  assert.equal(textColumns('日本'), 4);
  assert.equal(textColumns('😀a'), 3);
});

test('brokenLines counts lines of text broken anywhere', () => {
  assert.equal(brokenLines('', 10), 1);
  assert.equal(brokenLines('a'.repeat(32), 32), 1);
  assert.equal(brokenLines('a'.repeat(64), 32), 2);
  assert.equal(brokenLines('a'.repeat(65), 32), 3);
  // a wide character never straddles two lines
  assert.equal(brokenLines('aaa日', 4), 2);
});

test('wrapWords wraps at spaces and breaks words longer than a line', () => {
  assert.deepEqual(wrapWords('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrapWords('abcdefghijkl xy', 5), ['abcde', 'fghij', 'kl xy']);
  assert.deepEqual(wrapWords('', 5), ['']);
  for (const line of wrapWords('lorem ipsum '.repeat(40) + 'x'.repeat(200), 33)) assert.ok(textColumns(line) <= 33, line);
});
