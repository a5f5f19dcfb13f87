/**
 * The manifest's canonical form, `JSON.stringify(value, null, 2) + '\n'` (FORMAT.md §3), made and
 * checked piece by piece instead of as one string. At 1,000,000 entries the manifest is ~230 MB:
 * a verifier's canonical copy (and the garbage of making it) was a second one in memory at once,
 * the largest transient of a verify, and pack's whole text the largest thing it held
 * (docs/PERFORMANCE.md, "Many small files"). The root object and arrays are walked as
 * JSON.stringify walks them (own keys in their order, two spaces per level, `": "` after a key),
 * and every other value — each manifest entry, say — is stringified on its own by JSON.stringify
 * itself, indented to its depth. Pieces stay small and short-lived, and the work stays in native
 * code (a character-by-character walk in JavaScript was several times slower than JSON.stringify).
 * Pure.
 */

/**
 * Hands `JSON.stringify(value, null, 2) + '\n'` to `emit` in order, piece by piece: joined, the
 * pieces are exactly that text. Stops as soon as `emit` returns false. For plain data — what
 * JSON.parse makes and what pack builds — with no `toJSON` method on the root object or an array.
 * Returns false when stopped, or when JSON.stringify would write no text for `value`; throws a
 * RangeError where nesting is deeper than the stack.
 */
export function writeCanonicalJson(value: unknown, emit: (piece: string) => boolean): boolean {
  const indents: string[] = [];
  const indent = (depth: number) => (indents[depth] ??= ' '.repeat(2 * depth));
  /** Any value at `depth`, written by JSON.stringify: its line breaks then take the depth's indent. */
  const native = (v: unknown, depth: number): boolean => {
    // Wrapped in `depth` one-element arrays, JSON.stringify indents the value exactly as it stands
    // in the document; the wrapping's own brackets are a known prefix and suffix, cut off by a
    // slice (which V8 makes without copying).
    let wrapped = v;
    for (let d = 0; d < depth; d++) wrapped = [wrapped];
    const s = JSON.stringify(wrapped, null, 2) as string | undefined;
    if (s === undefined) return false;
    const head = depth * (depth + 3); // Σ over levels 1..depth of '[' '\n' and 2·level spaces
    const tail = depth * (depth + 1); // Σ over levels 0..depth-1 of '\n', 2·level spaces and ']'
    return emit(depth === 0 ? s : s.slice(head, s.length - tail));
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (Array.isArray(v)) {
      if (v.length === 0) return emit('[]');
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (!emit(i === 0 ? '\n' : ',\n') || !emit(indent(depth + 1)) || !walk(v[i], depth + 1)) return false;
      }
      return emit('\n') && emit(indent(depth)) && emit(']');
    }
    if (depth > 0 || v === null || typeof v !== 'object') return native(v, depth);
    // JSON.stringify leaves out a key whose value it cannot write (JSON.parse never makes one).
    const keys = Object.keys(v).filter((k) => isWritable((v as Record<string, unknown>)[k]));
    if (keys.length === 0) return emit('{}');
    if (!emit('{')) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!emit(i === 0 ? '\n' : ',\n') || !emit(indent(depth + 1)) || !emit(JSON.stringify(k)) || !emit(': ')) return false;
      if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return emit('\n') && emit(indent(depth)) && emit('}');
  };
  return walk(value, 0) && emit('\n');
}

function isWritable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/**
 * True when `text` is `JSON.stringify(value, null, 2) + '\n'`, compared in place piece by piece
 * (writeCanonicalJson). `value` is what JSON.parse made of `text`.
 */
export function isCanonicalJson(value: unknown, text: string): boolean {
  let pos = 0;
  const lit = (s: string): boolean => {
    if (!text.startsWith(s, pos)) return false;
    pos += s.length;
    return true;
  };
  try {
    return writeCanonicalJson(value, lit) && pos === text.length;
  } catch (e) {
    // Nesting deeper than the stack: JSON.stringify itself could not write it either.
    if (e instanceof RangeError) return false;
    throw e;
  }
}
