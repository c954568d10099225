/**
 * Unit tests of the tick evaluator. Every tick here also runs through the
 * naive reference evaluator (tickBoth), and the two must agree.
 */
import { describe, expect, it } from 'vitest';
import { compileComponent } from '../../src/eval/evaluator.js';
import type { FnImpl } from '../../src/eval/types.js';
import { compileSource } from '../support/compile.js';
import { input, ok, tickBoth, tuples } from './support.js';

describe('recursion', () => {
  const tc = compileSource(`
.input edge(a: int, b: int)
.decl  path(a: int, b: int)
.component g
path(x, y) :- edge(x, y)
path(x, z) :- path(x, y), edge(y, z)
`);

  it('computes the transitive closure of a chain', () => {
    const r = ok(tickBoth(tc, 'g', input({ edge: [[1, 2], [2, 3], [3, 4]] })));
    expect(tuples(r.facts, 'path')).toEqual([[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]]);
    expect(tuples(r.facts, 'edge')).toEqual([[1, 2], [2, 3], [3, 4]]);
  });

  it('terminates on cycles and self loops', () => {
    const r = ok(tickBoth(tc, 'g', input({ edge: [[1, 2], [2, 1], [3, 3]] })));
    expect(tuples(r.facts, 'path')).toEqual([[1, 1], [1, 2], [2, 1], [2, 2], [3, 3]]);
  });

  it('handles non-linear recursion and repeated variables', () => {
    const p = compileSource(`
.input edge(a: int, b: int)
.decl  path(a: int, b: int)
.decl  loop(a: int)
.component g
path(x, y) :- edge(x, y)
path(x, z) :- path(x, y), path(y, z)
loop(x) :- path(x, x)
`);
    const edges = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 2], [5, 5]];
    const r = ok(tickBoth(p, 'g', input({ edge: edges })));
    expect(tuples(r.facts, 'loop')).toEqual([[2], [3], [4], [5]]);
    expect(r.facts.get('path')?.length).toBe(4 + 3 + 3 + 3 + 3 + 1);
  });

  it('joins facts of earlier rounds with new ones exactly (each pair has one derivation)', () => {
    // d grows one fact per round; p joins two d facts on k, so the pair
    // (old fact, new fact) is found only by the delta variant whose other
    // atom reads the old facts.
    const p = compileSource(`
.input start(x: int)
.input step(x: int, y: int)
.decl  d(x: int, k: int)
.decl  p(x: int, y: int)
.component g
d(x, 0) :- start(x)
d(y, 0) :- d(x, 0), step(x, y)
p(x, y) :- d(x, k), d(y, k)
`);
    const steps = [0, 1, 2, 3, 4].map((i) => [i, i + 1]);
    const r = ok(tickBoth(p, 'g', input({ start: [[0]], step: steps })));
    expect(r.facts.get('p')?.length).toBe(36);
  });

  it('is deterministic and independent of earlier ticks', () => {
    const ev = compileComponent(tc, 'g');
    const a = ok(ev.tick(input({ edge: [[1, 2], [2, 3]] })));
    ok(ev.tick(input({ edge: [[7, 8], [8, 9], [9, 7]] })));
    const c = ok(ev.tick(input({ edge: [[1, 2], [2, 3]] })));
    expect(c.facts).toEqual(a.facts);
  });

  it('deduplicates given facts', () => {
    const r = ok(tickBoth(tc, 'g', input({ edge: [[1, 2], [1, 2]] })));
    expect(r.facts.get('edge')).toEqual([[1, 2]]);
  });
});

describe('negation and strata', () => {
  it('reads a negated relation only once it is complete', () => {
    const p = compileSource(`
.input node(x: int)
.input edge(a: int, b: int)
.decl  reach(x: int)
.decl  unreached(x: int)
.decl  alone(x: int)
.component g
reach(y) :- edge(0, y)
reach(z) :- reach(y), edge(y, z)
unreached(x) :- node(x), !reach(x), x != 0
alone(x) :- node(x), !edge(x, _), !edge(_, x)
`);
    const r = ok(
      tickBoth(p, 'g', input({ node: [[0], [1], [2], [3], [4], [5]], edge: [[0, 1], [1, 2], [3, 4], [4, 3]] })),
    );
    expect(tuples(r.facts, 'reach')).toEqual([[1], [2]]);
    expect(tuples(r.facts, 'unreached')).toEqual([[3], [4], [5]]);
    expect(tuples(r.facts, 'alone')).toEqual([[5]]);
  });

  it('chains strata: negation of a relation defined through negation', () => {
    const p = compileSource(`
.input n(x: int)
.decl  a(x: int)
.decl  b(x: int)
.decl  c(x: int)
.component g
a(x) :- n(x), x < 3
b(x) :- n(x), !a(x)
c(x) :- n(x), !b(x)
`);
    const r = ok(tickBoth(p, 'g', input({ n: [[1], [2], [3], [4]] })));
    expect(tuples(r.facts, 'c')).toEqual([[1], [2]]);
  });
});

describe('aggregates', () => {
  const p = compileSource(`
.input vote(txn: int, voter: string, yes: bool, weight: int)
.input voter(v: string)
.decl  voters(txn: int, n: int)
.decl  weight(txn: int, w: int)
.decl  lightest(txn: int, w: int)
.decl  heaviest(txn: int, w: int)
.decl  size(n: int)
.decl  first(v: string)
.decl  committed(txn: int)
.component c
voters(t, count<v>) :- vote(t, v, _, _)
weight(t, sum<w>) :- vote(t, _, true, w)
lightest(t, min<w>) :- vote(t, _, _, w)
heaviest(t, max<w>) :- vote(t, _, _, w)
size(count<v>) :- voter(v)
first(min<v>) :- voter(v)
committed(t) :- voters(t, n), size(n)
`);

  it('count, sum, min and max range over distinct values per group', () => {
    const votes = [
      [1, 'a', true, 5],
      [1, 'a', false, 5], // a voted twice: counted once
      [1, 'b', true, 5], // w = 5 again: summed once
      [1, 'c', true, 2],
      [2, 'a', false, -3],
    ];
    const r = ok(tickBoth(p, 'c', input({ vote: votes, voter: [['a'], ['b'], ['c']] })));
    expect(tuples(r.facts, 'voters')).toEqual([[1, 3], [2, 1]]);
    expect(tuples(r.facts, 'weight')).toEqual([[1, 7]]); // no yes vote for txn 2: no fact
    expect(tuples(r.facts, 'lightest')).toEqual([[1, 2], [2, -3]]);
    expect(tuples(r.facts, 'heaviest')).toEqual([[1, 5], [2, -3]]);
    expect(tuples(r.facts, 'size')).toEqual([[3]]);
    expect(tuples(r.facts, 'first')).toEqual([['a']]);
    expect(tuples(r.facts, 'committed')).toEqual([[1]]);
  });

  it('an aggregate over an empty group produces no fact', () => {
    const r = ok(tickBoth(p, 'c', input({})));
    expect(r.facts.has('size')).toBe(false);
    expect(r.facts.has('voters')).toBe(false);
    expect(r.facts.size).toBe(0);
  });

  it('groups by head expressions and aggregates in :+ and :~ heads', () => {
    const q = compileSource(`
.input v(k: int, x: int)
.input peer(p: loc)
.decl  byParity(par: int, n: int)
.decl  later(n: int)
.decl  told(n: int)
.component c
byParity(k % 2, count<x>) :- v(k, x)
later(sum<x>) :+ v(_, x)
told@p(count<k>) :~ v(k, _), peer(p)
`);
    const r = ok(tickBoth(q, 'c', input({ v: [[1, 10], [3, 10], [2, 4], [4, 5]], peer: [['n1'], ['n2']] })));
    expect(tuples(r.facts, 'byParity')).toEqual([[0, 2], [1, 1]]);
    expect(tuples(r.next, 'later')).toEqual([[19]]);
    expect(r.sent.map((s) => [s.dest, s.tuple]).sort()).toEqual([['n1', [4]], ['n2', [4]]]);
  });

  it('sum overflow is an error, whatever the order of the values', () => {
    const q = compileSource(`
.input v(x: int)
.decl  s(n: int)
.component c
s(sum<x>) :- v(x)
`);
    const big = 2 ** 52;
    expect(ok(tickBoth(q, 'c', input({ v: [[big], [big - 1], [-big]] }))).facts.get('s')).toEqual([[big - 1]]);
    const r = tickBoth(q, 'c', input({ v: [[big], [big]] }));
    expect(r.ok).toBe(true); // distinct values: big once
    const bad = tickBoth(q, 'c', input({ v: [[big], [big - 1], [3]] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.rule).toBe(0);
  });
});

describe('effects: next tick, messages, outputs', () => {
  const p = compileSource(`
.input  request(client: loc, id: int, payload: string)
.output reply(client: loc, id: int, payload: string)
.output seen(id: int)
.decl   ballot(client: loc, id: int, payload: string)
.decl   votes(client: loc, id: int, payload: string, voter: loc)
.decl   done(client: loc, id: int)
.decl   vote(client: loc, id: int, payload: string, voter: loc)
.decl   tally(client: loc, id: int, payload: string, n: int)
.decl   size(n: int)

.component leader
ballot@p(c, i, v) :~ request(c, i, v), participant(p)
ballot@p(c, i, v) :~ request(c, i, v), participant(p), self(me)
votes(c, i, v, p) :- vote(c, i, v, p)
votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)
tally(c, i, v, count<p>) :- votes(c, i, v, p)
size(count<p>) :- participant(p)
done(c, i) :- tally(c, i, v, n), size(n)
reply@c(c, i, v) :~ tally(c, i, v, n), size(n)
seen(i) :- request(_, i, _)
seen(i) :- vote(_, i, _, _)

.component participant
vote@l(c, i, v, me) :~ ballot(c, i, v), leader(l), self(me)
`);
  const edb = { self: [['L']], leader: [['L']], participant: [['P1'], ['P2']] };

  it('sends deduplicated messages carrying the lowest rule id', () => {
    const r = ok(tickBoth(p, 'leader', input({ request: [['C', 1, 'x']] }, edb)));
    expect(r.sent).toHaveLength(2);
    expect(r.sent.map((s) => ({ ...s })).sort((a, b) => String(a.dest).localeCompare(String(b.dest)))).toEqual([
      { dest: 'P1', relation: 'ballot', tuple: ['C', 1, 'x'], rule: 0 },
      { dest: 'P2', relation: 'ballot', tuple: ['C', 1, 'x'], rule: 0 },
    ]);
    expect(r.facts.has('self')).toBe(false); // EDB is not reported
    expect(r.facts.has('participant')).toBe(false);
  });

  it('carries state with :+ until it is no longer needed', () => {
    const ev = compileComponent(p, 'leader');
    const t1 = ok(ev.tick(input({ vote: [['C', 1, 'x', 'P1']] }, edb)));
    expect(tuples(t1.next, 'votes')).toEqual([['C', 1, 'x', 'P1']]);
    expect(t1.sent).toEqual([]);
    const carried = Object.fromEntries(t1.next);
    const t2 = ok(tickBoth(p, 'leader', input({ ...carried, vote: [['C', 1, 'x', 'P2']] }, edb)));
    expect(tuples(t2.facts, 'done')).toEqual([['C', 1]]);
    expect(t2.next.size).toBe(0);
    expect(t2.sent).toEqual([{ dest: 'C', relation: 'reply', tuple: ['C', 1, 'x'], rule: 7 }]);
  });

  it('reports .output facts with the lowest deriving rule, or null when given', () => {
    const r = ok(
      tickBoth(
        p,
        'leader',
        input({ request: [['C', 1, 'x'], ['C', 2, 'y']], vote: [['C', 2, 'y', 'P1']], seen: [[9]] }, edb),
      ),
    );
    const outs = r.outputs.map((o) => [o.relation, o.tuple, o.rule]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(outs).toEqual([
      ['seen', [1], 8],
      ['seen', [2], 8], // also derived by rule 9
      ['seen', [9], null],
    ]);
  });

  it('runs the participant side', () => {
    const r = ok(tickBoth(p, 'participant', input({ ballot: [['C', 1, 'x']] }, { self: [['P1']], leader: [['L']] })));
    expect(r.sent).toEqual([{ dest: 'L', relation: 'vote', tuple: ['C', 1, 'x', 'P1'], rule: 10 }]);
  });
});

describe('arithmetic and functions', () => {
  it('divides toward zero and takes the sign of the dividend for %', () => {
    const p = compileSource(`
.input n(a: int, b: int)
.decl  q(a: int, b: int, q: int, r: int)
.component c
q(a, b, x, y) :- n(a, b), x = a / b, y = a % b
`);
    const r = ok(tickBoth(p, 'c', input({ n: [[7, 2], [-7, 2], [7, -2], [-7, -2], [0, 5]] })));
    expect(tuples(r.facts, 'q')).toEqual([
      [-7, -2, 3, -1],
      [-7, 2, -3, -1],
      [0, 5, 0, 0],
      [7, -2, -3, 1],
      [7, 2, 3, 1],
    ]);
  });

  it('division and modulo by zero are errors naming the rule', () => {
    const p = compileSource(`
.input n(a: int, b: int)
.decl  q(a: int)
.decl  m(a: int)
.component c
q(x) :- n(a, b), x = a / b
m(x) :- n(a, b), b > 0, x = a % b
`);
    const r = tickBoth(p, 'c', input({ n: [[1, 1], [4, 0]] }));
    expect(r).toEqual({ ok: false, error: { rule: 0, message: expect.stringMatching(/division by zero/) } });
    const p2 = compileSource(`
.input n(a: int, b: int)
.decl  m(a: int)
.component c
m(x) :- n(a, b), x = a % b
`);
    const r2 = tickBoth(p2, 'c', input({ n: [[4, 0]] }));
    expect(r2).toEqual({ ok: false, error: { rule: 0, message: expect.stringMatching(/modulo by zero/) } });
  });

  it('a failing literal runs only on the bindings its written position reaches', () => {
    const p = compileSource(`
.input a(x: int)
.input b(y: int)
.decl  q(x: int, y: int)
.component c
q(x, y) :- a(x), x != 0, b(y), z = 100 / x, z > y
`);
    expect(tickBoth(p, 'c', input({ a: [[0], [5]], b: [] })).ok).toBe(true);
    expect(ok(tickBoth(p, 'c', input({ a: [[0], [5]], b: [[1], [30]] }))).facts.get('q')).toEqual([[5, 1]]);
    const guarded = compileSource(`
.input a(x: int)
.input b(y: int)
.decl  q(x: int, z: int)
.component c
q(x, z) :- b(y), a(x), z = 100 / x
`);
    // No b: the division is never reached.
    expect(tickBoth(guarded, 'c', input({ a: [[0]] })).ok).toBe(true);
    expect(tickBoth(guarded, 'c', input({ a: [[0]], b: [[1]] })).ok).toBe(false);
  });

  it('a guard written before a division protects it; a division written before its guard fails (docs/language.md)', () => {
    const rule = (body: string): ReturnType<typeof compileSource> =>
      compileSource(`
.input in(i: int)
.input ok(i: int)
.input lim(k: int)
.decl  r(z: int)
.component c
r(z) :- ${body}
`);
    const facts = input({ in: [[3], [4]], ok: [[4]], lim: [[3]] });
    // Guards written first: no literal that can fail runs before them.
    for (const guarded of [
      'in(i), i != 3, z = 1 / (i - 3)',
      // An atom as the guard: the checker's order would divide right after in(i).
      'in(i), ok(i), z = 1 / (i - 3)',
      // A comparison whose variable a later atom binds: it still runs before the division.
      'in(i), i != k, z = 1 / (i - 3), lim(k)',
      'in(i), lim(k), i != k, z = 1 / (i - k)',
    ]) {
      expect(tickBoth(rule(guarded), 'c', facts), guarded).toEqual({ ok: true, result: expect.anything() });
      expect(ok(tickBoth(rule(guarded), 'c', facts)).facts.get('r'), guarded).toEqual([[1]]);
    }
    // The division written before its guard runs on i = 3.
    for (const unguarded of ['in(i), z = 1 / (i - 3), i != 3', 'in(i), z = 1 / (i - 3), ok(i)']) {
      expect(tickBoth(rule(unguarded), 'c', facts), unguarded).toEqual({ ok: false, error: { rule: 0, message: 'division by zero: 1 / 0' } });
    }
    // A literal written before the division that needs the variable it binds comes after it.
    expect(ok(tickBoth(rule('in(i), z > 0, z = 8 / (i - 2)'), 'c', facts)).facts.get('r')).toEqual([[8], [4]]);
  });

  it('integer overflow is an error, in bodies and heads', () => {
    const p = compileSource(`
.input n(a: int)
.decl  sq(a: int)
.component c
sq(a * a) :- n(a)
`);
    expect(ok(tickBoth(p, 'c', input({ n: [[2 ** 26]] }))).facts.get('sq')).toEqual([[2 ** 52]]);
    const r = tickBoth(p, 'c', input({ n: [[2 ** 27]] }));
    expect(r).toEqual({ ok: false, error: { rule: 0, message: expect.stringMatching(/overflow/) } });
    const q = compileSource(`
.input n(a: int)
.decl  s(a: int)
.component c
s(b) :- n(a), b = a + 1
`);
    expect(tickBoth(q, 'c', input({ n: [[Number.MAX_SAFE_INTEGER - 1]] })).ok).toBe(true);
    expect(tickBoth(q, 'c', input({ n: [[Number.MAX_SAFE_INTEGER]] })).ok).toBe(false);
  });

  it('routes by hash and evaluates unbound and bound .fn functions', () => {
    const p = compileSource(`
.input  put(k: string, v: int)
.fn     sign(x: string) -> string
.fn     pick(x: int, y: int) -> loc
.fn     odd(x: int) -> bool
.decl   routed(k: string, j: int, s: string, d: loc, o: bool)
.component c
routed(k, j, s, d, o) :- put(k, v), j = hash(k) % 4, s = sign(k), d = pick(v, j), o = odd(v)
`);
    const r1 = ok(tickBoth(p, 'c', input({ put: [['a', 1], ['b', 2]] })));
    const rows = tuples(r1.facts, 'routed');
    expect(rows).toHaveLength(2);
    for (const [k, j, s, d, o] of rows as [string, number, string, string, boolean][]) {
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(4);
      expect(s).toMatch(/^[0-9a-f]{8}$/);
      expect(d).toMatch(/^pick#[0-9a-f]{8}$/);
      expect(typeof o).toBe('boolean');
      expect(k).toMatch(/^[ab]$/);
    }
    const fns = new Map<string, FnImpl>([
      ['sign', (x) => `signed(${String(x)})`],
      ['odd', (x) => (x as number) % 2 === 1],
    ]);
    const r2 = ok(tickBoth(p, 'c', input({ put: [['a', 1]] }), fns));
    const [row] = tuples(r2.facts, 'routed');
    expect(row?.[2]).toBe('signed(a)');
    expect(row?.[4]).toBe(true);
  });
});

describe('inputs', () => {
  it('passes through given facts of relations no rule reads', () => {
    const p = compileSource(`
.input a(x: int)
.input other(s: string)
.decl  b(x: int)
.component c
b(x) :- a(x)
`);
    const r = ok(tickBoth(p, 'c', input({ a: [[1]], other: [['z'], ['z']] })));
    expect(r.facts.get('other')).toEqual([['z']]);
    expect(tuples(r.facts, 'b')).toEqual([[1]]);
  });

  it('reads .edb constants from the deployment and does not report them', () => {
    const p = compileSource(`
.edb   quorum(n: int)
.input vote(v: loc)
.decl  tally(n: int)
.decl  ok(n: int)
.component c
tally(count<v>) :- vote(v)
ok(n) :- tally(n), quorum(q), n >= q
`);
    const r = ok(tickBoth(p, 'c', input({ vote: [['a'], ['b']] }, { quorum: [[2]] })));
    expect(tuples(r.facts, 'ok')).toEqual([[2]]);
    expect(r.facts.has('quorum')).toBe(false);
  });
});
