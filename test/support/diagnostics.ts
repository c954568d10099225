/** Checks shared by the diagnostic tests: well-formed spans and diagnostics. */
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Span } from '../../src/syntax/span.js';

const CODES: ReadonlySet<string> = new Set(DIAGNOSTIC_CODES);

/** The 1-based line and column of `offset` in `text` (columns count UTF-16 units, lines end at `\n`). */
export function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Why `span` is not a span of `text`, or undefined if it is one. */
export function spanProblem(text: string, span: Span): string | undefined {
  const { offset, length, line, col } = span;
  if (![offset, length, line, col].every(Number.isInteger)) return `non-integer span ${JSON.stringify(span)}`;
  if (offset < 0 || length < 0 || offset + length > text.length) return `span ${JSON.stringify(span)} outside a text of length ${text.length}`;
  const want = lineColOf(text, offset);
  if (want.line !== line || want.col !== col) return `span ${JSON.stringify(span)} should be at ${want.line}:${want.col}`;
  return undefined;
}

/** Why `d` is not a well-formed diagnostic about `text`, or undefined. */
export function diagnosticProblem(text: string, d: Diagnostic): string | undefined {
  if (!CODES.has(d.code)) return `unknown code ${String(d.code)}`;
  if (!['error', 'warning', 'note'].includes(d.severity)) return `bad severity ${String(d.severity)}`;
  if (typeof d.message !== 'string' || d.message.trim() === '') return `empty message for ${d.code}`;
  if (d.span) {
    const p = spanProblem(text, d.span);
    if (p) return `${d.code} (${d.message}): ${p}`;
  }
  for (const n of d.notes ?? []) if (typeof n !== 'string' || n.trim() === '') return `empty note in ${d.code}`;
  return undefined;
}

/** Every span-like field (`span`, `nameSpan`, `relationSpan`) of a syntax tree, with its path. */
export function collectSpans(node: unknown, path = '$', out: { path: string; span: Span }[] = []): { path: string; span: Span }[] {
  if (Array.isArray(node)) node.forEach((x, i) => collectSpans(x, `${path}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span' || k === 'nameSpan' || k === 'relationSpan') out.push({ path: `${path}.${k}`, span: v as Span });
      else collectSpans(v, `${path}.${k}`, out);
    }
  }
  return out;
}
