import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brokenLines, escapeHtml, pathHtml, pathLines, pathPieces, textColumns, wrapWords } from '../../../shared/print/escape';

test('escapeHtml neutralises markup in text and in quoted attributes', () => {
  assert.equal(escapeHtml('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(escapeHtml(`"><img src=x onerror=alert(2)>`), '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  assert.equal(escapeHtml(`a & b's \`c\``), 'a &amp; b&#39;s &#96;c&#96;');
  assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'already-escaped text is escaped again, not trusted');
});

test('escapeHtml replaces control characters and lone surrogates, keeps real text', () => {
  // Visible escapes, not U+FFFD: the paper shows which character the package held.
  assert.equal(escapeHtml('a\u0000b\u001bc\u009fd'), 'a\\u0000b\\u001bc\\u009fd');
  assert.equal(escapeHtml('x\ud800y'), 'x\\ud800y');
  assert.equal(escapeHtml('\udc00'), '\\udc00');
  // Bidi overrides and isolates, zero-width characters, line separators: visible, never applied.
  assert.equal(escapeHtml('invoice\u202etxt.exe \u2066x\u2069 re\u200badme \u2028'), 'invoice\\u202etxt.exe \\u2066x\\u2069 re\\u200badme \\u2028');
  assert.equal(escapeHtml('a\tb\nc'), 'a\tb\nc');
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

test('pathHtml offers breaks only after separators, and escapes every piece', () => {
  assert.equal(pathHtml('docs/maps/north-sector_v2.tar'), 'docs/<wbr>maps/<wbr>north-<wbr>sector_<wbr>v2.<wbr>tar');
  assert.equal(pathHtml('a<b>/c&d'), 'a&lt;b&gt;/<wbr>c&amp;d');
  assert.equal(pathHtml('plainname'), 'plainname');
  assert.deepEqual(pathPieces('/abs/x/'), ['/', 'abs/', 'x/']);
  assert.equal(pathHtml('docs/x').replace(/<wbr>/g, ''), 'docs/x', 'no character is added');
});

test('pathLines breaks between pieces, and inside one only when it is wider than the line', () => {
  assert.equal(pathLines('', 10), 1);
  assert.equal(pathLines('abc/defgh', 10), 1);
  // "abcdef/" fits, "ghijk" does not fit after it: a new line, never "abcdef/ghi" + "jk"
  assert.equal(pathLines('abcdef/ghijk', 10), 2);
  assert.equal(brokenLines('abcdef/ghijk', 10), 2);
  assert.equal(pathLines('abcdef/ghijklmn', 10), 2, 'broken anywhere would also take 2, but at the slash');
  // a 25-character segment alone: starts its own line and is broken as a fallback (3 lines of 10)
  assert.equal(pathLines(`ab/${'x'.repeat(25)}`, 10), 4);
  assert.ok(pathLines('a/bb/ccc/dddd/eeeee/ffffff', 8) >= brokenLines('a/bb/ccc/dddd/eeeee/ffffff', 8));
  assert.equal(pathLines('資料/資料', 6), 2, 'wide characters count two columns');
  assert.equal(pathLines('資料/資料資料', 6), 3, 'a piece wider than the line: its own line, then broken');
});
