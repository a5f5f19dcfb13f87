// Choosing how Chromium is cut off from the network: the SLUICE_PRINT_NETNS setting and the probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { netnsMode, netnsPrefix, probeNetns } from '../../../electron/engine/print/netns';
import { SluiceError } from '../../../electron/engine/errors';

test('SLUICE_PRINT_NETNS is auto by default, off or require when asked, and anything else is refused', () => {
  assert.equal(netnsMode({}), 'auto');
  assert.equal(netnsMode({ SLUICE_PRINT_NETNS: ' Auto ' }), 'auto');
  assert.equal(netnsMode({ SLUICE_PRINT_NETNS: 'off' }), 'off');
  assert.equal(netnsMode({ SLUICE_PRINT_NETNS: 'REQUIRE' }), 'require');
  assert.throws(
    () => netnsMode({ SLUICE_PRINT_NETNS: 'no\u001b[2Kthanks' }),
    (e: unknown) => e instanceof SluiceError && e.code === 'bad-setting' && /auto, off or require/.test(e.message) && !e.message.includes('\u001b'),
  );
});

test('no namespace off Linux or without unshare; off never probes', async () => {
  assert.equal(await probeNetns('darwin'), null);
  assert.equal(await probeNetns('win32'), null);
  assert.equal(await probeNetns('linux', ['/nonexistent/unshare']), null);
  assert.equal(await netnsPrefix('off'), null);
});

test('on this machine the probe agrees with unshare itself, and require refuses only when there is none', async () => {
  const works = (flags: string[]) => spawnSync('unshare', [...flags, '--', 'true']).status === 0;
  const expected = works(['-n']) ? ['-n'] : works(['-rn']) ? ['-rn'] : null;
  const prefix = await probeNetns();
  assert.deepEqual(prefix?.slice(1), expected ? [...expected, '--'] : undefined);
  if (prefix) assert.deepEqual(await netnsPrefix('require'), prefix);
  else await assert.rejects(netnsPrefix('require'), (e: unknown) => e instanceof SluiceError && e.code === 'no-netns');
});
