// scanSources(): every refusal at once, each naming its path and reason; never follows links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanSources } from '../../../electron/engine/pack/scan';
import { SluiceError } from '../../../electron/engine/errors';
import { makeTempDir } from '../../helpers/tmp';
import { MTIME, run, writeTree } from './fixtures';
import { fileURLToPath } from 'node:url';

async function refusals(paths: string[]): Promise<{ path: string; reason: string }[]> {
  try {
    await scanSources(paths);
  } catch (e) {
    assert.ok(e instanceof SluiceError, String(e));
    assert.equal(e.code, 'sources-refused');
    return [...e.details];
  }
  assert.fail('scanSources accepted sources it should refuse');
}

function refused(list: { path: string; reason: string }[], path: string, reason: RegExp): void {
  const hit = list.find((r) => r.path === path);
  assert.ok(hit, `${path} not refused; refusals: ${JSON.stringify(list)}`);
  assert.match(hit.reason, reason);
}

test('symlinks, FIFOs, colliding names, backslashes and out-of-range mtimes are all refused in one error', async (t) => {
  const root = await makeTempDir(t);
  const src = join(root, 'src');
  await writeTree(src, { 'ok.txt': 'fine', 'README': 'upper', 'readme': 'lower', 'back\\slash.txt': 'x', 'sub/old.txt': 'y' });
  await symlink('ok.txt', join(src, 'link'));
  assert.equal(run('mkfifo', [join(src, 'pipe')]).code, 0);
  await utimes(join(src, 'sub/old.txt'), MTIME, 2 ** 31 + 100);
  const list = await refusals([src]);
  refused(list, join(src, 'link'), /symbolic link/);
  refused(list, join(src, 'pipe'), /FIFO/);
  refused(list, join(src, 'back\\slash.txt'), /backslash/);
  refused(list, join(src, 'sub/old.txt'), /outside 1970–2038/);
  const readme = list.filter((r) => /collides with/.test(r.reason));
  assert.equal(readme.length, 1, JSON.stringify(list));
  assert.ok([join(src, 'README'), join(src, 'readme')].includes(readme[0]!.path));
  assert.equal(list.length, 5, JSON.stringify(list));
});

test('the same basename from two sources is refused', async (t) => {
  const root = await makeTempDir(t);
  await writeTree(root, { 'a/data.txt': '1', 'b/data.txt': '2' });
  const list = await refusals([join(root, 'a/data.txt'), join(root, 'b/data.txt')]);
  refused(list, join(root, 'b/data.txt'), /same name/);
});

test('a symlink given directly as a source is refused, not followed', async (t) => {
  const root = await makeTempDir(t);
  await writeTree(root, { 'dir/f.txt': 'x' });
  await symlink(join(root, 'dir'), join(root, 'alias'));
  refused(await refusals([join(root, 'alias')]), join(root, 'alias'), /symbolic link/);
});

test('a missing source and a non-NFC name are refused', async (t) => {
  const root = await makeTempDir(t);
  const nfd = 'cafe\u0301.txt';
  await writeFile(join(root, nfd), 'x');
  const list = await refusals([join(root, 'missing'), join(root, nfd)]);
  refused(list, join(root, 'missing'), /ENOENT/);
  refused(list, join(root, nfd), /NFC/);
});

test('an unreadable file is refused', async (t) => {
  const root = await makeTempDir(t);
  await writeTree(root, { 'secret.txt': 'x' });
  await chmod(join(root, 'secret.txt'), 0o000);
  // Root reads a mode-000 file anyway, so as root the scan runs in a child without the capabilities
  // that bypass file permissions (setpriv), which is what an operator's unprivileged account sees.
  // It stays uid 0 so it can still load tsx from a clone inside a 0700 directory.
  const list = process.getuid?.() === 0 ? await refusalsWithoutDacOverride(t, join(root, 'secret.txt')) : await refusals([join(root, 'secret.txt')]);
  refused(list, join(root, 'secret.txt'), /EACCES/);
});

/** Runs scanSources([path]) as root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH and returns its refusals. */
async function refusalsWithoutDacOverride(t: { diagnostic(m: string): void }, path: string): Promise<{ path: string; reason: string }[]> {
  const repo = fileURLToPath(new URL('../../..', import.meta.url));
  const script = `import { scanSources } from ${JSON.stringify(join(repo, 'electron/engine/pack/scan.ts'))};
try { await scanSources([${JSON.stringify(path)}]); console.log('[]'); }
catch (e) { console.log(JSON.stringify(e.details ?? [{ path: '?', reason: String(e) }])); }`;
  const r = run('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, env: { ...process.env, HOME: '/tmp' } });
  t.diagnostic(r.stderr);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test('accepted sources come back sorted by UTF-8 bytes, directories before their contents, with sizes and modes', async (t) => {
  const root = await makeTempDir(t);
  await mkdir(join(root, 'src'));
  await writeTree(join(root, 'src'), { 'dir-2/x': 'ab', 'dir/y': 'abc', 'Z': '', 'é': 'e', 'dir/exec': 'run' }, ['dir/exec']);
  const scan = await scanSources([join(root, 'src')]);
  assert.deepEqual(scan.entries.map((e) => `${e.path}:${e.type}:${e.size}:${e.mode}`), [
    'src:dir:0:0755', 'src/Z:file:0:0644', 'src/dir:dir:0:0755', 'src/dir-2:dir:0:0755', 'src/dir-2/x:file:2:0644',
    'src/dir/exec:file:3:0755', 'src/dir/y:file:3:0644', 'src/é:file:1:0644',
  ]);
  assert.deepEqual([scan.files, scan.directories, scan.bytes], [5, 3, 9]);
});
