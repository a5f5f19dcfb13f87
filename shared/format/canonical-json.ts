/**
 * Whether a JSON text is exactly `JSON.stringify(value, null, 2) + '\n'` for the value it parsed
 * to — the manifest's canonical-form rule (FORMAT.md §3) — without building that string whole. At
 * 1,000,000 entries the manifest is ~230 MB; the canonical copy (and the garbage of making it)
 * was a second one in memory at once, the largest transient of a verify (docs/PERFORMANCE.md,
 * "Many small files"). Here the root object and arrays are walked as JSON.stringify walks them
 * (own keys in their order, two spaces per level, `": "` after a key), and every other value — each
 * manifest entry, say — is stringified on its own by JSON.stringify itself, indented to its depth,
 * and compared in place. Pieces stay small and short-lived, and the work stays in native code (a
 * character-by-character walk in JavaScript was several times slower than JSON.stringify). Pure.
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
  /** Any value at `depth`, written by JSON.stringify: its line breaks then take the depth's indent. */
  const native = (v: unknown, depth: number): boolean => {
    // Wrapped in `depth` one-element arrays, JSON.stringify indents the value exactly as it stands
    // in the document; the wrapping's own brackets are a known prefix and suffix, cut off by a
    // slice (which V8 makes without copying).
    let wrapped = v;
    for (let d = 0; d < depth; d++) wrapped = [wrapped];
    const s = JSON.stringify(wrapped, null, 2);
    if (s === undefined) return false;
    const head = depth * (depth + 3); // Σ over levels 1..depth of '[' '\n' and 2·level spaces
    const tail = depth * (depth + 1); // Σ over levels 0..depth-1 of '\n', 2·level spaces and ']'
    return lit(depth === 0 ? s : s.slice(head, s.length - tail));
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
    if (depth > 0 || v === null || typeof v !== 'object') return native(v, depth);
    const keys = Object.keys(v);
    if (keys.length === 0) return lit('{}');
    if (!lit('{')) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!lit(i === 0 ? '\n' : ',\n') || !lit(indent(depth + 1)) || !lit(JSON.stringify(k)) || !lit(': ')) return false;
      if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return lit('\n') && lit(indent(depth)) && lit('}');
  };
  try {
    return walk(value, 0) && lit('\n') && pos === text.length;
  } catch (e) {
    // Nesting deeper than the stack: JSON.stringify itself could not write it either.
    if (e instanceof RangeError) return false;
    throw e;
  }
}
