/**
 * The lexer never throws: it returns every token it could read and a
 * diagnostic for every character or string it could not.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from './span.js';
import type { Token, TokenKind } from './tokens.js';

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Two-character operators first, so `:-` wins over `:`. */
const OPERATORS: readonly TokenKind[] = [
  ':-', ':+', ':~', '->', '==', '!=', '<=', '>=',
  '(', ')', ',', '@', '!', ':', '=', '<', '>', '+', '-', '*', '/', '%',
];

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const spanAt = (start: number, end: number, startLine: number, startCol: number): Span => ({
    offset: start,
    length: end - start,
    line: startLine,
    col: startCol,
  });
  const push = (kind: TokenKind, start: number, tokText: string, startLine = line, startCol = start - lineStart + 1): void => {
    tokens.push({ kind, text: tokText, span: spanAt(start, pos, startLine, startCol) });
  };

  while (pos < text.length) {
    const c = text[pos]!;
    const start = pos;
    const col = pos - lineStart + 1;

    if (c === '\n') {
      pos++;
      push('newline', start, '\n', line, col);
      line++;
      lineStart = pos;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      pos++;
      continue;
    }
    if (c === '#' || (c === '/' && text[pos + 1] === '/')) {
      while (pos < text.length && text[pos] !== '\n') pos++;
      continue;
    }
    if (isIdentStart(c)) {
      while (pos < text.length && isIdentPart(text[pos]!)) pos++;
      push('ident', start, text.slice(start, pos));
      continue;
    }
    if (isDigit(c)) {
      while (pos < text.length && isDigit(text[pos]!)) pos++;
      if (pos < text.length && isIdentStart(text[pos]!)) {
        while (pos < text.length && isIdentPart(text[pos]!)) pos++;
        diagnostics.push(
          error('bad-number', `\`${text.slice(start, pos)}\` is not a number or a name`, spanAt(start, pos, line, col)),
        );
      }
      push('int', start, text.slice(start, pos));
      continue;
    }
    if (c === '.') {
      pos++;
      if (pos < text.length && isIdentStart(text[pos]!)) {
        const nameStart = pos;
        while (pos < text.length && isIdentPart(text[pos]!)) pos++;
        push('directive', start, text.slice(nameStart, pos));
      } else {
        push('.', start, '.');
      }
      continue;
    }
    if (c === '"') {
      pos++;
      let value = '';
      let closed = false;
      while (pos < text.length) {
        const d = text[pos]!;
        if (d === '"') {
          pos++;
          closed = true;
          break;
        }
        if (d === '\n') break;
        if (d === '\\') {
          const escStart = pos;
          const e = text[pos + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (e !== undefined && simple[e] !== undefined) {
            value += simple[e];
            pos += 2;
            continue;
          }
          const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(text.slice(pos, pos + 10));
          const code = braced ? parseInt(braced[1]!, 16) : NaN;
          if (braced && code <= 0x10ffff) {
            value += String.fromCodePoint(code);
            pos += braced[0].length;
            continue;
          }
          pos += e === undefined || e === '\n' ? 1 : 2;
          diagnostics.push(
            error(
              'syntax-error',
              'unknown escape in string; expected \\n, \\t, \\r, \\", \\\\ or \\u{hex}',
              spanAt(escStart, pos, line, escStart - lineStart + 1),
            ),
          );
          continue;
        }
        value += d;
        pos++;
      }
      if (!closed) {
        diagnostics.push(
          error('unterminated-string', 'unterminated string: expected a closing `"` before the end of the line', spanAt(start, pos, line, col)),
        );
      }
      push('string', start, value, line, col);
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, pos));
    if (op !== undefined) {
      pos += op.length;
      push(op, start, op);
      continue;
    }
    // A stray character: report it once per run of such characters.
    const cp = text.codePointAt(pos)!;
    const ch = String.fromCodePoint(cp);
    pos += ch.length;
    while (pos < text.length) {
      const n = text[pos]!;
      if (n === '\n' || n === ' ' || n === '\t' || n === '\r' || isIdentPart(n) || n === '"' || n === '.' || n === '#') break;
      if (OPERATORS.some((o) => text.startsWith(o, pos))) break;
      pos += String.fromCodePoint(text.codePointAt(pos)!).length;
    }
    const run = text.slice(start, pos);
    const printable = [...run].every((x) => x.codePointAt(0)! >= 0x20 && x.codePointAt(0) !== 0x7f);
    const shown = printable ? `\`${run}\`` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const what = [...run].length > 1 ? 'unexpected characters' : 'unexpected character';
    diagnostics.push(error('unexpected-character', `${what} ${shown}`, spanAt(start, pos, line, col)));
  }
  tokens.push({ kind: 'eof', text: '', span: spanAt(pos, pos, line, pos - lineStart + 1) });
  return { tokens, diagnostics };
}
