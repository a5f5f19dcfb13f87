// checkManifestValue checks the entries one at a time instead of letting zod copy the whole entry
// tree (manifest.ts schemaIssues). What it reports must be what manifestSchema.safeParse of the
// whole value reports — the same issues in the same order, the first 20 — for any mix of bad
// top-level fields and bad entries (below the 1,000,000-entry limit: past it zod says only "too big",
// schemaIssues adds the first entries' problems), and an accepted manifest is the value itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifestValue, manifestProblems, manifestSchema, type Manifest } from '../../../shared/format/manifest';
import { makeManifest } from '../print/fixtures';

/** The rule as it was: zod over the whole value, then the semantic rules. */
function reference(raw: unknown): string[] {
  const shaped = manifestSchema.safeParse(raw);
  if (!shaped.success) return shaped.error.issues.slice(0, 20).map((i) => `manifest field ${i.path.join('.') || '(root)'}: ${i.message}`);
  return manifestProblems(shaped.data);
}
const problems = (raw: unknown) => { const r = checkManifestValue(raw); return r.ok ? [] : r.problems; };

type Edit = (m: Record<string, any>) => void;
const topEdits: Edit[] = [
  (m) => { m.sequence = 0; },
  (m) => { m.destination = 'not an id'; },
  (m) => { delete m.totals; },
  (m) => { m.checklist = [{ stage: 'x' }]; },
  (m) => { m.payload.volumes = []; },
  (m) => { m.format = 'other/2'; },
  (m) => { m.purpose = 'bidi \u202e'; },
];
const entryEdits: Edit[] = [
  (m) => { m.entries[1].mtime = -1; },
  (m) => { m.entries[2].type = 'link'; },
  (m) => { m.entries[3].sha256 = 'XYZ'; },
  (m) => { m.entries[0].size = 5; },
  (m) => { m.entries[4] = 'not an entry'; },
  (m) => { for (const e of m.entries) if (typeof e === 'object') e.mode = '0777'; },
];

test('bad fields and bad entries are reported as zod reported them over the whole manifest', () => {
  const base = makeManifest(30) as unknown as Record<string, any>;
  assert.ok(base.entries.length >= 25, 'enough entries to pass the 20-issue cap');
  assert.deepEqual(problems(structuredClone(base)), []);
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) % n;
  for (let round = 0; round < 300; round++) {
    const m = structuredClone(base);
    const edits = [...Array(1 + rnd(4))].map(() => (rnd(2) ? topEdits[rnd(topEdits.length)]! : entryEdits[rnd(entryEdits.length)]!));
    for (const edit of edits) edit(m);
    assert.deepEqual(problems(m), reference(m), `round ${round}`);
  }
  for (const raw of [null, 1, 'x', [], {}, { entries: 'no' }, { ...base, entries: [] }]) assert.deepEqual(problems(raw), reference(raw), JSON.stringify(raw)?.slice(0, 40));
});

test('an accepted manifest is the value itself, not a copy', () => {
  const m = makeManifest(3) as Manifest;
  const r = checkManifestValue(m);
  assert.ok(r.ok);
  assert.equal(r.manifest, m);
});
