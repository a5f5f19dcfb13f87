/**
 * Whether a JSON text is exactly `JSON.stringify(value, null, 2) + '\n'` for the value it parsed
 * to — the manifest's canonical-form rule (FORMAT.md §3) — without building that string. At
 * 1,000,000 entries the manifest is ~230 MB; the canonical copy (and the garbage of making it)
 * was a second one in memory at once, the largest transient of a verify (docs/PERFORMANCE.md,
 * "Many small files"). This walks the value as JSON.stringify does (own keys in their order, two
 * spaces per level, `": "` after a key, primitives as JSON.stringify writes them) and compares
 * each piece in place. Pure, no Node APIs.
 */

/** True when `text` is `JSON.stringify(value, null, 2) + '\n'`. `value` is what JSON.parse made of `text`. */
export function isCanonicalJson(value: unknown, text: string): boolean {
  let pos = 0;
  const indents: string[] = [];
  const indent = (depth: number) => (indents[depth] ??= ' '.repeat(2 * depth));
  const lit = (s: string): boolean => {
    if (!text.startsWith(s, pos)) return false;
    pos += s.length;
    return true;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (Array.isArray(v)) {
      if (v.length === 0) return lit('[]');
      if (!lit('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (!lit(i === 0 ? '\n' : ',\n') || !lit(indent(depth + 1)) || !walk(v[i], depth + 1)) return false;
      }
      return lit('\n') && lit(indent(depth)) && lit(']');
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) return lit('{}');
      if (!lit('{')) return false;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (!lit(i === 0 ? '\n' : ',\n') || !lit(indent(depth + 1)) || !lit(JSON.stringify(k)) || !lit(': ')) return false;
        if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
      }
      return lit('\n') && lit(indent(depth)) && lit('}');
    }
    const s = JSON.stringify(v);
    return s !== undefined && lit(s);
  };
  try {
    return walk(value, 0) && lit('\n') && pos === text.length;
  } catch (e) {
    // Nesting deeper than the stack: JSON.stringify itself could not write it either.
    if (e instanceof RangeError) return false;
    throw e;
  }
}
