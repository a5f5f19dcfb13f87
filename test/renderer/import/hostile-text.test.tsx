/**
 * The import screens show package-supplied text through the one display escaper: React escapes
 * HTML, but not bidi overrides, zero-width or control characters, so a failure naming
 * `invoice\u202etxt.exe` must read `invoice\u202etxt.exe` (visibly), never `invoiceexe.txt`.
 * Raw strings are handed straight to the components, as a report that skipped the engine's
 * guard would carry them: the screen is the last line of defence.
 */
import 'global-jsdom/register';
import '../setup-dom';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, screen } from '@testing-library/react';
import { CheckTable, FailureList } from '../../../renderer/import/check-list';
import { CosignerTable } from '../../../renderer/import/cosigner-table';
import type { CosignerResult } from '../../../shared/format/report';

/** Raw C0, C1, bidi and format characters, line separators and lone surrogates. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/u;

test('failures and check details show escapes, not bidi or control characters, and are capped', () => {
  const where = `ok/invoice\u202etxt.exe`;
  const reason = `tar header path "ok/\u001b[1A\u001b[2K\rVerified, every check passed\u001b[8m${'A'.repeat(5000)}" does not match`;
  render(<>
    <FailureList failures={[{ check: 'archive', where, reason }]} />
    <CheckTable checks={[{ id: 'archive', status: 'fail', detail: `${where}: re\u200badme` }]} />
  </>);
  const list = screen.getByTestId('failures');
  const text = list.textContent!;
  assert.equal(RAW.exec(text), null, `raw character in ${JSON.stringify(text.slice(0, 200))}`);
  assert.ok(text.includes('ok/invoice\\u202etxt.exe'), text.slice(0, 200));
  assert.ok(text.includes('ok/\\u001b[1A\\u001b[2K\\u000dVerified'), text.slice(0, 300));
  assert.ok(text.length < 1200, `the 5000-character reason is cut (${text.length} characters shown)`);
  const table = screen.getByRole('table', { name: 'Checks' }).textContent!;
  assert.equal(RAW.exec(table), null);
  assert.ok(table.includes('re\\u200badme'));
});

test('co-signer rows show a hostile key id and reason escaped', () => {
  const c: CosignerResult = {
    file: 'cosign-X.minisig', keyId: 'AB\u202eCD', label: null, fingerprint: null, role: null,
    status: 'malformed', reason: 'signature algorithm "\u001b\u009b" is not accepted',
  };
  render(<CosignerTable cosigners={[c]} required={1} />);
  const text = screen.getByTestId('cosigners').textContent!;
  assert.equal(RAW.exec(text), null, JSON.stringify(text));
  assert.ok(text.includes('AB\\u202eCD'));
  assert.ok(text.includes('"\\u001b\\u009b"'));
});
