/**
 * Writes docs/samples/: PNG pages (pdftoppm -png -r 60) of a transfer manifest, an import receipt
 * and two rejection reports, printed from a real package made by pack() and imported by
 * importPackage(). The package carries a signed seal number and the sender's requirement of one
 * witness, whose co-signature is added before printing; the checklists are answered through the
 * station's default templates and the same policy code the app and the CLI run. The sources are
 * scanned with the real ClamAV and a test signature database (test/helpers/clamav.ts): the manifest
 * carries the clean scan, the receipt the staged files' clean scan, the officer's rejection report
 * a finding; the antivirus items are answered by the machine.
 *
 *   node --import tsx test/engine/print/make-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checklistTemplateSchema, type ChecklistAnswers } from '../../../shared/checklist';
import { antivirusAnswers, evaluateChecklist, policyRecords } from '../../../shared/checklist-policy';
import { ClamAvScanner, scanEntries } from '../../../electron/engine/scan/index';
import { MARKER, writeTestDatabase } from '../../helpers/clamav';
import type { CosignerResult } from '../../../shared/format/report';
import { renderCosignComment } from '../../../shared/format/trusted-comment';
import { signBytes } from '../../../electron/engine/crypto/minisign';
import { pack } from '../../../electron/engine/pack/pack';
import { importPackage } from '../../../electron/engine/import/import';
import { loadTrustStore, trustKey } from '../../../electron/engine/keys/trust-store';
import { verifyPackage } from '../../../electron/engine/verify/index';
import { htmlToPdf } from '../../../electron/engine/print/pdf';
import { renderImportReceipt, renderRejectionReport, renderTransferManifest, type ImportChecklist } from '../../../shared/print/index';
import { makeTestKey, makeTrustStore } from '../../helpers/keys';
import { repoRoot } from '../../helpers/cli';
import { withTempDir } from '../../helpers/tmp';

const samples = join(repoRoot, 'docs', 'samples');
const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const template = async (stage: string) => checklistTemplateSchema.parse(JSON.parse(await readFile(join(repoRoot, 'resources', 'checklists', `${stage}.json`), 'utf8')));

await withTempDir(async (dir) => {
  const src = join(dir, 'src', 'survey-2026');
  await mkdir(join(src, 'tiles', 'north-sector', 'high-resolution_orthophotos'), { recursive: true });
  await writeFile(join(src, 'README.txt'), 'Survey tiles for the planning cell.\n');
  for (let i = 0; i < 48; i++) await writeFile(join(src, 'tiles', `tile-${String(i).padStart(3, '0')}-north-sector.geojson`), `{"tile":${i}}\n`.repeat(40 + i * 13));
  // A deep path with long names: printed whole, broken only between names.
  await writeFile(join(src, 'tiles', 'north-sector', 'high-resolution_orthophotos', 'orthophoto-2026-11-north-sector-overview-mosaic_v3.tif'), 'tif\n');
  const key = await makeTestKey(join(dir, 'keys'), 'low-side-operator');
  const witnessKey = await makeTestKey(join(dir, 'witness-keys'), 'w-witness');
  const trust = join(dir, 'trust');
  await makeTrustStore(trust, [key]);
  await trustKey(trust, await readFile(witnessKey.pubFile, 'utf8'), 'w-witness', 'witness');
  const store = await loadTrustStore(trust);
  const now = Date.now();

  const exportPre = await template('export-pre');
  const preAnswers: ChecklistAnswers = {};
  for (const item of exportPre.items) preAnswers[item.id] = item.kind === 'confirm' ? true : item.kind === 'choice' ? item.options[0]! : 'CHG-1234';
  const scanner = new ClamAvScanner({ databaseDir: await writeTestDatabase(dir) });
  const probe = await scanner.scanFiles([]);
  const by = `${probe.engine} ${probe.engineVersion} (machine)`;
  const checklist = policyRecords(exportPre, preAnswers, { by: 'A. Operator', manifest: null, machine: antivirusAnswers(exportPre, 'clean', by) }, utc(now - 120_000));

  const out = join(dir, 'out');
  await mkdir(out);
  const packed = await pack({
    sources: [src], outDir: out, signingKey: key.signingKey, source: 'LOW', destination: 'HIGH', transferId: 'T20261122-survey', sequence: 42,
    created: new Date(now - 60_000), expires: new Date(now + 7 * 86_400_000), operator: 'A. Operator', classification: 'SECRET//SAMPLE',
    purpose: 'Quarterly survey tiles for the planning cell, requested under change CHG-1234.', ticket: 'CHG-1234', volumeSize: 64 * 1024,
    checklist, seal: 'SEAL-004711', requireWitnesses: 1, scanner,
  });
  // The witness reviews the summary and co-signs with their own key, as `sluice cosign` does.
  const m = packed.manifest;
  const cosignFile = `cosign-${witnessKey.keyId}.minisig`;
  const comment = renderCosignComment({ file: 'manifest.json', id: m.transferId, seq: m.sequence, from: m.source, to: m.destination, role: 'witness' });
  await writeFile(join(packed.packageDir, cosignFile), signBytes(await readFile(join(packed.packageDir, 'manifest.json')), witnessKey.signingKey, comment));
  const made: CosignerResult = { file: cosignFile, keyId: witnessKey.keyId, label: 'W. Witness', fingerprint: witnessKey.fingerprint, role: 'witness', status: 'valid', reason: '' };
  const signer = store.keys.find((k) => k.keyId === key.keyId)!;
  const manifestHtml = renderTransferManifest({ manifest: m, manifestSha256: packed.manifestSha256, signer: { label: signer.label, keyId: signer.keyId, fingerprint: signer.fingerprint }, cosigners: [made] });

  const importTemplate = await template('import');
  const judged = (answers: ChecklistAnswers, verdict: 'clean' | 'found'): ImportChecklist => {
    const ctx = { by: 'C. Officer', manifest: { transferId: m.transferId, ...(m.seal ? { seal: m.seal } : {}) }, machine: antivirusAnswers(importTemplate, verdict, by) };
    const { matches, blocks } = evaluateChecklist(importTemplate, answers, ctx);
    return { records: policyRecords(importTemplate, answers, ctx, utc(Date.now())), matches, blocks };
  };
  const base = { 'seal-intact': 'Intact', 'paper-matches-screen': 'Matches', witness: 'W. Witness', 'decision-note': 'Media returned to the registry.' };
  const approved = judged({ ...base, 'seal-number': 'SEAL-004711' }, 'clean');
  // The staged files' scan as the app prints it: here the same files, scanned again.
  const staged = m.entries.filter((e) => e.type === 'file').map((e) => ({ entryPath: e.path, file: join(dir, 'src', ...e.path.split('/')), size: e.size }));
  const paperScan = (o: Awaited<ReturnType<typeof scanEntries>>) => ({ engine: o.engine, engineVersion: o.engineVersion, database: o.database.description, filesScanned: o.filesScanned, verdict: o.verdict, findings: o.findings });
  const cleanScan = paperScan(await scanEntries(scanner, staged));

  await mkdir(join(dir, 'dest'));
  const ledger = join(dir, 'ledger.jsonl');
  const reason = 'Matches CHG-1234; seal and paper checked';
  const imported = await importPackage(packed.packageDir, { store, destRoot: join(dir, 'dest'), station: 'HIGH', ledgerFile: ledger, officer: 'C. Officer', reason });
  if (!imported.ok || !imported.imported) throw new Error(`import failed: ${JSON.stringify(imported.failures)}`);
  const receiptHtml = renderImportReceipt({
    report: imported, checklist: approved,
    decision: { officer: 'C. Officer', decision: 'approved', reason, at: utc(Date.now()) },
    ledger: { seq: imported.imported.ledgerSeq, hash: imported.imported.ledgerHash },
    station: 'HIGH', scan: cleanScan,
  });

  // The officer's rejection of a package that verified: the seal typed does not match, antivirus findings.
  const blocked = judged({ ...base, 'seal-number': 'SEAL-009999' }, 'found');
  const infected = join(dir, 'src', 'survey-2026', 'tiles', 'tile-007-north-sector.geojson');
  await writeFile(infected, `{"tile":7,"x":"${MARKER}"}\n`);
  const foundScan = paperScan(await scanEntries(scanner, staged));
  const verified = await verifyPackage(packed.packageDir, { store });
  const rejectionHtml = renderRejectionReport({ report: verified, station: 'HIGH', officer: 'C. Officer', reason: blocked.blocks.map((b) => b.reason).join('; '), checklist: blocked, scan: foundScan });

  // A tampered copy for the verifier's rejection: one byte of the first volume flipped.
  const bad = join(dir, 'tampered');
  await mkdir(bad);
  for (const f of await readdir(packed.packageDir)) await writeFile(join(bad, f), await readFile(join(packed.packageDir, f)));
  const vol = join(bad, m.payload.volumes[0]!.name);
  const bytes = await readFile(vol);
  bytes[2000] = bytes[2000]! ^ 0xff;
  await writeFile(vol, bytes);
  const tamperedHtml = renderRejectionReport({ report: await verifyPackage(bad, { store }), station: 'HIGH', officer: 'C. Officer' });

  await rm(samples, { recursive: true, force: true });
  await mkdir(samples, { recursive: true });
  const docs = [['transfer-manifest', manifestHtml], ['import-receipt', receiptHtml], ['rejection-report', rejectionHtml], ['rejection-report-tampered', tamperedHtml]] as const;
  for (const [name, html] of docs) {
    const pdf = join(dir, `${name}.pdf`);
    await htmlToPdf(html, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(samples, name)]);
  }
  console.log((await readdir(samples)).join('\n'));
});
