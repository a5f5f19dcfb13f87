import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathGrants } from '../../../electron/app/path-grants';
import { SluiceError } from '../../../electron/engine/errors';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

// Symlinks: the grant is checked against the filesystem, not the spelling (issue 9 §6). Built from
// real links in a temp folder; each case names what a lexical check would have let through.
test('a symlink inside a granted folder that points outside is refused, and so is any path through it', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sluice-grants-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const granted = join(root, 'granted');
  const outside = join(root, 'outside');
  await mkdir(join(granted, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'not yours\n');
  await writeFile(join(granted, 'sub', 'ok.txt'), 'yours\n');
  await symlink(outside, join(granted, 'to-outside'));
  await symlink(join(outside, 'secret.txt'), join(granted, 'secret-link.txt'));
  await symlink(join(root, 'nowhere'), join(granted, 'dangling'));
  await symlink(join(granted, 'sub'), join(granted, 'to-sub'));

  const g = new PathGrants();
  g.grantTree(granted);
  assert.equal(g.allows(join(granted, 'sub', 'ok.txt')), true);
  assert.equal(g.allows(join(granted, 'to-outside')), false, 'the link itself (a folder outside)');
  assert.equal(g.allows(join(granted, 'to-outside', 'secret.txt')), false, 'a path through the link');
  assert.equal(g.allows(join(granted, 'secret-link.txt')), false, 'a file link pointing outside');
  assert.equal(g.allows(join(granted, 'dangling')), false, 'a dangling link (writing to it would create a file outside)');
  assert.equal(g.allows(join(granted, 'dangling', 'x')), false, 'a path through a dangling link');
  assert.equal(g.allows(join(granted, 'to-sub')), false, 'a link as the last component is never followed from a folder grant');
  assert.equal(g.allows(join(granted, 'to-sub', 'ok.txt')), true, 'a link above the last component that stays inside is harmless');
  assert.deepEqual(g.require([join(granted, 'to-sub', 'ok.txt')]), [join(granted, 'sub', 'ok.txt')], 'handlers get the resolved path');
  assert.throws(() => g.require([join(granted, 'to-outside', 'secret.txt')]), (e: unknown) => e instanceof SluiceError && e.code === 'path-not-granted');

  // The link is re-pointed after the grant: the old spelling no longer reaches anything new.
  const inside = new PathGrants();
  inside.grantTree(granted);
  await rm(join(granted, 'sub'), { recursive: true });
  await symlink(outside, join(granted, 'sub'));
  assert.equal(inside.allows(join(granted, 'sub', 'secret.txt')), false, 'a folder swapped for a link after the grant');
});

test('a link the person chose in a dialog is honoured as that link; a chosen folder that is a link covers its target', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sluice-grants-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const real = join(root, 'media-real');
  await mkdir(real);
  await writeFile(join(real, 'key.pub'), 'k\n');
  await symlink(real, join(root, 'media'));
  await symlink(join(real, 'key.pub'), join(root, 'key-link.pub'));
  const g = new PathGrants();
  g.grantTree(join(root, 'media'));
  g.grant(join(root, 'key-link.pub'));
  assert.equal(g.allows(join(root, 'media', 'key.pub')), true);
  assert.equal(g.allows(join(real, 'key.pub')), true, 'the same file by its real name');
  assert.equal(g.allows(join(root, 'media')), true);
  assert.equal(g.allows(join(root, 'key-link.pub')), true);
  assert.equal(g.allows(join(root, 'other.pub')), false);
});
