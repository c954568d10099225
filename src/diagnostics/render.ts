/**
 * Renders diagnostics like a compiler:
 *
 *     voting.ded:12:15: error[unknown-relation]: unknown relation `vots`
 *      12 | done(c, i) :- vots(c, i)
 *         |               ^^^^
 *         = did you mean `votes`?
 */
import type { Diagnostic } from './diagnostic.js';

export interface SourceRef {
  /** Path shown in front of each message. */
  readonly file?: string;
  /** The file's text, to quote the offending line. */
  readonly text?: string;
}

export function renderDiagnostic(d: Diagnostic, source: SourceRef = {}): string {
  const file = d.file ?? source.file;
  const where = d.span ? `${file ?? '<input>'}:${d.span.line}:${d.span.col}: ` : file ? `${file}: ` : '';
  const out = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  // The quoted line is ` 12 | text`; the caret and note lines must put their bar
  // in the same column (one past the gutter), or the caret points one column off.
  const gutter = d.span ? String(d.span.line).length + 1 : 0;
  const pad = ' '.repeat(gutter + 1);
  if (d.span && source.text !== undefined) {
    const lineText = sourceLine(source.text, d.span.line);
    if (lineText !== undefined) {
      const shown = lineText.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '\u00b7');
      out.push(`${' '.repeat(gutter - String(d.span.line).length)}${d.span.line} | ${shown}`);
      const before = shown.slice(0, d.span.col - 1).replace(/[^\t]/g, ' ');
      const width = Math.max(1, Math.min(d.span.length, shown.length - (d.span.col - 1)));
      out.push(`${pad}| ${before}${'^'.repeat(width)}`);
    }
  }
  for (const note of d.notes ?? []) out.push(`${pad}= ${note}`);
  return out.join('\n');
}

export function renderDiagnostics(ds: readonly Diagnostic[], source: SourceRef = {}): string {
  return ds.map((d) => renderDiagnostic(d, source)).join('\n\n');
}

/** One-line summary such as `2 errors, 1 warning`. */
export function summarizeDiagnostics(ds: readonly Diagnostic[]): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  const part = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return warnings ? `${part(errors, 'error')}, ${part(warnings, 'warning')}` : part(errors, 'error');
}

function sourceLine(text: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
