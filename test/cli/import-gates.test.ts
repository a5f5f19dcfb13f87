// `sluice import --seal / --checklist / --require-witnesses` through the real CLI: the seal and the
// import checklist are judged against the signed manifest before anything is extracted, with the
// same policy as the app. Exit 2 records nothing; exit 1 imports nothing and records why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { makeFixture, type Fixture } from '../engine/verify/fixture';

let dir: string;
let fx: Fixture;
let n = 0;
before(async () => {
  dir = await makeTempDir(undefined, 'sluice-cli-import-gates-');
  fx = await makeFixture(dir);
  await mkdir(join(dir, 'home'));
});
after(() => removeTempDir(dir));

/** A clean, complete import checklist for a package sealed as SEAL-4711, answered by olga. */
const CLEAN = { 'seal-intact': 'Intact', 'seal-number': 'SEAL-4711', 'paper-matches-screen': 'Matches', 'av-scan': 'Done, clean', witness: 'wendy' };

interface Case {
  id: string;
  pkg: string;
  dest: string;
  ledger: string;
  run: (...extra: string[]) => ReturnType<typeof runCli>;
  checklist: (content: unknown) => Promise<string>;
  events: () => Promise<{ event: string; actor: string; transferId?: string; data: Record<string, unknown> }[]>;
}

/** A fresh package (with `seal` unless null), destination and ledger for one test. */
async function setup(seal: string | null = 'SEAL-4711'): Promise<Case> {
  const id = ++n;
  const pkg = (await fx.makePackage({
    created: new Date(Date.now() - 60_000), expires: new Date(Date.now() + 86_400_000), transferId: `GATE-${id}`, sequence: 100 + id,
    ...(seal ? { seal } : {}),
  })).packageDir;
  const dest = join(dir, `dest-${id}`);
  await mkdir(dest);
  const ledger = join(dir, `ledger-${id}.jsonl`);
  return {
    id: `GATE-${id}`, pkg, dest, ledger,
    run: (...extra) => runCli(['import', pkg, '--trust', join(dir, 'trust'), '--to', dest, '--station', 'HIGH', '--ledger', ledger, ...extra], { env: { SLUICE_HOME: join(dir, 'home') } }),
    checklist: async (content) => {
      const file = join(dir, `answers-${id}-${Math.random().toString(16).slice(2)}.json`);
      await writeFile(file, JSON.stringify(content));
      return file;
    },
    events: async () => {
      const text = await readFile(ledger, 'utf8').catch(() => '');
      return text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l));
    },
  };
}

test('--seal that does not match the signed seal: exit 1, nothing imported, transfer.rejected "seal mismatch"', async () => {
  const c = await setup();
  const r = await c.run('--seal', 'SEAL-9999', '--officer', 'olga');
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), [], 'no transfer directory and no staging left in DEST');
  const events = await c.events();
  const last = events.at(-1)!;
  assert.equal(last.event, 'transfer.rejected');
  assert.equal(last.actor, 'olga');
  assert.equal(last.transferId, c.id);
  assert.match(String(last.data.reason), /^seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711$/);
  assert.deepEqual(events.map((e) => e.event), ['transfer.rejected']);
  assert.match(r.stdout, new RegExp(`Rejected transfer ${c.id}: nothing was imported`));

  // The same package with the right seal (as a person types it) imports: the rejection did not burn it.
  const ok = await c.run('--seal', ' seal-4711 '.trim(), '--officer', 'olga');
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.deepEqual(await readdir(c.dest), [c.id]);
  assert.deepEqual((await c.events()).map((e) => e.event), ['transfer.rejected', 'transfer.importing', 'transfer.imported']);
});

test('a sealed package without --seal or a seal answer: exit 2, the seal is not revealed, nothing recorded or imported', async () => {
  const c = await setup();
  const r = await c.run('--officer', 'olga');
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /this package's manifest carries a seal number; give --seal as read from the bag/);
  assert.doesNotMatch(r.stderr + r.stdout, /4711/, 'the expected seal is typed blind, never shown first');
  assert.deepEqual(await c.events(), []);
  assert.deepEqual(await readdir(c.dest), []);
});

test('--seal for a package whose manifest carries none is a procedural mismatch: exit 1, recorded', async () => {
  const c = await setup(null);
  const r = await c.run('--seal', 'SEAL-4711');
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), []);
  const last = (await c.events()).at(-1)!;
  assert.equal(last.event, 'transfer.rejected');
  assert.equal(last.data.reason, 'seal mismatch: the signed manifest carries no seal number');
  // --json says the same in machine-readable form; the rejection did not burn the package.
  const json = await c.run('--seal', 'SEAL-4711', '--json');
  assert.equal(json.code, 1);
  const out = JSON.parse(json.stdout);
  assert.deepEqual([out.ok, out.imported, out.transferId, out.rejected.reason], [false, null, c.id, 'seal mismatch: the signed manifest carries no seal number']);
  assert.equal(out.rejected.ledgerSeq, 2);
});

test('--checklist with antivirus findings: exit 1, nothing imported, checklist.completed then transfer.rejected with the answer', async () => {
  const c = await setup();
  const r = await c.run('--checklist', await c.checklist({ by: 'olga', answers: { ...CLEAN, 'av-scan': 'Done, findings (reject)' } }));
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), []);
  const events = await c.events();
  assert.deepEqual(events.map((e) => [e.event, e.actor]), [['checklist.completed', 'olga'], ['transfer.rejected', 'olga']]);
  assert.equal(events[1]!.data.reason, 'Antivirus scan of the staged files: Done, findings (reject)');
  const done = events[0]!.data as { stage: string; blocks: { itemId: string }[]; records: { itemId: string; value: unknown; by: string }[] };
  assert.equal(done.stage, 'import');
  assert.deepEqual(done.blocks.map((b) => b.itemId), ['av-scan']);
  assert.ok(done.records.some((rec) => rec.itemId === 'av-scan' && rec.value === 'Done, findings (reject)' && rec.by === 'olga'));
  assert.match(r.stdout, /^BLOCKED Antivirus scan of the staged files: Done, findings \(reject\)$/m);
});

test('--checklist whose seal number does not match: exit 1, the reason starts with "seal mismatch"', async () => {
  const c = await setup();
  const r = await c.run('--checklist', await c.checklist({ by: 'olga', answers: { ...CLEAN, 'seal-number': 'SEAL-9999' } }));
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), []);
  const events = await c.events();
  assert.deepEqual(events.map((e) => e.event), ['checklist.completed', 'transfer.rejected']);
  assert.match(String(events[1]!.data.reason), /^seal mismatch: typed SEAL-9999, the signed manifest says SEAL-4711/);
  assert.deepEqual((events[0]!.data.matches as { matched: boolean }[]).map((m) => m.matched), [false]);
});

test('--checklist naming the officer as witness, or a different --officer: exit 2, nothing recorded', async () => {
  const c = await setup();
  const self = await c.run('--checklist', await c.checklist({ by: 'olga', answers: { ...CLEAN, witness: ' OLGA ' } }));
  assert.equal(self.code, 2, self.stderr + self.stdout);
  assert.match(self.stderr, /^ {2}witness: must name a person other than olga/m);
  const other = await c.run('--officer', 'oscar', '--checklist', await c.checklist({ by: 'olga', answers: CLEAN }));
  assert.equal(other.code, 2);
  assert.match(other.stderr, /--officer oscar differs from "by"/);
  const twoSeals = await c.run('--seal', 'SEAL-4712', '--checklist', await c.checklist({ by: 'olga', answers: CLEAN }));
  assert.equal(twoSeals.code, 2);
  assert.match(twoSeals.stderr, /--seal SEAL-4712 and the checklist's "seal-number" answer "SEAL-4711" disagree/);
  assert.deepEqual(await c.events(), []);
  assert.deepEqual(await readdir(c.dest), []);
});

test('--checklist missing required answers: exit 2 naming each item id, nothing recorded', async () => {
  const c = await setup();
  const { 'av-scan': _, witness: __, ...partial } = CLEAN;
  const r = await c.run('--checklist', await c.checklist({ by: 'olga', answers: { ...partial, 'seal-intact': 'Looks ok' } }));
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /nothing was imported or recorded/);
  assert.match(r.stderr, /^ {2}av-scan: is required/m);
  assert.match(r.stderr, /^ {2}witness: is required/m);
  assert.match(r.stderr, /^ {2}seal-intact: is not one of the options/m);
  assert.doesNotMatch(r.stderr, /^ {2}seal-number:/m);
  assert.deepEqual(await c.events(), []);
  assert.deepEqual(await readdir(c.dest), []);
});

test('--checklist complete and clean, seal matching: exit 0, checklist.completed before transfer.imported', async () => {
  const c = await setup();
  const { 'seal-number': _, ...withoutSeal } = CLEAN;
  // The seal may come from --seal when the checklist leaves it out; it is then recorded as the answer.
  const r = await c.run('--seal', 'seal-4711', '--checklist', await c.checklist({ by: 'olga', answers: { ...withoutSeal, 'decision-note': 'routine' } }));
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), [c.id]);
  const events = await c.events();
  assert.deepEqual(events.map((e) => [e.event, e.actor]), [['checklist.completed', 'olga'], ['transfer.importing', 'olga'], ['transfer.imported', 'olga']]);
  const done = events[0]!.data as { records: { itemId: string; value: unknown }[]; matches: { itemId: string; field: string; typed: string; expected: string; matched: boolean }[]; blocks: unknown[] };
  assert.deepEqual(done.records.map((rec) => rec.itemId), ['seal-intact', 'seal-number', 'paper-matches-screen', 'av-scan', 'witness', 'decision-note']);
  assert.deepEqual(done.matches.map((m) => [m.itemId, m.field, m.typed, m.expected, m.matched]), [['seal-number', 'seal', 'seal-4711', 'SEAL-4711', true]]);
  assert.deepEqual(done.blocks, []);
});

test('a package that fails its signature is refused by verification as before, with or without the gate flags', async () => {
  const c = await setup();
  await writeFile(join(c.pkg, 'manifest.json'), (await readFile(join(c.pkg, 'manifest.json'), 'utf8')).replace('SEAL-4711', 'SEAL-4712'));
  const r = await c.run('--seal', 'SEAL-4712', '--checklist', await c.checklist({ by: 'olga', answers: { ...CLEAN, 'seal-number': 'SEAL-4712' } }));
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /^FAIL signature: /m);
  assert.deepEqual(await readdir(c.dest), []);
  const events = await c.events();
  assert.deepEqual(events.map((e) => e.event), ['transfer.rejected'], 'no checklist is recorded for a package whose manifest is not authentic');
});

test('--require-witnesses 1 on a package without co-signatures: exit 1, nothing imported', async () => {
  const c = await setup(null);
  const r = await c.run('--require-witnesses', '1');
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.deepEqual(await readdir(c.dest), []);
  assert.equal((await c.events()).at(-1)!.event, 'transfer.rejected');
  const bad = await c.run('--require-witnesses', '17');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--require-witnesses/);
  // 0 is the station saying it requires none (the same range as sluice verify): the import goes on.
  const none = await c.run('--require-witnesses', '0');
  assert.equal(none.code, 0, none.stderr + none.stdout);
  assert.deepEqual(await readdir(c.dest), [c.id]);
});
