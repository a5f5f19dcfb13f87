// The owner rule for leftovers (staging folders, partial packages): gone only when provably gone —
// same host and another boot, or a pid with no process on this boot. Built from records the test
// writes, not from the code under test's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bootId, describeLeftover, hostTag, ownerGone, stagingOwner, sweepImportLeftovers, sweepPackLeftovers } from '../../../electron/engine/util/leftovers';
import { deadPid } from '../../helpers/dead-pid';
import { makeTempDir } from '../../helpers/tmp';

test('an owner is gone only on this host, and only after a reboot or with its pid dead', () => {
  const here = { host: hostTag(), boot: bootId() };
  assert.equal(ownerGone({ ...here, pid: process.pid }), false, 'a live pid on this boot');
  assert.equal(ownerGone({ ...here, pid: deadPid() }), true, 'a dead pid on this boot');
  assert.equal(ownerGone({ host: 'ffffffff', boot: here.boot, pid: deadPid() }), false, "another host's folder (a shared volume) is never ours to judge");
  if (here.boot) assert.equal(ownerGone({ ...here, boot: '000000000000', pid: process.pid }), true, 'an earlier boot, whatever the pid now');
});

test('staging names carry pid, boot and host; other names carry no owner', () => {
  assert.deepEqual(stagingOwner('.sluice-staging-1234-0123456789ab-deadbeef-Xy12Z9'), { pid: 1234, boot: '0123456789ab', host: 'deadbeef' });
  assert.deepEqual(stagingOwner('.sluice-staging-1234-nb-deadbeef-Xy12Z9'), { pid: 1234, boot: '', host: 'deadbeef' });
  for (const name of ['.sluice-staging-Xy12Z9', '.sluice-staging-0-0123456789ab-deadbeef-a', '.sluice-staging-12-0123456789AB-deadbeef-a', 'T1']) assert.equal(stagingOwner(name), null, name);
});

test('sweeps remove only dead owners\' folders of their own kind', async (t) => {
  const dir = await makeTempDir(t);
  const dead = deadPid();
  const boot = bootId() || 'nb';
  const names = [`.sluice-staging-${dead}-${boot}-${hostTag()}-aaaaaa`, `.sluice-staging-${process.pid}-${boot}-${hostTag()}-bbbbbb`, `.sluice-staging-${dead}-${boot}-ffffffff-cccccc`, '.sluice-staging-dddddd'];
  for (const n of names) await mkdir(join(dir, n));
  const found = await sweepImportLeftovers(dir);
  assert.deepEqual(found.map((l) => [l.path.slice(dir.length + 1), l.removed]), [[names[1], false], [names[2], false], [names[0], true]].sort((a, b) => String(a[0]) < String(b[0]) ? -1 : 1));
  assert.deepEqual((await readdir(dir)).sort(), names.slice(1).sort());

  const out = await makeTempDir(t);
  const record = (pid: number, tool = 'sluice') => JSON.stringify({ tool, kind: 'pack', pid, boot: bootId(), host: hostTag() });
  for (const [n, content] of [['A.partial', record(dead)], ['B.partial', record(process.pid)], ['C.partial', record(dead, 'other')], ['D.partial', null]] as const) {
    await mkdir(join(out, n));
    if (content) await writeFile(join(out, n, '.sluice-owner'), content);
  }
  const packs = await sweepPackLeftovers(out);
  assert.deepEqual(packs.map((l) => [l.path.slice(out.length + 1), l.removed]), [['A.partial', true], ['B.partial', false]]);
  assert.deepEqual((await readdir(out)).sort(), ['B.partial', 'C.partial', 'D.partial']);
});

test('a leftover is described with its path escaped: the CLI prints the line to a terminal as it is', () => {
  const owner = { pid: 42, boot: 'b', host: 'h' };
  const path = '/q/.sluice-staging-42-b-h-x\u001b[2J\u202e';
  assert.equal(describeLeftover({ path, kind: 'import', owner, removed: true }),
    'removed a leftover staging folder from an interrupted import (pid 42): /q/.sluice-staging-42-b-h-x\\u001b[2J\\u202e');
  assert.equal(describeLeftover({ path, kind: 'pack', owner, removed: false }),
    'left /q/.sluice-staging-42-b-h-x\\u001b[2J\\u202e alone: it belongs to a pack (pid 42) that is still running or on another machine');
});
