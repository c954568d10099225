/**
 * Canonical text of a program. Comments and layout are not kept; for any
 * program p, `parse(printProgram(p))` gives p back (spans aside).
 */
import type { AttrDecl, BodyLit, Expr, Head, Item, Program, Rule } from './ast.js';

export function printProgram(p: Program): string {
  const lines: string[] = [];
  for (const item of p.items) {
    if (item.kind === 'component' && lines.length > 0) lines.push('');
    lines.push(printItem(item));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function printItem(item: Item): string {
  switch (item.kind) {
    case 'relation':
      return `.${item.role} ${item.name}(${printAttrs(item.attrs)})`;
    case 'fn':
      return `.fn ${item.name}(${printAttrs(item.params)}) -> ${item.result}`;
    case 'persist':
      return `.persist ${item.relation}`;
    case 'component':
      return `.component ${item.name}`;
    case 'rule':
      return printRule(item);
  }
}

function printAttrs(attrs: readonly AttrDecl[]): string {
  return attrs.map((a) => `${a.name}: ${a.type}`).join(', ');
}

export function printRule(r: Rule): string {
  return `${printHead(r.head)} ${r.op} ${r.body.map(printLiteral).join(', ')}`;
}

export function printHead(h: Head): string {
  const dest = h.dest ? `@${h.dest.name}` : '';
  return `${h.relation}${dest}(${h.args.map((a) => printExpr(a)).join(', ')})`;
}

export function printLiteral(l: BodyLit): string {
  switch (l.kind) {
    case 'atom':
      return `${l.negated ? '!' : ''}${l.relation}(${l.args.map((a) => printExpr(a)).join(', ')})`;
    case 'compare':
      return `${printExpr(l.left)} ${l.op} ${printExpr(l.right)}`;
    case 'assign':
      return `${printExpr(l.target)} = ${printExpr(l.value)}`;
  }
}

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 };

/** Prints `e`, parenthesised where the grammar's precedence needs it. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'var':
      return e.name;
    case 'wildcard':
      return '_';
    case 'int':
      return String(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'string':
      return printString(e.value);
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a)).join(', ')})`;
    case 'aggregate':
      return `${e.fn}<${e.arg.name}>`;
    case 'binary': {
      const p = PRECEDENCE[e.op]!;
      const left = printOperand(e.left, (q) => q < p);
      // Operators are left-associative: an equal-precedence right operand needs parentheses.
      const right = printOperand(e.right, (q) => q <= p);
      return `${left} ${e.op} ${right}`;
    }
  }
}

function printOperand(e: Expr, needsParens: (prec: number) => boolean): string {
  const text = printExpr(e);
  if (e.kind === 'binary' && needsParens(PRECEDENCE[e.op]!)) return `(${text})`;
  return text;
}

/** A string literal with `"`, `\` and control characters escaped. */
export function printString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}
