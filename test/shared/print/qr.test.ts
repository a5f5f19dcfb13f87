import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { qrMatrix, qrSvg, QR_QUIET_ZONE } from '../../../shared/print/qr';
import { sha } from './fixtures';

/** Rasterises a module matrix (with quiet zone) to RGBA, `scale` pixels per module. */
function rasterise(matrix: boolean[][], scale = 6) {
  const size = (matrix.length + 2 * QR_QUIET_ZONE) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + QR_QUIET_ZONE) * scale + y) * size + (c + QR_QUIET_ZONE) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, size };
}

test('the QR matrix decodes back to the digest', () => {
  const digest = sha('manifest');
  const { data, size } = rasterise(qrMatrix(digest));
  const decoded = jsQR(data, size, size);
  assert.equal(decoded?.data, digest);
});

test('the SVG draws exactly the dark modules of the matrix', () => {
  const digest = sha('other');
  const matrix = qrMatrix(digest);
  const svg = qrSvg(digest, 'label <b>');
  const drawn = new Set([...svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${Number(m[2]) - QR_QUIET_ZONE},${Number(m[1]) - QR_QUIET_ZONE}`));
  const dark = new Set(matrix.flatMap((row, r) => row.flatMap((d, c) => (d ? [`${r},${c}`] : []))));
  assert.deepEqual(drawn, dark);
  assert.match(svg, new RegExp(`viewBox="0 0 ${matrix.length + 8} ${matrix.length + 8}"`));
  assert.ok(svg.includes('label &lt;b&gt;') && !svg.includes('<b>'));
});
