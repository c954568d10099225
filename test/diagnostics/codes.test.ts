/**
 * One test per diagnostic the front end gives: its code, where it points, its
 * message, and how it renders (`file:line:col: error[code]: message`, the
 * source line, a caret under the offending text, then the notes).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/diagnostics/render.js';
import { compileText } from '../../src/load.js';
import { diagnosticProblem } from '../support/diagnostics.js';

const FILE = 'test.ded';

/** The voting program's declarations: lines 1 to 8. */
const DECLS = `.input  request(client: loc, id: int, payload: string)
.output reply(client: loc, id: int, payload: string)
.decl   ballot(client: loc, id: int, payload: string)
.decl   vote(client: loc, id: int, payload: string, voter: loc)
.decl   votes(client: loc, id: int, payload: string, voter: loc)
.decl   tally(client: loc, id: int, payload: string, n: int)
.decl   size(n: int)
.decl   done(client: loc, id: int)
`;

/** DECLS, two components, and `rules` in the leader from line 10 on. */
function program(...rules: string[]): string {
  return `${DECLS}.component participant\n.component leader\n${rules.join('\n')}\n`;
}

function diagnose(text: string): Diagnostic[] {
  const r = compileText(text, FILE);
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  for (const d of r.diagnostics) expect(diagnosticProblem(text, d)).toBeUndefined();
  return r.diagnostics;
}

interface Expected {
  readonly code: Diagnostic['code'];
  readonly line: number;
  readonly col: number;
  readonly message: string | RegExp;
  /** The text the caret is under. */
  readonly under: string;
  readonly notes?: readonly (string | RegExp)[];
}

/** Asserts `text` has exactly one diagnostic, as described, rendered in the compiler's format. */
function expectOne(text: string, want: Expected): Diagnostic {
  const ds = diagnose(text);
  expect(ds.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`)).toHaveLength(1);
  const d = ds[0]!;
  expectShape(text, d, want);
  return d;
}

function expectShape(text: string, d: Diagnostic, want: Expected): void {
  expect(d.code).toBe(want.code);
  expect(d.severity).toBe('error');
  expect(d.file).toBe(FILE);
  expect([d.span?.line, d.span?.col]).toEqual([want.line, want.col]);
  if (typeof want.message === 'string') expect(d.message).toBe(want.message);
  else expect(d.message).toMatch(want.message);
  const sourceLine = text.split('\n')[want.line - 1]!;
  expect(text.substr(d.span!.offset, d.span!.length)).toBe(want.under);

  const lines = renderDiagnostic(d, { file: FILE, text }).split('\n');
  const gutter = ' '.repeat(String(want.line).length + 2);
  expect(lines[0]).toBe(`${FILE}:${want.line}:${want.col}: error[${want.code}]: ${d.message}`);
  expect(lines[1]).toBe(` ${want.line} | ${sourceLine}`);
  expect(lines[2]).toBe(`${gutter}| ${' '.repeat(want.col - 1)}${'^'.repeat(Math.max(1, want.under.length))}`);
  // The caret stands under the offending text of the quoted line.
  const caret = lines[2]!.indexOf('^');
  expect(lines[1]!.slice(caret, caret + want.under.length)).toBe(want.under);
  const notes = lines.slice(3);
  expect(notes).toHaveLength(want.notes?.length ?? notes.length);
  (want.notes ?? []).forEach((n, i) => {
    if (typeof n === 'string') expect(notes[i]).toBe(`${gutter}= ${n}`);
    else expect(notes[i]).toMatch(n);
  });
}

describe('resolution', () => {
  it('unknown-relation, with a suggestion', () => {
    expectOne(program('done(c, i) :- vottes(c, i, v, p)'), {
      code: 'unknown-relation',
      line: 11,
      col: 15,
      message: 'unknown relation `vottes`',
      under: 'vottes',
      notes: ['did you mean `votes`?'],
    });
  });

  it('unknown-relation, with several equally close names, suggests them all', () => {
    expectOne(program('done(c, i) :- vots(c, i, v, p)'), {
      code: 'unknown-relation',
      line: 11,
      col: 15,
      message: 'unknown relation `vots`',
      under: 'vots',
      notes: ['did you mean `vote` or `votes`?'],
    });
  });

  it('unknown-relation, without a close name, says how to declare one', () => {
    expectOne(program('done(c, i) :- zzzzzz(c, i)'), {
      code: 'unknown-relation',
      line: 11,
      col: 15,
      message: 'unknown relation `zzzzzz`',
      under: 'zzzzzz',
      notes: ['every relation must be declared with .input, .output, .decl or .edb'],
    });
  });

  it('arity-mismatch in a body atom', () => {
    expectOne(program('done(c, i) :- votes(c, i)'), {
      code: 'arity-mismatch',
      line: 11,
      col: 15,
      message: '`votes` has 4 attributes but 2 are given here',
      under: 'votes',
      notes: ['declared as votes(client: loc, id: int, payload: string, voter: loc)'],
    });
  });

  it('arity-mismatch in a head', () => {
    expectOne(program('size(n, n) :- tally(c, i, v, n)'), {
      code: 'arity-mismatch',
      line: 11,
      col: 1,
      message: '`size` has 1 attribute but 2 are given here',
      under: 'size',
    });
  });

  it('type-mismatch: a variable used as int and as string', () => {
    expectOne(program('done(c, i) :- tally(c, i, v, n), size(v)'), {
      code: 'type-mismatch',
      line: 11,
      col: 39,
      message: '`v` is a string here but attribute `n` of `size` is an int',
      under: 'v',
      notes: ['`v` got type string from attribute `payload` of `tally`'],
    });
  });

  it('type-mismatch: an int where a loc is expected', () => {
    expectOne(program('done(i, i) :- votes(c, i, v, p)'), {
      code: 'type-mismatch',
      line: 11,
      col: 6,
      message: 'attribute `client` of `done` is a loc, found an int',
      under: 'i',
    });
  });

  it('type-mismatch: a string constant where an int is expected', () => {
    expectOne(program('size(n) :- tally(c, i, v, n), votes(c, "7", v, p)'), {
      code: 'type-mismatch',
      line: 11,
      col: 40,
      message: 'attribute `id` of `votes` is an int, found a string',
      under: '"7"',
    });
  });

  it('unknown-function, with a suggestion', () => {
    expectOne(program('size(n) :- tally(c, i, v, m), n = hsh(m)'), {
      code: 'unknown-function',
      line: 11,
      col: 35,
      message: 'unknown function `hsh`',
      under: 'hsh(m)',
      notes: ['did you mean `hash`?'],
    });
  });

  it('unknown-component: a misspelt component as a destination source', () => {
    const text = `${DECLS}.component participant\n.component leader\nballot@p(c, i, v) :~ request(c, i, v), particpant(p)\n`;
    expectOne(text, {
      code: 'unknown-component',
      line: 11,
      col: 40,
      message: 'unknown component `particpant` in a built-in component relation',
      under: 'particpant',
      notes: ['did you mean `participant`?'],
    });
  });

  it('expression-in-body-atom', () => {
    expectOne(program('size(n) :- tally(c, i, v, n + 1)'), {
      code: 'expression-in-body-atom',
      line: 11,
      col: 27,
      message: 'an atom in a rule body takes variables, `_` or constants, not expressions',
      under: 'n + 1',
      notes: ['bind the value first, e.g. `y = x + 1, r(y)`'],
    });
  });

  it('assign-to-non-variable', () => {
    expectOne(program('size(n) :- tally(c, i, v, n), n + 1 = 3'), {
      code: 'assign-to-non-variable',
      line: 11,
      col: 31,
      message: 'the left side of `=` must be a variable (use `==` to compare two values)',
      under: 'n + 1',
    });
  });
});

describe('unbound variables', () => {
  it('in a head', () => {
    expectOne(program('done(c, x) :- votes(c, i, v, p)'), {
      code: 'unbound-variable',
      line: 11,
      col: 9,
      message: 'variable `x` in the head is not bound by a positive atom or an earlier assignment',
      under: 'x',
    });
  });

  it('under `!`', () => {
    expectOne(program('done(c, i) :- votes(c, i, v, p), !done(c, j)'), {
      code: 'unbound-variable',
      line: 11,
      col: 43,
      message: 'variable `j` under `!` is not bound by a positive atom or an earlier assignment',
      under: 'j',
    });
  });

  it('in a comparison', () => {
    expectOne(program('done(c, i) :- votes(c, i, v, p), i < k'), {
      code: 'unbound-variable',
      line: 11,
      col: 38,
      message: 'variable `k` in a comparison is not bound by a positive atom or an earlier assignment',
      under: 'k',
    });
  });

  it('on the right of `=`', () => {
    expectOne(program('size(n) :- votes(c, i, v, p), n = m + 1'), {
      code: 'unbound-variable',
      line: 11,
      col: 35,
      message: 'variable `m` on the right of `=` is not bound by a positive atom or an earlier assignment',
      under: 'm',
    });
  });

  it('`_` in a head', () => {
    expectOne(program('done(c, _) :- votes(c, i, v, p)'), {
      code: 'unbound-variable',
      line: 11,
      col: 9,
      message: '`_` cannot be used in the head: it matches anything and has no value',
      under: '_',
    });
  });

  it('is not reported for a variable bound by a later positive atom or assignment', () => {
    const r = compileText(program('size(n) :- n = m + 1, m > 0, tally(c, i, v, m)'), FILE);
    expect(r.ok).toBe(true);
  });
});

describe('aggregates', () => {
  it('aggregate-outside-head, in a comparison', () => {
    expectOne(program('done(c, i) :- votes(c, i, v, p), count<p> > 1'), {
      code: 'aggregate-outside-head',
      line: 11,
      col: 34,
      message: 'aggregate `count<p>` can only be a whole argument of a rule head',
      under: 'count<p>',
    });
  });

  it('aggregate-outside-head, inside a head expression', () => {
    expectOne(program('size(count<p> + 1) :- votes(c, i, v, p)'), {
      code: 'aggregate-outside-head',
      line: 11,
      col: 6,
      message: 'aggregate `count<p>` can only be a whole argument of a rule head',
      under: 'count<p>',
    });
  });

  it('multiple-aggregates in one head', () => {
    expectOne(program('tally(c, i, min<v>, count<p>) :- votes(c, i, v, p)'), {
      code: 'multiple-aggregates',
      line: 11,
      col: 21,
      message: 'a head may have at most one aggregate',
      under: 'count<p>',
    });
  });

  it('bad-aggregate: sum over strings', () => {
    expectOne(program('tally(c, i, v, sum<v>) :- votes(c, i, v, p)'), {
      code: 'bad-aggregate',
      line: 11,
      col: 20,
      message: '`sum` adds ints, but `v` is a string',
      under: 'v',
    });
  });

  it('type-mismatch between an aggregate and its attribute', () => {
    expectOne(program('tally(c, i, v, max<p>) :- votes(c, i, v, p)'), {
      code: 'type-mismatch',
      line: 11,
      col: 16,
      message: 'attribute `n` of `tally` is an int, but `max<p>` gives a loc',
      under: 'max<p>',
    });
  });
});

describe('rule forms', () => {
  it('missing-destination on `:~`', () => {
    expectOne(program('ballot(c, i, v) :~ request(c, i, v)'), {
      code: 'missing-destination',
      line: 11,
      col: 1,
      message: 'an asynchronous rule (`:~`) must say where its head goes: `ballot@dest(...)`',
      under: 'ballot',
    });
  });

  it('unexpected-destination on `:-`', () => {
    expectOne(program('ballot@c(c, i, v) :- request(c, i, v)'), {
      code: 'unexpected-destination',
      line: 11,
      col: 8,
      message: '`@c` is only allowed on asynchronous rules (`:~`); `:-` derives facts at the same node',
      under: 'c',
    });
  });

  it('unexpected-destination on `:+`', () => {
    expectOne(program('ballot@c(c, i, v) :+ request(c, i, v)'), {
      code: 'unexpected-destination',
      line: 11,
      col: 8,
      message: '`@c` is only allowed on asynchronous rules (`:~`); `:+` derives facts at the same node',
      under: 'c',
    });
  });

  it('destination-not-loc', () => {
    expectOne(program('ballot@i(c, i, v) :~ request(c, i, v)'), {
      code: 'destination-not-loc',
      line: 11,
      col: 8,
      message: 'the destination `i` must be a loc, but it is an int',
      under: 'i',
      notes: ['`i` got type int from attribute `id` of `request`'],
    });
  });

  it('bad-head: deriving an .edb relation', () => {
    const text = `.edb quorum(n: int)\n.decl r(n: int)\n.component c\nquorum(n) :- r(n)\n`;
    expectOne(text, {
      code: 'bad-head',
      line: 4,
      col: 1,
      message: '`quorum` is an .edb relation: its facts come from the deployment and cannot be derived',
      under: 'quorum',
    });
  });

  it('bad-head: deriving a built-in relation', () => {
    expectOne(program('self(c) :- request(c, i, v)'), {
      code: 'bad-head',
      line: 11,
      col: 1,
      message: '`self` is built in: its facts come from the deployment and cannot be derived',
      under: 'self',
    });
  });

  it('rule-outside-component', () => {
    expectOne(`${DECLS}done(c, i) :- votes(c, i, v, p)\n.component leader\n`, {
      code: 'rule-outside-component',
      line: 9,
      col: 1,
      message: 'a rule must follow a `.component NAME` line saying where it runs',
      under: 'done(c, i)',
    });
  });
});

describe('stratification', () => {
  it('a negation cycle within a tick names the cycle and the rules', () => {
    const text = `.decl r(x: int)\n.decl a(x: int)\n.decl b(x: int)\n.component c\na(x) :- r(x), !b(x)\nb(x) :- a(x)\n`;
    expectOne(text, {
      code: 'stratification-cycle',
      line: 5,
      col: 15,
      message: 'recursion through negation within one tick in component `c`: b -not-> a -> b',
      under: '!b(x)',
      notes: [
        'line 5: a(x) :- r(x), !b(x)',
        'line 6: b(x) :- a(x)',
        'break the cycle with `:+` (next tick) or `:~` (asynchronous) on one of these rules',
      ],
    });
  });

  it('an aggregation cycle within a tick', () => {
    const text = `.decl m(x: int)\n.decl n(x: int)\n.component c\nn(count<x>) :- m(x)\nm(x) :- n(x)\n`;
    expectOne(text, {
      code: 'stratification-cycle',
      line: 4,
      col: 16,
      message: 'recursion through aggregation within one tick in component `c`: m -aggregate-> n -> m',
      under: 'm(x)',
      notes: ['line 4: n(count<x>) :- m(x)', 'line 5: m(x) :- n(x)', /^ {3}= break the cycle/],
    });
  });

  it('a negated atom in an aggregating rule is shown as negation', () => {
    const text = `.decl e(x: int)\n.decl m(x: int)\n.decl n(x: int)\n.component a\nn(count<x>) :- e(x), !m(x)\nm(x) :- n(x)\n`;
    expectOne(text, {
      code: 'stratification-cycle',
      line: 5,
      col: 22,
      message: 'recursion through negation within one tick in component `a`: m -not-> n -> m',
      under: '!m(x)',
    });
  });

  it('a relation negating itself', () => {
    const text = `.decl r(x: int)\n.decl a(x: int)\n.component c\na(x) :- r(x), !a(x)\n`;
    expectOne(text, {
      code: 'stratification-cycle',
      line: 4,
      col: 15,
      message: 'recursion through negation within one tick in component `c`: a -not-> a',
      under: '!a(x)',
    });
  });

  it('is not reported when the cycle goes through `:+` or `:~`', () => {
    const text = `.decl r(x: loc)\n.decl a(x: loc)\n.decl b(x: loc)\n.component c\na(x) :- r(x), !b(x)\nb(x) :+ a(x)\nb@x(x) :~ a(x)\n`;
    expect(compileText(text, FILE).ok).toBe(true);
  });
});

describe('declarations', () => {
  it('duplicate-declaration of a relation points at the second and notes the first', () => {
    expectOne(`${DECLS}.decl votes(x: int)\n.component leader\n`, {
      code: 'duplicate-declaration',
      line: 9,
      col: 7,
      message: '`votes` is declared twice',
      under: 'votes',
      notes: ['first declared at line 5, column 9'],
    });
  });

  it('duplicate-declaration of a built-in', () => {
    expectOne(`.decl self(x: loc)\n`, {
      code: 'duplicate-declaration',
      line: 1,
      col: 7,
      message: '`self` is built in and cannot be declared again',
      under: 'self',
    });
  });

  it('duplicate-declaration between a component and a relation', () => {
    expectOne(`.decl leader(x: loc)\n.component leader\n`, {
      code: 'duplicate-declaration',
      line: 2,
      col: 12,
      message: '`leader` is declared twice',
      under: 'leader',
    });
  });

  it('duplicate attribute names', () => {
    expectOne(`.decl r(x: int, x: string)\n`, {
      code: 'duplicate-declaration',
      line: 1,
      col: 17,
      message: 'attribute `x` appears twice',
      under: 'x: string',
    });
  });

  it('reserved-name for a relation, a function and a component', () => {
    const text = `.decl count(x: int)\n.fn true(x: int) -> int\n.component max\n`;
    const ds = diagnose(text);
    expect(ds.map((d) => [d.code, d.span?.line, d.span?.col, d.message])).toEqual([
      ['reserved-name', 1, 7, '`count` is a reserved word and cannot name a relation'],
      ['reserved-name', 2, 5, '`true` is a reserved word and cannot name a function'],
      ['reserved-name', 3, 12, '`max` is a reserved word and cannot name a component'],
    ]);
    expectShape(text, ds[0]!, { code: 'reserved-name', line: 1, col: 7, message: ds[0]!.message, under: 'count' });
  });

  it('a refused component name is reported once, however often it is reopened', () => {
    const text = `.decl s(x: int)\n.decl a(x: int)\n.component count\ns(x) :- s(x)\n.component a\n.component count\ns(x) :- s(x)\n.component a\n`;
    expect(diagnose(text).map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([
      ['reserved-name', 3, 12],
      ['duplicate-declaration', 5, 12],
    ]);
  });

  it('unknown-relation in `.persist`', () => {
    expectOne(`${DECLS}.persist vots\n.component leader\n`, {
      code: 'unknown-relation',
      line: 9,
      col: 10,
      message: '`.persist` names unknown relation `vots`',
      under: 'vots',
    });
  });

  it('bad-head for `.persist` of an .edb relation', () => {
    expectOne(`.edb quorum(n: int)\n.persist quorum\n`, {
      code: 'bad-head',
      line: 2,
      col: 10,
      message: '`quorum` comes from the deployment and is constant; it needs no `.persist`',
      under: 'quorum',
    });
  });

  it('unknown-type', () => {
    expectOne(`.decl r(x: nat)\n`, {
      code: 'unknown-type',
      line: 1,
      col: 12,
      message: 'unknown type `nat`; expected one of int, string, bool, loc',
      under: 'nat',
    });
  });
});

describe('lexical and syntax errors', () => {
  it('unterminated-string', () => {
    expectOne(program('size(n) :- tally(c, i, "abc, n)'), {
      code: 'unterminated-string',
      line: 11,
      col: 24,
      message: 'unterminated string: expected a closing `"` before the end of the line',
      under: '"abc, n)',
    });
  });

  it('unterminated-string does not make the parser look for `)` on the next lines', () => {
    const ds = diagnose(program('size(n) :- tally(c, i, "abc, n)', 'size(n) :- tally(c, i, v, n)', 'done(c, x) :- votes(c, i, v, p)'));
    expect(ds.map((d) => [d.code, d.span?.line])).toEqual([
      ['unterminated-string', 11],
      ['unbound-variable', 13],
    ]);
  });

  it('unexpected-character, dropped so the rest of the rule is still checked', () => {
    expectOne(program('size(n) :- tally(c, i, v, n), n $> 0'), {
      code: 'unexpected-character',
      line: 11,
      col: 33,
      message: 'unexpected character `$`',
      under: '$',
    });
  });

  it('unexpected-character where a separator was meant, then the syntax error it leaves', () => {
    const ds = diagnose(program('size(n) :- tally(c, i, v, n); done(c, i)'));
    expect(ds.map((d) => [d.code, d.span?.line, d.span?.col, d.message])).toEqual([
      ['unexpected-character', 11, 29, 'unexpected character `;`'],
      ['syntax-error', 11, 31, 'expected `.` or end of line after the statement, found `done`'],
    ]);
  });

  it('bad-number: too large', () => {
    expectOne(program('size(n) :- tally(c, i, v, n), n > 99999999999999999999'), {
      code: 'bad-number',
      line: 11,
      col: 35,
      message: 'integer literal 99999999999999999999 is too large (ints are below 2^53 in magnitude)',
      under: '99999999999999999999',
    });
  });

  it('syntax-error: a missing rule operator', () => {
    expectOne(program('size(n) tally(c, i, v, n)'), {
      code: 'syntax-error',
      line: 11,
      col: 9,
      message: 'expected `:-`, `:+` or `:~` after the rule head, found `tally`',
      under: 'tally',
    });
  });
});

describe('several errors in one file', () => {
  it('are all reported, in source order, each with its own location', () => {
    const text = program(
      'done(c, i) :- vots(c, i, v, p)', // 11: unknown relation
      'done(c, x) :- votes(c, i, v, p)', // 12: unbound variable
      'ballot(c, i, v) :~ request(c, i, v)', // 13: missing destination
      'size(n) :- tally(c, i, "abc', // 14: unterminated string
      'size(n) tally(c, i, v, n)', // 15: syntax error
      'done(c, i) :- votes(c, i, v, p) $', // 16: stray character
      'tally(c, i, min<v>, count<p>) :- votes(c, i, v, p)', // 17: multiple aggregates
    );
    const ds = diagnose(text);
    expect(ds.map((d) => [d.code, d.span?.line])).toEqual([
      ['unknown-relation', 11],
      ['unbound-variable', 12],
      ['missing-destination', 13],
      ['unterminated-string', 14],
      ['syntax-error', 15],
      ['unexpected-character', 16],
      ['multiple-aggregates', 17],
    ]);
    expect(ds).toHaveLength(7);
  });

  it('reports every error of one rule, but each unbound variable once', () => {
    const ds = diagnose(program('done(x, y) :- votes(c, i, v, p), !done(x, y), x < y, z = x + y'));
    expect(ds.map((d) => [d.code, d.span?.col, d.message.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['unbound-variable', 40, 'variable `x`'],
      ['unbound-variable', 43, 'variable `y`'],
    ]);
  });
});
