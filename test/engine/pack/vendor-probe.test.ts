// The probe behind the machine's checklist answer: counts checksum files and those the pack can check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeVendorChecksums } from '../../../electron/engine/pack/vendor-probe';
import { vendorChecksumAnswers } from '../../../shared/checklist-vendor';
import { checklistTemplateSchema } from '../../../shared/checklist';
import { makeTempDir } from '../../helpers/tmp';

const H = 'ab'.repeat(32);

test('the probe counts checksum files and the checkable ones, without following links', async (t) => {
  const root = await makeTempDir(t);
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await writeFile(join(root, 'a', 'SHA256SUMS'), `${H}  x\n`);
  await writeFile(join(root, 'a', 'b', 'x.sha256'), `${H}\n`);
  assert.deepEqual(await probeVendorChecksums([join(root, 'a')]), { found: 2, checkable: 2 });
  await writeFile(join(root, 'a', 'b', 'SHA512SUMS'), `${'cd'.repeat(64)}  x\n`);
  await writeFile(join(root, 'CHECKSUMS.txt'), `${H}  ../x\n`);
  await symlink(join(root, 'a', 'SHA256SUMS'), join(root, 'a', 'b', 'linked.sha256sum'));
  assert.deepEqual(await probeVendorChecksums([join(root, 'a'), join(root, 'CHECKSUMS.txt')]), { found: 4, checkable: 2 });
});

test('the machine answers only when every checksum file found can be checked', () => {
  const template = checklistTemplateSchema.parse({
    template: 'sluice-checklist/1', stage: 'export-pre', title: 'Before packing',
    items: [
      { id: 'vc', answeredBy: 'vendor-checksums', kind: 'choice', required: true, label: 'Vendor checksums', options: ['Checked, one did NOT match', 'Checked, all match'], blocksApproval: ['Checked, one did NOT match'] },
      { id: 'vc2', answeredBy: 'vendor-checksums', kind: 'confirm', required: true, label: 'Checked' },
      { id: 'other', kind: 'confirm', required: true, label: 'Other' },
    ],
  });
  const by = 'Sluice: 2 vendor checksum files, every listed file checked while packing (machine)';
  assert.deepEqual(vendorChecksumAnswers(template, { found: 2, checkable: 2 }), { vc: { value: 'Checked, all match', by }, vc2: { value: true, by } });
  assert.deepEqual(vendorChecksumAnswers(template, { found: 2, checkable: 1 }), {});
  assert.deepEqual(vendorChecksumAnswers(template, { found: 0, checkable: 0 }), {});
});
