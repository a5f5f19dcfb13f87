/**
 * Formatting of sizes, rates, durations and digests for people: the CLI, the renderer and printed
 * documents all use these, so a number reads the same everywhere.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB"; whole bytes below 1 KiB; three significant digits above. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Bytes per second → "312 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Seconds → "45 s", "3 min 05 s", "2 h 07 min"; null or non-finite → "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Whole-number percentage of done over total, clamped to 0–100; 100 when total is 0. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/**
 * A hex digest in groups of four for reading aloud: "3f9a 1c22 …". `perLine` groups per line
 * (joined with newlines) when given.
 */
export function groupHex(hex: string, perLine?: number): string {
  const groups = hex.match(/.{1,4}/g) ?? [];
  if (!perLine) return groups.join(' ');
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += perLine) lines.push(groups.slice(i, i + perLine).join(' '));
  return lines.join('\n');
}

/**
 * Parses a size as people write it: "4G", "700M", "1.5GiB", "4294967295", "64k". Binary units
 * (K = 1024). Returns null when the text is not a size.
 */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const value = Math.floor(Number(m[1]) * 1024 ** power);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Parses a duration: "30d", "12h", "90m", "3600s", "2w". Returns seconds, or null when the text
 * is not a duration.
 */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(text);
  if (!m) return null;
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  const value = Number(m[1]) * unit;
  return value > 0 && Number.isSafeInteger(value) ? value : null;
}
