/** A region of source text. `line` and `col` are 1-based and locate `offset`. */
export interface Span {
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly col: number;
}

export const NO_SPAN: Span = { offset: 0, length: 0, line: 1, col: 1 };

/** The span covering both `a` and `b` (a must start first). */
export function joinSpans(a: Span, b: Span): Span {
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { offset: a.offset, length: end - a.offset, line: a.line, col: a.col };
}
