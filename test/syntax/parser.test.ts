import { describe, expect, it } from 'vitest';
import type { BodyLit, Rule } from '../../src/syntax/ast.js';
import { stripSpans } from '../../src/syntax/equal.js';
import { MAX_EXPR_DEPTH, parse } from '../../src/syntax/parser.js';

const diags = (text: string): [string, number, number, string][] =>
  parse(text).diagnostics.map((d) => [d.code, d.span?.line ?? 0, d.span?.col ?? 0, d.message]);

function rules(text: string): Rule[] {
  const r = parse(text);
  expect(r.diagnostics).toEqual([]);
  return r.program.items.filter((i): i is Rule => i.kind === 'rule');
}

function body(text: string): unknown[] {
  return stripSpans(rules(text)[0]!.body) as unknown[];
}

describe('statements', () => {
  it('parses every declaration kind', () => {
    const r = parse('.input i(a: loc)\n.output o()\n.decl d(a: int, b: string)\n.edb e(ok: bool)\n.fn f(x: string, y: int) -> loc\n.persist d\n.component c');
    expect(r.diagnostics).toEqual([]);
    expect(stripSpans(r.program.items)).toStrictEqual([
      { kind: 'relation', role: 'input', name: 'i', attrs: [{ name: 'a', type: 'loc' }] },
      { kind: 'relation', role: 'output', name: 'o', attrs: [] },
      { kind: 'relation', role: 'decl', name: 'd', attrs: [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }] },
      { kind: 'relation', role: 'edb', name: 'e', attrs: [{ name: 'ok', type: 'bool' }] },
      { kind: 'fn', name: 'f', params: [{ name: 'x', type: 'string' }, { name: 'y', type: 'int' }], result: 'loc' },
      { kind: 'persist', relation: 'd' },
      { kind: 'component', name: 'c' },
    ]);
  });

  it('ends statements with `.` or a line end, and allows several on a line with `.`', () => {
    const rs = rules('a(x) :- b(x). c(x) :+ d(x).\ne@x(x) :~ f(x)');
    expect(rs.map((r) => [r.head.relation, r.op, r.head.dest?.name])).toEqual([
      ['a', ':-', undefined],
      ['c', ':+', undefined],
      ['e', ':~', 'x'],
    ]);
  });

  it('continues a rule after `:-`, after `,`, inside parentheses and before a leading `,`', () => {
    const rs = rules('h(x,\n  y) :-\n  a(x),\n  b(\n y)\n  , c(x, y)\nnext(x) :- a(x)');
    expect(rs.map((r) => [r.head.relation, r.body.length])).toEqual([
      ['h', 3],
      ['next', 1],
    ]);
  });

  it('does not continue a rule onto a line without a comma', () => {
    expect(diags('h(x) :- a(x)\n  b(x)')).toEqual([
      ['syntax-error', 2, 7, 'expected `:-`, `:+` or `:~` after the rule head, found end of file'],
    ]);
  });

  it('gives a rule head and body atoms the spans of their names', () => {
    const [r] = rules('  votes(c) :- !done(c), tally(c)');
    expect(r!.head.relationSpan).toEqual({ offset: 2, length: 5, line: 1, col: 3 });
    expect(r!.body.map((l) => (l.kind === 'atom' ? [l.relationSpan.col, l.span.col, l.span.length] : null))).toEqual([
      [16, 15, 8],
      [25, 25, 8],
    ]);
    expect(r!.span).toEqual({ offset: 2, length: 30, line: 1, col: 3 });
  });
});

describe('body literals and expressions', () => {
  it('parses atoms, negation, comparisons with every operator and assignments', () => {
    expect(body('h(x) :- r(x, _, 3, "s", true), !q(x), x < 1, x <= 2, x > 3, x >= 4, x == 5, x != 6, y = x')).toStrictEqual([
      {
        kind: 'atom',
        negated: false,
        relation: 'r',
        args: [{ kind: 'var', name: 'x' }, { kind: 'wildcard' }, { kind: 'int', value: 3 }, { kind: 'string', value: 's' }, { kind: 'bool', value: true }],
      },
      { kind: 'atom', negated: true, relation: 'q', args: [{ kind: 'var', name: 'x' }] },
      ...(['<', '<=', '>', '>=', '==', '!='] as const).map((op, i) => ({ kind: 'compare', op, left: { kind: 'var', name: 'x' }, right: { kind: 'int', value: i + 1 } })),
      { kind: 'assign', target: { kind: 'var', name: 'y' }, value: { kind: 'var', name: 'x' } },
    ]);
  });

  it('gives `*`, `/`, `%` precedence over `+`, `-`, all left-associative', () => {
    const [lit] = body('h(x) :- y = a - b + c * d / e % f') as BodyLit[];
    const v = (name: string) => ({ kind: 'var', name });
    expect(lit).toStrictEqual({
      kind: 'assign',
      target: v('y'),
      value: {
        kind: 'binary',
        op: '+',
        left: { kind: 'binary', op: '-', left: v('a'), right: v('b') },
        right: {
          kind: 'binary',
          op: '%',
          left: { kind: 'binary', op: '/', left: { kind: 'binary', op: '*', left: v('c'), right: v('d') }, right: v('e') },
          right: v('f'),
        },
      },
    });
  });

  it('reads `-<literal>` as a negative literal, and `-0` as 0 (not -0)', () => {
    const lits = body('h(x) :- a = -7, b = -0, c = - 0, d = 0 - 0') as { value: { kind: string; value?: number } }[];
    expect(lits.map((l) => l.value.kind)).toEqual(['int', 'int', 'int', 'binary']);
    expect(Object.is(lits[0]!.value.value, -7)).toBe(true);
    expect(Object.is(lits[1]!.value.value, 0)).toBe(true);
    expect(Object.is(lits[2]!.value.value, 0)).toBe(true);
  });

  it('tells an aggregate from a comparison with a variable named like one', () => {
    expect(stripSpans(rules('t(count<p>, max<q>) :- r(p, q)')[0]!.head.args)).toStrictEqual([
      { kind: 'aggregate', fn: 'count', arg: { kind: 'var', name: 'p' } },
      { kind: 'aggregate', fn: 'max', arg: { kind: 'var', name: 'q' } },
    ]);
    expect(body('h(x) :- r(count, p), count < p, sum(x)')).toStrictEqual([
      { kind: 'atom', negated: false, relation: 'r', args: [{ kind: 'var', name: 'count' }, { kind: 'var', name: 'p' }] },
      { kind: 'compare', op: '<', left: { kind: 'var', name: 'count' }, right: { kind: 'var', name: 'p' } },
      { kind: 'atom', negated: false, relation: 'sum', args: [{ kind: 'var', name: 'x' }] },
    ]);
  });

  it('accepts the largest safe int and refuses the next one, once', () => {
    expect(diags('h(x) :- x = 9007199254740991, y = -9007199254740991')).toEqual([]);
    expect(diags('h(x) :- x = 9007199254740992')).toEqual([
      ['bad-number', 1, 13, 'integer literal 9007199254740992 is too large (ints are below 2^53 in magnitude)'],
    ]);
  });

  it('reports a number glued to letters once, not also as too large', () => {
    expect(diags('h(x) :- r(x), y = 123abc')).toEqual([['bad-number', 1, 19, '`123abc` is not a number or a name']]);
  });

  it('refuses a lone variable or constant as a body literal', () => {
    expect(diags('h(x) :- r(x), x\nh(x) :- 3')).toEqual([
      ['syntax-error', 1, 15, 'expected an atom such as `r(x)`, a comparison or an assignment, found a lone variable `x`'],
      ['syntax-error', 2, 9, 'expected an atom such as `r(x)`, a comparison or an assignment, found a constant'],
    ]);
  });
});

describe('expression depth', () => {
  const at = (expr: string) => diags(`h(y) :- r(x), y = ${expr}`);
  const tooDeep = `expression nested too deeply (more than ${MAX_EXPR_DEPTH} levels); split it with assignments`;

  it(`accepts expressions ${MAX_EXPR_DEPTH} deep`, () => {
    const depth = MAX_EXPR_DEPTH;
    expect(at('('.repeat(depth - 1) + 'x' + ')'.repeat(depth - 1))).toEqual([]);
    expect(at(Array(depth).fill('x').join(' + '))).toEqual([]); // depth - 1 binary nodes over leaves
    expect(at('f('.repeat(depth - 1) + 'x' + ')'.repeat(depth - 1))).toEqual([]);
  });

  it('refuses deeper ones with a syntax error instead of overflowing the stack', () => {
    const depth = MAX_EXPR_DEPTH + 1;
    expect(at('('.repeat(depth) + 'x' + ')'.repeat(depth)).map((d) => [d[0], d[3]])).toEqual([['syntax-error', tooDeep]]);
    expect(at(Array(depth + 1).fill('x').join(' + ')).map((d) => [d[0], d[3]])).toEqual([['syntax-error', tooDeep]]);
    expect(at('f('.repeat(depth) + 'x' + ')'.repeat(depth)).map((d) => [d[0], d[3]])).toEqual([['syntax-error', tooDeep]]);
    expect(at('- '.repeat(depth) + 'x').map((d) => [d[0], d[3]])).toEqual([['syntax-error', tooDeep]]);
  });

  it('goes on with the next statement after a too-deep one', () => {
    const r = parse(`h(y) :- r(x), y = ${'('.repeat(5000)}x${')'.repeat(5000)}\ng(x) :- r(x)`);
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([['syntax-error', 1]]);
    expect(r.program.items.map((i) => (i.kind === 'rule' ? i.head.relation : i.kind))).toEqual(['g']);
  });
});

describe('error recovery', () => {
  it('reports the first error of every statement and keeps the good ones', () => {
    const r = parse('.decl a(x: int)\n.decl b(x: nat)\n.bogus c\nh(x) :- a(x\n.decl d(x: int)\ng(x) :- a(x) extra\nk(x) :- a(x)');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([
      ['unknown-type', 2, 12],
      ['syntax-error', 3, 1],
      ['syntax-error', 5, 1],
      ['syntax-error', 6, 14],
    ]);
    expect(r.program.items.map((i) => (i.kind === 'rule' ? i.head.relation : `${i.kind}:${'name' in i ? i.name : ''}`))).toEqual([
      'relation:a',
      'relation:d',
      'k',
    ]);
  });

  it('does not let an unclosed `(` swallow the declarations after it', () => {
    const r = parse('h(x :- r((\n.decl a(x: int)\n.decl b(x: int)\n');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([['syntax-error', 1, 5]]);
    expect(r.program.items.map((i) => i.kind === 'relation' && i.name)).toEqual(['a', 'b']);
  });

  it('names an unknown directive and lists the known ones', () => {
    const [d] = parse('.relation r(x: int)').diagnostics;
    expect(d).toMatchObject({ code: 'syntax-error', message: 'unknown directive `.relation`', span: { line: 1, col: 1, length: 9 } });
    expect(d!.notes).toEqual(['expected one of .input, .output, .decl, .edb, .fn, .persist, .component']);
  });
});
