/**
 * QR codes as inline SVG, built from qrcode-generator's module matrix (no canvas, no DOM), so the
 * digest on paper can be scanned instead of read aloud.
 */
import qrcode from 'qrcode-generator';
import { escapeHtml } from './escape';

/** Quiet zone in modules around the code (the QR specification asks for four). */
export const QR_QUIET_ZONE = 4;

/** The module matrix of a QR code for `text` (byte mode, error correction M, smallest version that fits). */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(qr.isDark(r, c));
    rows.push(row);
  }
  return rows;
}

/**
 * An <svg> of the QR code for `text`: one path of dark modules on a white square including the
 * quiet zone, scalable (the CSS sets its printed size). `label` becomes the accessible title.
 */
export function qrSvg(text: string, label = 'QR code'): string {
  const matrix = qrMatrix(text);
  const size = matrix.length + 2 * QR_QUIET_ZONE;
  let path = '';
  matrix.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${c + QR_QUIET_ZONE} ${r + QR_QUIET_ZONE}h1v1h-1z`;
    });
  });
  const title = escapeHtml(label);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img" aria-label="${title}"><title>${title}</title><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
