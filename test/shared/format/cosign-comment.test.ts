// The co-signature's trusted comment (shared/format/trusted-comment.ts, FORMAT.md §5.1): the
// transfer's comment with " role=witness" at its very end, and nothing else. Written for the two
// survivors of the mutation run over renderCosignComment / parseCosignComment (issue 9 §8): text
// after the role must be refused, and a comment without a role is null, not an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCosignComment, renderCosignComment } from '../../../shared/format/trusted-comment';

const BASE = 'sluice-transfer/1 file=manifest.json id=T20261122-ab12 seq=7 from=LOW to=HIGH';

test('a co-signature comment is the transfer comment plus " role=witness", both ways', () => {
  const fields = { file: 'manifest.json', id: 'T20261122-ab12', seq: 7, from: 'LOW', to: 'HIGH', role: 'witness' as const };
  assert.equal(renderCosignComment(fields), `${BASE} role=witness`);
  assert.deepEqual(parseCosignComment(`${BASE} role=witness`), fields);
});

test('anything after the role, another role, or no role is refused (null, never a throw)', () => {
  for (const comment of [
    `${BASE} role=witness x`,
    `${BASE} role=witness role=witness`,
    `${BASE} role=witnesses`,
    `${BASE} role=officer`,
    `${BASE} role=`,
    `${BASE}`,
    '',
    `${BASE}  role=witness`,
    `x${BASE} role=witness`,
  ]) {
    assert.equal(parseCosignComment(comment), null, JSON.stringify(comment));
  }
});
