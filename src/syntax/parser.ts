/**
 * Recursive-descent parser for `.ded` files. It never throws on bad input: a
 * syntax error becomes a diagnostic, the parser skips to the end of that
 * statement and goes on, so one run reports every statement's first error.
 *
 * Statements end with `.` or at the end of a line. A rule may continue on the
 * next line after `:-`, `,`, an open parenthesis, or when the next line starts
 * with `,`.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import {
  AGGREGATES,
  TYPES,
  type AggregateFn,
  type AttrDecl,
  type BodyLit,
  type CmpOp,
  type Expr,
  type Head,
  type Item,
  type Program,
  type RelationRole,
  type RuleOp,
  type TypeName,
  type VarExpr,
} from './ast.js';
import { lex } from './lexer.js';
import { joinSpans, type Span } from './span.js';
import { describeToken, type Token, type TokenKind } from './tokens.js';

export interface ParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Largest integer literal: ints are safe JavaScript integers. */
export const MAX_INT = Number.MAX_SAFE_INTEGER;

/**
 * Deepest expression accepted, counting both the nesting of parentheses, calls
 * and unary minus and the depth of the resulting tree (`a + a + ... + a` is a
 * deep tree). The parser, printer and checker walk expressions recursively, so
 * without a bound a long enough line overflows the stack and throws.
 */
export const MAX_EXPR_DEPTH = 256;

const RELATION_DIRECTIVES: Record<string, RelationRole> = { input: 'input', output: 'output', decl: 'decl', edb: 'edb' };
const DIRECTIVES = ['input', 'output', 'decl', 'edb', 'fn', 'persist', 'component'];
const CMP_KINDS: readonly TokenKind[] = ['<', '<=', '>', '>=', '==', '!='];
const RULE_OPS: readonly TokenKind[] = [':-', ':+', ':~'];

/** Internal signal: the current statement is abandoned (its diagnostic is already recorded). */
class Abandon {}

export function parse(text: string): ParseResult {
  const { tokens, diagnostics } = lex(text);
  const parser = new Parser(tokens, diagnostics);
  const items = parser.parseItems();
  diagnostics.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
  return { program: { items }, diagnostics };
}

class Parser {
  private pos = 0;
  /** Active recursion of parseUnary, and the tree depth of each built expression (leaves: 1). */
  private nesting = 0;
  private readonly depths = new WeakMap<Expr, number>();
  private last: Token;
  /** Offsets of string tokens the lexer found unterminated (and reported). */
  private readonly unterminated: ReadonlySet<number>;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly diagnostics: Diagnostic[],
  ) {
    this.last = tokens[0]!;
    this.unterminated = new Set(diagnostics.filter((d) => d.code === 'unterminated-string').map((d) => d.span?.offset ?? -1));
  }

  // ------------------------------------------------------------ token access

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    this.last = t;
    return t;
  }

  private at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  private skipNewlines(): void {
    while (this.at('newline')) this.advance();
  }

  /** The next token that is not a newline, without consuming anything. */
  private peekPastNewlines(): Token {
    let i = this.pos;
    while (this.tokens[i] && this.tokens[i]!.kind === 'newline') i++;
    return this.tokens[Math.min(i, this.tokens.length - 1)]!;
  }

  private fail(message: string, span: Span = this.peek().span, notes?: string[]): never {
    this.diagnostics.push(error('syntax-error', message, span, notes));
    throw new Abandon();
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(`expected ${what}, found ${describeToken(t)}`);
    return this.advance();
  }

  private spanFrom(start: Span): Span {
    return joinSpans(start, this.last.span);
  }

  // ------------------------------------------------------------ statements

  parseItems(): Item[] {
    const items: Item[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.at('eof')) return items;
      const before = this.pos;
      try {
        const item = this.parseItem();
        this.endStatement();
        items.push(item);
      } catch (e) {
        if (!(e instanceof Abandon)) throw e;
        this.recover(before);
      }
    }
  }

  private parseItem(): Item {
    const t = this.peek();
    if (t.kind === 'directive') return this.parseDirective();
    if (t.kind === 'ident') return this.parseRule();
    return this.fail(`expected a declaration (such as \`.decl\`) or a rule, found ${describeToken(t)}`);
  }

  /** A statement ends with `.`, a line end or the file end. */
  private endStatement(): void {
    if (this.at('.')) {
      this.advance();
      return;
    }
    if (this.at('newline') || this.at('eof')) return;
    this.fail(`expected \`.\` or end of line after the statement, found ${describeToken(this.peek())}`);
  }

  /** Skip the rest of a broken statement: up to a `.` or a line end outside parentheses. */
  private recover(before: number): void {
    if (this.pos === before) this.advance();
    let depth = 0;
    while (!this.at('eof')) {
      const t = this.peek();
      if (t.kind === '(') depth++;
      else if (t.kind === ')') depth = Math.max(0, depth - 1);
      else if (t.kind === '.' && depth === 0) {
        this.advance();
        return;
      } else if (t.kind === 'newline' && depth === 0) {
        const prev = this.last.kind;
        const continues = prev === ',' || RULE_OPS.includes(prev) || this.peekPastNewlines().kind === ',';
        if (!continues) return;
      } else if (t.kind === 'directive' && this.last.kind === 'newline') {
        // A directive at the start of a line always starts a new statement, even
        // after an unclosed `(`: otherwise one missing `)` hides the rest of the file.
        return;
      }
      this.advance();
    }
  }

  // ------------------------------------------------------------ declarations

  private parseDirective(): Item {
    const d = this.advance();
    const name = d.text;
    const role = RELATION_DIRECTIVES[name];
    if (role !== undefined) {
      const id = this.expect('ident', `a relation name after \`.${name}\``);
      const attrs = this.parseAttrList(`the attributes of \`${id.text}\``);
      return { kind: 'relation', role, name: id.text, nameSpan: id.span, attrs, span: this.spanFrom(d.span) };
    }
    switch (name) {
      case 'fn': {
        const id = this.expect('ident', 'a function name after `.fn`');
        const params = this.parseAttrList(`the parameters of \`${id.text}\``);
        this.expect('->', '`->` and the result type');
        const result = this.parseType();
        return { kind: 'fn', name: id.text, nameSpan: id.span, params, result, span: this.spanFrom(d.span) };
      }
      case 'persist': {
        const id = this.expect('ident', 'a relation name after `.persist`');
        return { kind: 'persist', relation: id.text, nameSpan: id.span, span: this.spanFrom(d.span) };
      }
      case 'component': {
        const id = this.expect('ident', 'a component name after `.component`');
        return { kind: 'component', name: id.text, nameSpan: id.span, span: this.spanFrom(d.span) };
      }
      default:
        return this.fail(`unknown directive \`.${name}\``, d.span, [
          `expected one of ${DIRECTIVES.map((x) => '.' + x).join(', ')}`,
        ]);
    }
  }

  private parseAttrList(what: string): AttrDecl[] {
    this.expect('(', `\`(\` and ${what}`);
    const attrs: AttrDecl[] = [];
    this.skipNewlines();
    if (this.at(')')) {
      this.advance();
      return attrs;
    }
    for (;;) {
      this.skipNewlines();
      const id = this.expect('ident', 'an attribute name');
      this.expect(':', `\`:\` and a type after \`${id.text}\``);
      const type = this.parseType();
      attrs.push({ name: id.text, type, span: this.spanFrom(id.span) });
      this.skipNewlines();
      if (this.at(',')) {
        this.advance();
        continue;
      }
      this.expect(')', '`,` or `)`');
      return attrs;
    }
  }

  private parseType(): TypeName {
    const t = this.peek();
    if (t.kind === 'ident' && (TYPES as readonly string[]).includes(t.text)) {
      this.advance();
      return t.text as TypeName;
    }
    if (t.kind === 'ident') {
      this.diagnostics.push(error('unknown-type', `unknown type \`${t.text}\`; expected one of ${TYPES.join(', ')}`, t.span));
      throw new Abandon();
    }
    return this.fail(`expected a type (${TYPES.join(', ')}), found ${describeToken(t)}`);
  }

  // ------------------------------------------------------------ rules

  private parseRule(): Item {
    const head = this.parseHead();
    this.skipNewlines();
    const opTok = this.peek();
    if (!RULE_OPS.includes(opTok.kind)) {
      this.fail(`expected \`:-\`, \`:+\` or \`:~\` after the rule head, found ${describeToken(opTok)}`);
    }
    this.advance();
    const op = opTok.kind as RuleOp;
    const body: BodyLit[] = [];
    for (;;) {
      this.skipNewlines();
      body.push(this.parseLiteral());
      const t = this.peek();
      if (t.kind === ',') {
        this.advance();
        continue;
      }
      if (t.kind === 'newline' && this.peekPastNewlines().kind === ',') {
        this.skipNewlines();
        this.advance();
        continue;
      }
      break;
    }
    return { kind: 'rule', head, op, body, span: this.spanFrom(head.span) };
  }

  private parseHead(): Head {
    const id = this.expect('ident', 'a rule head');
    let dest: VarExpr | undefined;
    if (this.at('@')) {
      this.advance();
      const d = this.expect('ident', 'a destination variable after `@`');
      dest = { kind: 'var', name: d.text, span: d.span };
    }
    const args = this.parseArgs(`the arguments of \`${id.text}\``);
    return { relation: id.text, relationSpan: id.span, ...(dest ? { dest } : {}), args, span: this.spanFrom(id.span) };
  }

  private parseArgs(what: string): Expr[] {
    this.expect('(', `\`(\` and ${what}`);
    const args: Expr[] = [];
    this.skipNewlines();
    if (this.at(')')) {
      this.advance();
      return args;
    }
    for (;;) {
      this.skipNewlines();
      args.push(this.parseExpr());
      this.skipNewlines();
      if (this.at(',')) {
        this.advance();
        continue;
      }
      this.expect(')', '`,` or `)`');
      return args;
    }
  }

  private parseLiteral(): BodyLit {
    const start = this.peek();
    if (start.kind === '!') {
      this.advance();
      const id = this.expect('ident', 'a relation after `!`');
      const args = this.parseArgs(`the arguments of \`${id.text}\``);
      return { kind: 'atom', negated: true, relation: id.text, relationSpan: id.span, args, span: this.spanFrom(start.span) };
    }
    const left = this.parseExpr();
    const t = this.peek();
    if (CMP_KINDS.includes(t.kind)) {
      this.advance();
      this.skipNewlines();
      const right = this.parseExpr();
      return { kind: 'compare', op: t.kind as CmpOp, left, right, span: this.spanFrom(start.span) };
    }
    if (t.kind === '=') {
      this.advance();
      this.skipNewlines();
      const value = this.parseExpr();
      return { kind: 'assign', target: left, value, span: this.spanFrom(start.span) };
    }
    if (left.kind === 'call') {
      return {
        kind: 'atom',
        negated: false,
        relation: left.fn,
        relationSpan: { ...start.span },
        args: left.args,
        span: left.span,
      };
    }
    return this.fail(
      `expected an atom such as \`r(x)\`, a comparison or an assignment, found ${describeExprStart(left)}`,
      left.span,
    );
  }

  // ------------------------------------------------------------ expressions

  private depthOf(e: Expr): number {
    return this.depths.get(e) ?? 1;
  }

  /** Records the depth of `e` built over `children`; too deep is a syntax error at `at`. */
  private deep<T extends Expr>(e: T, children: readonly Expr[], at: Span): T {
    const d = 1 + children.reduce((m, c) => Math.max(m, this.depthOf(c)), 0);
    if (d > MAX_EXPR_DEPTH) this.fail(`expression nested too deeply (more than ${MAX_EXPR_DEPTH} levels); split it with assignments`, at);
    this.depths.set(e, d);
    return e;
  }

  private parseExpr(): Expr {
    let left = this.parseTerm();
    while (this.at('+') || this.at('-')) {
      const opTok = this.advance();
      const op = opTok.kind as '+' | '-';
      this.skipNewlines();
      const right = this.parseTerm();
      left = this.deep({ kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) }, [left, right], opTok.span);
    }
    return left;
  }

  private parseTerm(): Expr {
    let left = this.parseUnary();
    while (this.at('*') || this.at('/') || this.at('%')) {
      const opTok = this.advance();
      const op = opTok.kind as '*' | '/' | '%';
      this.skipNewlines();
      const right = this.parseUnary();
      left = this.deep({ kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) }, [left, right], opTok.span);
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.nesting >= MAX_EXPR_DEPTH) {
      this.fail(`expression nested too deeply (more than ${MAX_EXPR_DEPTH} levels); split it with assignments`);
    }
    this.nesting++;
    try {
      return this.parseUnaryOrPrimary();
    } finally {
      this.nesting--;
    }
  }

  private parseUnaryOrPrimary(): Expr {
    if (!this.at('-')) return this.parsePrimary();
    const minus = this.advance();
    if (this.at('int')) {
      const lit = this.advance();
      // `0 - v`, not `-v`: the literal `-0` is the int 0, never JavaScript's -0.
      return { kind: 'int', value: 0 - this.intValue(lit), span: this.spanFrom(minus.span) };
    }
    const operand = this.parseUnary();
    const zero: Expr = { kind: 'int', value: 0, span: minus.span };
    return this.deep({ kind: 'binary', op: '-', left: zero, right: operand, span: this.spanFrom(minus.span) }, [zero, operand], minus.span);
  }

  private intValue(t: Token): number {
    // `12ab`: the lexer has reported it already.
    if (!/^[0-9]+$/.test(t.text)) return 0;
    const v = Number(t.text);
    if (!Number.isSafeInteger(v)) {
      this.diagnostics.push(error('bad-number', `integer literal ${t.text} is too large (ints are below 2^53 in magnitude)`, t.span));
      return 0;
    }
    return v;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'int':
        this.advance();
        return { kind: 'int', value: this.intValue(t), span: t.span };
      case 'string':
        this.advance();
        // An unterminated string ate the rest of its line, closing parentheses
        // included: drop the statement quietly rather than look for a `)` on
        // the following lines and report them as errors too.
        if (this.unterminated.has(t.span.offset)) throw new Abandon();
        return { kind: 'string', value: t.text, span: t.span };
      case '(': {
        this.advance();
        this.skipNewlines();
        const inner = this.parseExpr();
        this.skipNewlines();
        this.expect(')', '`)`');
        return inner;
      }
      case 'ident':
        return this.parseNamed();
      default:
        return this.fail(`expected a value, a variable or an expression, found ${describeToken(t)}`);
    }
  }

  private parseNamed(): Expr {
    const t = this.advance();
    if (t.text === '_') return { kind: 'wildcard', span: t.span };
    if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', span: t.span };
    if ((AGGREGATES as readonly string[]).includes(t.text) && this.at('<') && this.peek(1).kind === 'ident' && this.peek(2).kind === '>') {
      this.advance();
      const v = this.advance();
      this.advance();
      const arg: VarExpr = { kind: 'var', name: v.text, span: v.span };
      return { kind: 'aggregate', fn: t.text as AggregateFn, arg, span: this.spanFrom(t.span) };
    }
    if (this.at('(')) {
      const args = this.parseArgs(`the arguments of \`${t.text}\``);
      return this.deep({ kind: 'call', fn: t.text, args, span: this.spanFrom(t.span) }, args, t.span);
    }
    return { kind: 'var', name: t.text, span: t.span };
  }
}

function describeExprStart(e: Expr): string {
  switch (e.kind) {
    case 'var':
      return `a lone variable \`${e.name}\``;
    case 'wildcard':
      return '`_`';
    case 'int':
    case 'string':
    case 'bool':
      return 'a constant';
    case 'aggregate':
      return 'an aggregate';
    default:
      return 'an expression';
  }
}
