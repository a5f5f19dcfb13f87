import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathGrants } from '../../../electron/app/path-grants';
import { SluiceError } from '../../../electron/engine/errors';

test('a granted file covers itself only; a granted folder covers what is inside it', () => {
  const g = new PathGrants();
  g.grant('/media/usb/key.pub');
  g.grantTree('/home/op/export');
  assert.equal(g.allows('/media/usb/key.pub'), true);
  assert.equal(g.allows('/media/usb/other.pub'), false);
  assert.equal(g.allows('/media/usb'), false);
  assert.equal(g.allows('/home/op/export'), true);
  assert.equal(g.allows('/home/op/export/a/b.txt'), true);
  assert.equal(g.allows('/home/op/export/../secret'), false, 'resolved before checking');
  assert.equal(g.allows('/home/op/exporter'), false, 'a sibling with the same prefix is not inside');
  assert.equal(g.allows('relative/path'), false);
  assert.equal(g.allows('/etc/passwd'), false);
});

test('require names every refused path', () => {
  const g = new PathGrants();
  g.grantTree('/ok');
  assert.deepEqual(g.require(['/ok/a']), ['/ok/a']);
  assert.throws(() => g.require(['/ok/a', '/etc/shadow', '/root']), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'path-not-granted');
    assert.deepEqual(e.details.map((d) => d.path), ['/etc/shadow', '/root']);
    return true;
  });
});
