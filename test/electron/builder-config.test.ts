// electron-builder.yml: what ships, and the fuses that take Node-ish back doors out of the binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
const value = (key: string) => new RegExp(`^\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(yml)?.[1];

test('the fuses are set as the security checklist requires', () => {
  assert.match(yml, /^electronFuses:\s*$/m);
  assert.equal(value('runAsNode'), 'false');
  assert.equal(value('enableNodeOptionsEnvironmentVariable'), 'false');
  assert.equal(value('enableNodeCliInspectArguments'), 'false');
  assert.equal(value('enableEmbeddedAsarIntegrityValidation'), 'true');
  assert.equal(value('onlyLoadAppFromAsar'), 'true');
  assert.equal(value('grantFileProtocolExtraPrivileges'), 'false');
});

test('identity, packaging and targets', () => {
  assert.equal(value('productName'), 'Sluice');
  assert.equal(value('asar'), 'true');
  assert.equal(value('publish'), 'null', 'nothing to publish to: the app never updates over a network');
  for (const f of ['dist/**', 'resources/**', 'package.json']) assert.ok(yml.includes(`  - ${f}\n`), f);
  for (const t of ['AppImage', 'deb', 'nsis', 'dmg']) assert.match(yml, new RegExp(`- (target: )?${t}\\n`));
});
