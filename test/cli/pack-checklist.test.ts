// `sluice pack --seal / --checklist / --require-witnesses` through the real CLI: what goes into the
// signed manifest, and every refusal (exit 2, naming the item, nothing packed, no sequence used).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/format/manifest';
import { makeTempDir } from '../helpers/tmp';
import { runCli } from '../helpers/cli';
import { makeTestKey, TEST_PASSPHRASE } from '../helpers/keys';

/** Every required answer of the shipped export-pre template. */
const COMPLETE = {
  'sources-approved': true,
  'vendor-checksums': 'Checked, all match',
  'content-reviewed': true,
  'sources-scanned': true,
  'media-fresh': true,
};

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = await makeTempDir(t);
  const key = await makeTestKey(dir);
  await writeFile(join(dir, 'pass'), `${TEST_PASSPHRASE}\n`);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'report.txt'), 'quarterly numbers\n');
  await mkdir(join(dir, 'out'));
  await mkdir(join(dir, 'home'));
  const base = ['pack', join(dir, 'src'), '--key', key.keyFile, '--passphrase-file', join(dir, 'pass'), '--out', join(dir, 'out'), '--from', 'LOW', '--to', 'HIGH', '--state', join(dir, 'state.json')];
  const checklist = async (content: unknown, name = 'answers.json') => {
    const file = join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  // An empty SLUICE_HOME: the shipped template applies unless a test puts an override there.
  const env = { SLUICE_HOME: join(dir, 'home') };
  const nothingPacked = async () => {
    assert.deepEqual(await readdir(join(dir, 'out')), []);
    assert.equal((await readdir(dir)).includes('state.json'), false, 'no sequence number was used');
  };
  return { dir, base, checklist, env, nothingPacked };
}

test('--seal is signed into manifest.json (grep finds it) and --require-witnesses declares cosign', async (t) => {
  const { base, env } = await setup(t);
  const r = await runCli([...base, '--seal', 'SEAL-4711', '--require-witnesses', '2'], { env });
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8');
  assert.ok(text.split('\n').some((l) => l.includes('SEAL-4711')), 'grep SEAL-4711 manifest.json');
  const parsed = parseManifest(text);
  assert.ok(parsed.ok);
  assert.equal(parsed.manifest.seal, 'SEAL-4711');
  assert.deepEqual(parsed.manifest.critical, ['cosign']);
  assert.deepEqual(parsed.manifest.cosign, { witnesses: 2 });
  assert.match(r.stderr, /Seal: +SEAL-4711/);
});

test('a malformed --seal or --require-witnesses is exit 2 and nothing is packed', async (t) => {
  const { base, env, nothingPacked } = await setup(t);
  for (const seal of ['AB', 'SEAL 4711']) {
    const r = await runCli([...base, '--seal', seal], { env });
    assert.equal(r.code, 2, seal);
    assert.match(r.stderr, /--seal must be/);
  }
  for (const n of ['0', '17']) {
    const r = await runCli([...base, '--require-witnesses', n], { env });
    assert.equal(r.code, 2, n);
    assert.match(r.stderr, /--require-witnesses must be a whole number from 1 to 16/);
  }
  await nothingPacked();
});

test('--checklist with missing required answers is exit 2 naming each item id; nothing packed', async (t) => {
  const { base, checklist, env, nothingPacked } = await setup(t);
  const { 'content-reviewed': _, 'media-fresh': __, ...partial } = COMPLETE;
  const r = await runCli([...base, '--checklist', await checklist({ by: 'alice', answers: { ...partial, 'vendor-checksums': 'Looks fine' } })], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /nothing was packed/);
  assert.match(r.stderr, /^ {2}content-reviewed: must be confirmed/m);
  assert.match(r.stderr, /^ {2}media-fresh: must be confirmed/m);
  assert.match(r.stderr, /^ {2}vendor-checksums: is not one of the options/m);
  assert.doesNotMatch(r.stderr, /sources-approved|internal error/);
  await nothingPacked();
});

test('--checklist with every answer: the records, with "by" and a time, are in the signed manifest', async (t) => {
  const { base, checklist, env } = await setup(t);
  const file = await checklist({ by: 'alice', answers: { ...COMPLETE, 'ticket-reference': ' CHG-42 ' } });
  const r = await runCli([...base, '--checklist', file, '--seal', 'SEAL-4711'], { env });
  assert.equal(r.code, 0, r.stderr);
  const parsed = parseManifest(await readFile(join(r.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.ok(parsed.ok);
  const m = parsed.manifest;
  assert.equal(m.operator, 'alice', 'the person who answered is the operator');
  assert.deepEqual(m.checklist.map((c) => [c.stage, c.itemId, c.value, c.by]), [
    ['export-pre', 'sources-approved', true, 'alice'],
    ['export-pre', 'vendor-checksums', 'Checked, all match', 'alice'],
    ['export-pre', 'content-reviewed', true, 'alice'],
    ['export-pre', 'sources-scanned', true, 'alice'],
    ['export-pre', 'media-fresh', true, 'alice'],
    ['export-pre', 'ticket-reference', 'CHG-42', 'alice'],
  ]);
  assert.ok(m.checklist.every((c) => c.at === m.created), 'answered at the time of packing');
});

test('a checklist file that is unreadable, not JSON, not strict, or answers unknown items is exit 2 naming the file', async (t) => {
  const { dir, base, checklist, env, nothingPacked } = await setup(t);
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.json'), /cannot read the checklist file .*missing\.json: ENOENT/],
    [await checklist('{ "by": "alice", ', 'broken.json'), /broken\.json is not valid JSON/],
    [await checklist({ by: 'alice', answers: COMPLETE, extra: 1 }, 'extra.json'), /extra\.json is not a checklist answer file/],
    [await checklist({ answers: COMPLETE }, 'noby.json'), /noby\.json is not a checklist answer file[\s\S]*by:/],
    [await checklist({ by: 'alice', answers: { ...COMPLETE, 'media-fresh': 1 } }, 'number.json'), /number\.json is not a checklist answer file[\s\S]*answers\.media-fresh/],
    [await checklist({ by: 'alice', answers: { ...COMPLETE, 'av-scan': 'Done, clean' } }, 'unknown.json'), /^ {2}av-scan: is not an item of the "Before packing" checklist/m],
  ];
  for (const [file, expected] of cases) {
    const r = await runCli([...base, '--checklist', file], { env });
    assert.equal(r.code, 2, file);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /internal error/);
  }
  await nothingPacked();
});

test('an --operator other than the checklist\'s "by" is exit 2', async (t) => {
  const { base, checklist, env, nothingPacked } = await setup(t);
  const r = await runCli([...base, '--operator', 'mallory', '--checklist', await checklist({ by: 'alice', answers: COMPLETE })], { env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--operator mallory differs from "by"/);
  await nothingPacked();
});

test('the station template ($SLUICE_HOME/checklists/export-pre.json) and --checklist-template override the shipped one; a blocking answer refuses packing', async (t) => {
  const { dir, base, checklist, env, nothingPacked } = await setup(t);
  const template = {
    template: 'sluice-checklist/1', stage: 'export-pre', title: 'Station rules',
    items: [{ id: 'origin', kind: 'choice', required: true, label: 'Origin of the data', options: ['Approved', 'Unknown (refuse)'], blocksApproval: ['Unknown (refuse)'] }],
  };
  await mkdir(join(dir, 'home', 'checklists'));
  await writeFile(join(dir, 'home', 'checklists', 'export-pre.json'), JSON.stringify(template));
  const blocked = await runCli([...base, '--checklist', await checklist({ by: 'alice', answers: { origin: 'Unknown (refuse)' } })], { env });
  assert.equal(blocked.code, 2, blocked.stderr);
  assert.match(blocked.stderr, /packing refused by the checklist/);
  assert.match(blocked.stderr, /^ {2}origin: Origin of the data: Unknown \(refuse\)$/m);
  // The shipped template's answers are unknown items under the station's template.
  const shipped = await runCli([...base, '--checklist', await checklist({ by: 'alice', answers: COMPLETE }, 'shipped.json')], { env });
  assert.equal(shipped.code, 2);
  assert.match(shipped.stderr, /sources-approved: is not an item of the "Station rules" checklist/);
  await nothingPacked();

  const explicit = join(dir, 'explicit.json');
  await writeFile(explicit, JSON.stringify({ ...template, title: 'Explicit', items: [{ id: 'ok', kind: 'confirm', required: true, label: 'OK' }] }));
  const good = await runCli([...base, '--checklist-template', explicit, '--checklist', await checklist({ by: 'alice', answers: { ok: true } }, 'ok.json')], { env });
  assert.equal(good.code, 0, good.stderr);
  const m = JSON.parse(await readFile(join(good.stdout.trim(), 'manifest.json'), 'utf8'));
  assert.deepEqual(m.checklist.map((c: { itemId: string }) => c.itemId), ['ok']);

  const wrongStage = join(dir, 'wrong-stage.json');
  await writeFile(wrongStage, JSON.stringify({ ...template, stage: 'import' }));
  const wrong = await runCli([...base, '--checklist-template', wrongStage, '--checklist', await checklist({ by: 'alice', answers: { origin: 'Approved' } }, 'w.json')], { env });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /is the template for stage "import"; this needs the "export-pre" template/);
});
