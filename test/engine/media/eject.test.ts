// Eject. udisks2 is not installable here in a working state (udisksd needs the system D-Bus and
// polkit; this machine runs no D-Bus daemon), so udisksctl is a fake written by the test onto PATH:
// it logs its arguments and answers as udisksctl does (success, "target is busy", other errors).
// That tests the command construction and the error handling, not udisks2 itself. The umount path
// is real: an ext4 medium on a loop device is unmounted, and refused while a process holds it open,
// naming that process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ejectMedium, udisksEject } from '../../../electron/engine/media/eject';
import { SluiceError } from '../../../electron/engine/errors';
import { ext4Medium, isMounted, mediaBench, mediaSkipReason } from '../../helpers/media';
import { makeTempDir } from '../../helpers/tmp';

const skip = mediaSkipReason();

/** A fake udisksctl on PATH for the rest of the test: `unmount` answers by `mode`, every call logged. */
async function fakeUdisksctl(t: { after: (fn: () => void) => void }, mode: 'ok' | 'busy' | 'fail' | 'no-power-off'): Promise<string> {
  const dir = await makeTempDir(t);
  const log = join(dir, 'calls.log');
  await writeFile(join(dir, 'udisksctl'), `#!/bin/sh
echo "$*" >> '${log}'
case "$1" in
  unmount)
    case '${mode}' in
      busy) echo "Error unmounting $4: GDBus.Error:org.freedesktop.UDisks2.Error.DeviceBusy: Error unmounting $4: target is busy" >&2; exit 1 ;;
      fail) echo "Error looking up object for device $4" >&2; exit 1 ;;
    esac
    echo "Unmounted $4." ;;
  power-off)
    [ '${mode}' = no-power-off ] && { echo "Error powering off drive: not supported" >&2; exit 1; }
    exit 0 ;;
esac
`);
  await chmod(join(dir, 'udisksctl'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path}`;
  t.after(() => { process.env.PATH = path; });
  return log;
}

test('udisks eject: unmount then power-off of the device, without user interaction', async (t) => {
  const log = await fakeUdisksctl(t, 'ok');
  const r = await udisksEject('/media/o/STICK', '/dev/sdz1');
  assert.deepEqual(r, { mountPoint: '/media/o/STICK', device: '/dev/sdz1', poweredOff: true, how: 'udisks' });
  assert.deepEqual((await readFile(log, 'utf8')).trim().split('\n'), ['unmount --no-user-interaction -b /dev/sdz1', 'power-off --no-user-interaction -b /dev/sdz1']);
});

test('udisks eject: a drive that cannot be powered off is still unmounted, and says so', async (t) => {
  await fakeUdisksctl(t, 'no-power-off');
  const r = await udisksEject('/media/o/STICK', '/dev/sdz1');
  assert.equal(r.poweredOff, false);
});

test('udisks eject: another failure is one clear line naming the medium and what to do; power-off is not tried', async (t) => {
  const log = await fakeUdisksctl(t, 'fail');
  await assert.rejects(udisksEject('/media/o/STICK', '/dev/sdz1'), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'eject-failed');
    assert.match(e.message, /^Cannot unmount \/media\/o\/STICK \(\/dev\/sdz1\): Error looking up object for device \/dev\/sdz1\. Eject it from the desktop/);
    return true;
  });
  assert.equal((await readFile(log, 'utf8')).trim().split('\n').length, 1);
});

test('udisks eject: "target is busy" names the process holding the medium', { skip }, async (t) => {
  const bench = await mediaBench(t);
  const m = await ext4Medium(bench.t, bench.dir, 'held', 8);
  await mkdir(join(m.mountPoint, 'docs'));
  const holder = spawn('sleep', ['60'], { cwd: join(m.mountPoint, 'docs'), stdio: 'ignore' });
  t.after(() => void holder.kill());
  await fakeUdisksctl(t, 'busy');
  await assert.rejects(udisksEject(m.mountPoint, '/dev/sdz1'), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'medium-busy');
    assert.match(e.message, new RegExp(`it is still in use by ${holder.pid} \\(sleep\\)`));
    return true;
  });
});

test('umount eject (a loop device: no udisks): refused while a process holds it, naming it; unmounted once it lets go', { skip }, async (t) => {
  const bench = await mediaBench(t);
  const m = await ext4Medium(bench.t, bench.dir, 'stick', 8);
  const holder = spawn('sleep', ['60'], { cwd: m.mountPoint, stdio: 'ignore' });
  await assert.rejects(ejectMedium(m.mountPoint), (e: unknown) => {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'medium-busy');
    assert.match(e.message, new RegExp(`Cannot eject ${m.mountPoint}: it is still in use by ${holder.pid} \\(sleep\\)\\. Close those programs`));
    return true;
  });
  assert.equal(isMounted(m.mountPoint), true, 'still mounted');
  holder.kill();
  await new Promise((r) => holder.once('exit', r));
  const r = await ejectMedium(m.mountPoint);
  assert.deepEqual([r.how, r.poweredOff, r.device], ['umount', false, m.loop]);
  assert.equal(isMounted(m.mountPoint), false);
  assert.equal(spawnSync('mountpoint', ['-q', m.mountPoint]).status !== 0, true);
});

test('eject refuses a folder that is not a mounted medium', async (t) => {
  const dir = await makeTempDir(t);
  await assert.rejects(ejectMedium('/'), /is not a mounted medium/);
  await assert.rejects(ejectMedium(dir), (e: unknown) => e instanceof SluiceError && (e.code === 'not-mounted' || e.code === 'eject-failed'));
});
