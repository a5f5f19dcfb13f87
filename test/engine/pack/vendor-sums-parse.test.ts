// The strict reader of vendor checksum files: names recognised, every line understood or the whole
// file not used, names kept inside the checksum file's folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChecksums, recognizeChecksumFile, signatureKind, type ChecksumFileKind } from '../../../electron/engine/pack/vendor-sums-parse';

const H = 'ab'.repeat(32);
const LIST: ChecksumFileKind = { kind: 'list', algorithm: 'sha256' };
const ANY: ChecksumFileKind = { kind: 'list', algorithm: null };
const parse = (text: string, kind: ChecksumFileKind = LIST) => parseChecksums(Buffer.from(text, 'utf8'), kind);
const reason = (text: string, kind?: ChecksumFileKind) => {
  const r = parse(text, kind);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to be refused`);
  return (r as { reason: string }).reason;
};

test('checksum files are recognised by name as vendors write them', () => {
  for (const n of ['SHA256SUMS', 'sha256sums.txt', 'terraform_1.5.0_SHA256SUMS', 'app-checksums.txt', 'CHECKSUMS.txt', 'checksums', 'x.tgz.sha256sum']) {
    assert.equal(recognizeChecksumFile(n)?.kind, 'list', n);
  }
  assert.deepEqual(recognizeChecksumFile('SHA512SUMS'), { kind: 'list', algorithm: 'sha512' });
  assert.deepEqual(recognizeChecksumFile('CHECKSUMS.txt'), { kind: 'list', algorithm: null });
  assert.deepEqual(recognizeChecksumFile('kubectl.SHA256'), { kind: 'sidecar', algorithm: 'sha256', target: 'kubectl' });
  for (const n of ['.sha256', 'README.txt', 'SHA256SUMS.minisig', 'sha256sums.go', 'mychecksums.txt.bak']) assert.equal(recognizeChecksumFile(n), null, n);
});

test('signature files beside a checksum file are recognised by name', () => {
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.minisig'), 'minisign');
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.asc'), 'openpgp');
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.gpg'), 'openpgp');
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.sig'), 'detached');
  assert.equal(signatureKind('t_SHA256SUMS', 't_SHA256SUMS.72D7468F.sig'), 'detached');
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.sigstore.json'), 'sigstore-bundle');
  assert.equal(signatureKind('SHA256SUMS', 'SHA256SUMS.txt'), null);
  assert.equal(signatureKind('SHA256SUMS', 'OTHER.sig'), null);
});

test('GNU lines: text and binary mode, ./ dropped, comments, blank lines and CRLF accepted', () => {
  const r = parse(`# vendor release\n${H}  a.txt\r\n\n${H.toUpperCase()} *./bin/b\n${H}  c d\n`);
  assert.deepEqual(r, { ok: true, format: 'gnu', algorithm: 'sha256', files: [
    { name: 'a.txt', digest: H, line: 2 }, { name: 'bin/b', digest: H, line: 4 }, { name: 'c d', digest: H, line: 5 },
  ] });
});

test('BSD lines and bare sidecars', () => {
  assert.deepEqual(parse(`SHA256 (x (1).tar) = ${H}\n`), { ok: true, format: 'bsd', algorithm: 'sha256', files: [{ name: 'x (1).tar', digest: H, line: 1 }] });
  assert.deepEqual(parse(`${H}\n`, { kind: 'sidecar', algorithm: 'sha256', target: 'k.bin' }), { ok: true, format: 'bare', algorithm: 'sha256', files: [{ name: 'k.bin', digest: H, line: 1 }] });
  assert.equal((parse(`SHA512 (a) = ${'cd'.repeat(64)}\n`, ANY) as { algorithm: string }).algorithm, 'sha512');
});

test('anything not understood makes the whole file unused, with the line named and hostile text escaped', () => {
  assert.match(reason(`${H}  ../etc/passwd\n`), /^line 1 names "\.\.\/etc\/passwd", not a file inside the checksum file's folder \("\.\." segment in path\)$/);
  assert.match(reason(`${H}  /etc/passwd\n`), /absolute path/);
  assert.match(reason(`${H}  a\n${H}  ./a\n`), /line 2 lists a a second time/);
  assert.match(reason(`${H}  a\nSHA256 (b) = ${H}\n`), /line 2 mixes GNU and BSD formats/);
  assert.match(reason(`${'cd'.repeat(64)}  a\n`), /line 1 is SHA512, the file's other lines or name say SHA256/);
  assert.match(reason(`${H}  a\n${'cd'.repeat(64)}  b\n`, ANY), /line 2 is SHA512/);
  assert.match(reason(`${H.slice(2)}  a\n`), /62-digit digest/);
  assert.match(reason(`${H} a\n`), /line 1 is not a checksum line/);
  assert.match(reason(`\\${H}  a\\tb\n`), /line 1 is not a checksum line/);
  // GNU's escaped form is decoded, and what it can hold (a backslash, a newline) is no portable name.
  assert.match(reason(`\\${H}  c\\\\d\n`), /^line 1 names "c\\\\d", .*backslash in path/);
  assert.match(reason(`\\${H}  c\\nd\n`), /^line 1 names "c\\u000ad", /);
  assert.match(reason(`${H}  a\u202e.txt\n`), /^line 1 names "a\\u202e\.txt"/);
  assert.match(reason('\ufeff' + `${H}  a\n`), /byte order mark/);
  assert.equal(parseChecksums(Buffer.from([0xff, 0x0a]), LIST).ok, false);
  assert.match(reason('# only a comment\n'), /lists no files/);
  assert.match(reason(`${H.slice(0, 60)}\n`, { kind: 'sidecar', algorithm: 'sha256', target: 'k' }), /60-digit digest, not SHA256/);
  assert.match(parseChecksums(Buffer.alloc(4 * 1024 * 1024 + 1, 0x61), LIST).ok ? '' : 'refused', /refused/);
});
