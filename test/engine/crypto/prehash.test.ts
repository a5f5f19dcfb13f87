// minisign's prehash is BLAKE2b-512, computed by Node's OpenSSL when the runtime has it and by
// @noble/hashes otherwise (Electron's BoringSSL). Both must give the same digest, at every size
// around BLAKE2b's 128-byte block, or a package signed by one runtime fails to verify in the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHashes } from 'node:crypto';
import { createPrehasher, prehash } from '../../../electron/engine/crypto/minisign';

test('the native and the JavaScript BLAKE2b-512 agree, and the known answer holds', (t) => {
  if (!getHashes().includes('blake2b512')) return t.skip('this runtime has no native BLAKE2b-512');
  // RFC 7693 Appendix A: BLAKE2b-512("abc").
  const abc = Buffer.from(prehash(Buffer.from('abc'), true)).toString('hex');
  assert.equal(abc, 'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923');
  for (const n of [0, 1, 127, 128, 129, 255, 256, 1000, 1 << 20]) {
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (i * 31 + 7) & 0xff;
    assert.deepEqual(prehash(bytes, true), prehash(bytes, false), `${n} bytes`);
  }
});

test('fed in pieces, each BLAKE2b-512 gives the digest of the whole (pack signs its manifest as it writes it)', () => {
  const bytes = Buffer.alloc(5000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 17 + 3) & 0xff;
  const runtimes = getHashes().includes('blake2b512') ? [true, false] : [false];
  for (const native of runtimes) {
    for (const piece of [1, 127, 128, 129, 1000]) {
      const h = createPrehasher(native);
      for (let at = 0; at < bytes.length; at += piece) h.update(bytes.subarray(at, at + piece));
      assert.deepEqual(h.digest(), prehash(bytes, native), `${native ? 'native' : 'JavaScript'}, pieces of ${piece}`);
    }
  }
});
