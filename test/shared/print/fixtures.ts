/**
 * Hand-built manifests and reports for the print tests: valid by the manifest schema, with hostile
 * text in every free field the schema allows, and file lists of any length.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checklistTemplateSchema, type ChecklistAnswers } from '../../../shared/checklist';
import { evaluateChecklist, policyRecords } from '../../../shared/checklist-policy';
import { manifestSchema, type Manifest, type ManifestEntry } from '../../../shared/format/manifest';
import type { CosignerResult, ImportReport, VerifyReport } from '../../../shared/format/report';
import type { ImportChecklist } from '../../../shared/print/index';
import { repoRoot } from '../../helpers/cli';

export const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Hostile strings that must come out escaped. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(2)>',
  amp: "Tom & Jerry's `tick`",
};

/** A manifest with `files` files in two directories (paths of varied length), hostile free text. */
export function makeManifest(files: number, overrides: Partial<Manifest> = {}): Manifest {
  const entries: ManifestEntry[] = [
    { path: 'docs', type: 'dir', size: 0, mode: '0755', mtime: 1_700_000_000 },
  ];
  const names: string[] = [];
  for (let i = 0; i < files; i++) {
    const long = i % 7 === 3 ? `-${'long-segment-'.repeat(1 + (i % 5))}` : '';
    names.push(`docs/file-${String(i).padStart(5, '0')}${long}.txt`);
  }
  names.sort();
  let bytes = 0;
  for (const [i, path] of names.entries()) {
    const size = (i * 7919) % 100_000;
    bytes += size;
    entries.push({ path, type: 'file', size, mode: '0644', mtime: 1_700_000_000, sha256: sha(path) });
  }
  const manifest: Manifest = {
    format: 'sluice-transfer/1',
    critical: [],
    transferId: 'T20261122-ab12',
    sequence: 7,
    source: 'LOW',
    destination: 'HIGH',
    created: '2026-11-22T03:04:05Z',
    expires: '2026-12-22T03:04:05Z',
    operator: `Alice ${HOSTILE.amp}`,
    classification: `SECRET ${HOSTILE.img}`,
    purpose: `Quarterly map update ${HOSTILE.script} for the planning cell; ${'lorem ipsum dolor sit amet '.repeat(6)}`,
    ticket: 'CHG-1234',
    signer: { keyId: '0123456789ABCDEF' },
    payload: {
      size: 3 * 1024 * 1024,
      sha256: sha('payload'),
      volumes: [
        { name: 'payload.tar.001', size: 2 * 1024 * 1024, sha256: sha('v1') },
        { name: 'payload.tar.002', size: 1024 * 1024, sha256: sha('v2') },
      ],
    },
    entries,
    totals: { files, directories: 1, bytes },
    checklist: [
      { stage: 'export', itemId: 'scan', label: 'Files scanned for malware', kind: 'confirm', value: true, by: 'Alice', at: '2026-11-22T03:00:00Z' },
      { stage: 'export', itemId: 'why', label: `Reason ${HOSTILE.img}`, kind: 'text', value: `Needed ${HOSTILE.script}`, by: 'Bob', at: '2026-11-22T03:01:00Z' },
    ],
    attachments: [],
    ...overrides,
  };
  return manifestSchema.parse(manifest);
}

/** A passing verify report for `manifest`. */
export function makeReport(manifest: Manifest | null, ok = true): VerifyReport {
  return {
    report: 'sluice-verify-report/1',
    packageDir: '/media/usb/T20261122-ab12',
    ok,
    checkedAt: '2026-11-23T08:00:00Z',
    transferId: manifest?.transferId ?? 'T-claimed',
    signer: { keyId: '0123456789ABCDEF', label: manifest ? 'low-side-operator' : null, fingerprint: manifest ? 'SHA256:abcd' : null },
    trustedComment: manifest ? 'sluice-transfer/1 file=manifest.json id=T20261122-ab12 seq=7 from=LOW to=HIGH' : null,
    manifestSha256: manifest ? sha('manifest') : null,
    manifest,
    checks: [
      { id: 'signature', status: ok ? 'pass' : 'fail', detail: ok ? 'signed by low-side-operator' : `bad signature ${HOSTILE.script}` },
      { id: 'entries', status: ok ? 'pass' : 'skipped', detail: 'every file matches' },
    ],
    files: [],
    failures: ok ? [] : [
      { check: 'signature', where: 'manifest.json.minisig', reason: `signature does not verify ${HOSTILE.img}` },
      { check: 'archive', where: `../../etc/${HOSTILE.script}`, reason: 'path escapes the destination' },
    ],
  };
}

/** An import report for `manifest`, imported to /data/in/<id>. */
export function makeImportReport(manifest: Manifest): ImportReport {
  return { ...makeReport(manifest), imported: { path: `/data/in/${manifest.transferId}`, ledgerSeq: 12, ledgerHash: sha('ledger') } };
}

/** The station's default import checklist template (resources/checklists/import.json). */
export const importTemplate = checklistTemplateSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'resources', 'checklists', 'import.json'), 'utf8')));

/**
 * The import checklist as the policy evaluates it (shared/checklist-policy.ts) — records, blind
 * seal comparison and blocking answers — for the default template, answered by `by`.
 */
export function makeImportChecklist(manifest: Manifest, answers: { seal?: string; av?: string; witness?: string; by?: string } = {}): ImportChecklist {
  const all: ChecklistAnswers = {
    'seal-intact': 'Intact',
    'paper-matches-screen': 'Matches',
    'av-scan': answers.av ?? 'Done, clean',
    witness: answers.witness ?? 'Wim Witness',
    ...(answers.seal !== undefined ? { 'seal-number': answers.seal } : {}),
  };
  const ctx = { by: answers.by ?? 'Olga Officer', manifest: { transferId: manifest.transferId, ...(manifest.seal ? { seal: manifest.seal } : {}) } };
  const { matches, blocks } = evaluateChecklist(importTemplate, all, ctx);
  return { records: policyRecords(importTemplate, all, ctx, '2026-11-23T08:04:00Z'), matches, blocks };
}

/** Co-signatures as the verifier judges them: one valid witness, one by an untrusted key. */
export function makeCosigners(): CosignerResult[] {
  return [
    { file: 'cosign-FEDCBA9876543210.minisig', keyId: 'FEDCBA9876543210', label: 'wim-witness', fingerprint: 'AB12 CD34 EF56 7890 1122 3344 5566 7788 99AA BBCC', role: 'witness', status: 'valid', reason: '' },
    { file: 'cosign-1111222233334444.minisig', keyId: '1111222233334444', label: null, fingerprint: null, role: null, status: 'unknown-key', reason: `key not in the trust store ${HOSTILE.script}` },
  ];
}
