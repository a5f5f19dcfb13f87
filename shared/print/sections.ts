/**
 * Blocks shared by every printed document: the title, the details table, the signer and signed
 * digest (in full, in groups of four and as a QR code) and the signature lines.
 */
import { groupHex } from '../units';
import { labelCell, monoCell, pathCell, proseCell, row, type Cell } from './cells';
import { brokenLines, escapeHtml, wrapWords } from './escape';
import { HEADING_MM, LINE_MM } from './layout';
import type { Block, Table } from './paginate';
import { qrSvg } from './qr';

/** The document title and a one-line subtitle. */
export function titleBlock(title: string, subtitle: string): Block {
  const lines = wrapWords(subtitle, 110);
  return {
    kind: 'block',
    html: `<h1>${escapeHtml(title)}</h1><p class="note">${lines.map(escapeHtml).join('<br>')}</p>`,
    height: 8 + lines.length * LINE_MM + 1,
  };
}

/** A label/value table; values are cells from cells.ts (80 columns wide at most). */
export function detailsTable(title: string, rows: readonly (readonly [string, Cell])[]): Table {
  return { kind: 'table', title, rows: rows.map(([label, value]) => row([labelCell(label), value])) };
}

/** A free-text value for detailsTable. */
export const prose = (text: string): Cell => proseCell(text, 80);
/** An id, timestamp or hash for detailsTable. */
export const mono = (text: string): Cell => monoCell(text, 80);
/** A file or directory path for detailsTable: broken only between names (cells.ts, pathCell). */
export const pathValue = (text: string): Cell => pathCell(text, 80);

/** Who signed, as the trust store names them. `label` null means the key is not trusted. */
export interface SignerInfo {
  label: string | null;
  keyId: string;
  fingerprint: string | null;
}

// Columns of the digest block's text beside the QR code (136 mm of 8 pt monospace is 80; keep margin).
const DIGEST_TEXT_COLUMNS = 76;
const BIG_LINE_MM = 10 * 1.3 * (25.4 / 72);
const QR_MM = 34;

/**
 * The signer and the digest the signature covers: the SHA-256 of manifest.json's bytes in full,
 * again in groups of four for reading aloud over a phone, and as a QR code.
 */
export function digestBlock(signer: SignerInfo | null, digest: string | null): Block {
  const parts: string[] = [];
  let lines = 0;
  const field = (label: string, value: string, opts: { prose?: boolean } = {}) => {
    const valueLines = opts.prose ? wrapWords(value, DIGEST_TEXT_COLUMNS) : [value];
    const count = opts.prose ? valueLines.length : brokenLines(value, DIGEST_TEXT_COLUMNS);
    parts.push(`<div class="label">${escapeHtml(label)}</div><div class="m brk">${valueLines.map(escapeHtml).join('<br>')}</div>`);
    lines += 1 + count;
  };
  field('Signer', signer ? (signer.label ?? 'NOT IN THE TRUST STORE') : 'unknown (no signature verified)', { prose: true });
  field('Key id', signer?.keyId ?? '—');
  field('Key fingerprint', signer?.fingerprint ?? '—');
  let big = 0;
  let qr = '';
  if (digest) {
    field('SHA-256 of manifest.json (the digest the signature covers)', digest);
    const grouped = groupHex(digest, 8).split('\n');
    parts.push(`<div class="label">Read aloud, in groups of four</div><div class="m big">${grouped.map(escapeHtml).join('<br>')}</div>`);
    lines += 1;
    big = grouped.length;
    qr = qrSvg(digest, `QR code of the manifest digest ${digest}`);
  } else {
    field('SHA-256 of manifest.json', 'not available: the signature did not verify');
  }
  const textHeight = lines * LINE_MM + big * BIG_LINE_MM + lines * 0.35; // label margins
  return {
    kind: 'block',
    html: `<h2>Signer and signed digest</h2><div class="digest"><div class="text">${parts.join('')}</div>${qr}</div>`,
    height: HEADING_MM + Math.max(QR_MM, textHeight) + 5,
  };
}

/** Boxes for handwritten name, signature and date, one per role. */
export function signatureBlock(roles: readonly string[]): Block {
  const boxes = roles
    .map(
      (role) =>
        `<div class="line"><div class="role">${escapeHtml(role)}</div><div class="field">Name</div><div class="field">Signature</div><div class="field">Date and time</div></div>`,
    )
    .join('');
  return { kind: 'block', html: `<h2>Signatures</h2><div class="sign">${boxes}</div>`, height: HEADING_MM + 2 + 30 + 2 };
}
