/**
 * Writes docs/samples/: PNG pages (pdftoppm -png -r 60) of a transfer manifest, an import receipt
 * and a rejection report, printed from a real package made by pack() and imported by importPackage().
 *
 *   node --import tsx test/engine/print/make-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack } from '../../../electron/engine/pack/pack';
import { importPackage } from '../../../electron/engine/import/import';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { htmlToPdf } from '../../../electron/engine/print/pdf';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest } from '../../../shared/print/index';
import { makeTestKey, makeTrustStore } from '../../helpers/keys';
import { repoRoot } from '../../helpers/cli';
import { withTempDir } from '../../helpers/tmp';

const samples = join(repoRoot, 'docs', 'samples');

await withTempDir(async (dir) => {
  const src = join(dir, 'src', 'survey-2026');
  await mkdir(join(src, 'tiles'), { recursive: true });
  await writeFile(join(src, 'README.txt'), 'Survey tiles for the planning cell.\n');
  for (let i = 0; i < 48; i++) await writeFile(join(src, 'tiles', `tile-${String(i).padStart(3, '0')}-north-sector.geojson`), `{"tile":${i}}\n`.repeat(40 + i * 13));
  const key = await makeTestKey(join(dir, 'keys'), 'low-side-operator');
  const store = await makeTrustStore(join(dir, 'trust'), [key]);
  const now = Date.now();
  const out = join(dir, 'out');
  await mkdir(out);
  const packed = await pack({
    sources: [src], outDir: out, signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: 'T20261122-survey', sequence: 42,
    created: new Date(now - 60_000), expires: new Date(now + 7 * 86_400_000), operator: 'A. Operator', classification: 'SECRET//SAMPLE',
    purpose: 'Quarterly survey tiles for the planning cell, requested under change CHG-1234.', ticket: 'CHG-1234', volumeSize: 64 * 1024,
    checklist: [
      { stage: 'export', itemId: 'malware-scan', label: 'Files scanned for malware with the current signatures', kind: 'confirm', value: true, by: 'A. Operator', at: new Date(now - 120_000).toISOString().replace(/\.\d+Z$/, 'Z') },
      { stage: 'export', itemId: 'owner', label: 'Data owner who approved the release', kind: 'text', value: 'B. Owner, survey section', by: 'A. Operator', at: new Date(now - 90_000).toISOString().replace(/\.\d+Z$/, 'Z') },
    ],
  });
  const signer = store.keys[0]!;
  const manifestHtml = renderTransferManifest({ manifest: packed.manifest, manifestSha256: packed.manifestSha256, signer: { label: signer.label, keyId: signer.keyId, fingerprint: signer.fingerprint } });

  await mkdir(join(dir, 'dest'));
  const ledger = join(dir, 'ledger.jsonl');
  const imported = await importPackage(packed.packageDir, { store, destRoot: join(dir, 'dest'), station: 'HIGH', ledgerFile: ledger, officer: 'C. Officer', reason: 'Matches CHG-1234; media checked' });
  if (!imported.ok || !imported.imported) throw new Error(`import failed: ${JSON.stringify(imported.failures)}`);
  const receiptHtml = renderImportReceipt({
    report: imported,
    decision: { officer: 'C. Officer', decision: 'approved', reason: 'Matches CHG-1234; media checked', at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    ledger: { seq: imported.imported.ledgerSeq, hash: imported.imported.ledgerHash },
    station: 'HIGH',
  });

  // A tampered copy for the rejection report: one byte of the first volume flipped.
  const bad = join(dir, 'tampered');
  await mkdir(bad);
  for (const f of await readdir(packed.packageDir)) await writeFile(join(bad, f), await readFile(join(packed.packageDir, f)));
  const vol = join(bad, packed.manifest.payload.volumes[0]!.name);
  const bytes = await readFile(vol);
  bytes[2000] = bytes[2000]! ^ 0xff;
  await writeFile(vol, bytes);
  const rejected = await verifyPackage(bad, { store });
  const rejectionHtml = renderRejectionReport({ report: rejected, station: 'HIGH', officer: 'C. Officer' });

  await rm(samples, { recursive: true, force: true });
  await mkdir(samples, { recursive: true });
  for (const [name, html] of [['transfer-manifest', manifestHtml], ['import-receipt', receiptHtml], ['rejection-report', rejectionHtml]] as const) {
    const pdf = join(dir, `${name}.pdf`);
    await htmlToPdf(html, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(samples, name)]);
  }
  console.log((await readdir(samples)).join('\n'));
});
