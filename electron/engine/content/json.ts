/**
 * JSON from a file being packed, parsed within limits: a size cap, a nesting cap checked before
 * parsing (so no later walk can recurse without bound), and a plain `null` for anything that is
 * not JSON — a hostile file is "not recognised", never an exception in the pack.
 */
import { CONTENT_LIMITS } from './limits';

/** The parsed value, or null when `bytes` is too big, too deep, not UTF-8 or not JSON. */
export function parseJsonCapped(bytes: Uint8Array, maxBytes: number = CONTENT_LIMITS.maxKeptFile): unknown {
  if (bytes.length > maxBytes || !shallowEnough(bytes)) return null;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return null;
  }
}

/** True when arrays and objects nest at most CONTENT_LIMITS.maxJsonDepth deep (brackets inside strings ignored). */
function shallowEnough(bytes: Uint8Array): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) { if (++depth > CONTENT_LIMITS.maxJsonDepth) return false; }
    else if (b === 0x5d || b === 0x7d) depth--;
  }
  return true;
}

/** `value` as a plain object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** `value` as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
