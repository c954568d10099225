/** Structural equality of syntax trees, spans ignored. */

/** A deep copy of `node` with every `span`, `nameSpan` and `relationSpan` removed. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map((x) => stripSpans(x)) as T;
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span' || k === 'nameSpan' || k === 'relationSpan') continue;
      out[k] = stripSpans(v);
    }
    return out as T;
  }
  return node;
}
