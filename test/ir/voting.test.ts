/** The checked IR of the voting program of LANGUAGE.md, and of the other shared programs. */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/ir/check.js';
import type { CheckedProgram, IrRule } from '../../src/ir/types.js';
import { parse } from '../../src/syntax/parser.js';
import { slotProblem, unsafeOrder } from '../support/ir.js';
import { KVS, ODDLY_FORMATTED, VALID_PROGRAMS, VOTING } from '../support/programs.js';

function checked(text: string): CheckedProgram {
  const p = parse(text);
  expect(p.diagnostics).toEqual([]);
  const c = check(p.program);
  expect(c.diagnostics).toEqual([]);
  expect(c.program).toBeDefined();
  return c.program!;
}

const ruleOf = (p: CheckedProgram, text: string): IrRule => {
  const r = p.rules.find((x) => x.text === text);
  if (!r) throw new Error(`no rule ${text} in ${p.rules.map((x) => x.text).join('\n')}`);
  return r;
};

describe('the voting program', () => {
  const p = checked(VOTING);

  it('has every rule, in source order, with its kind and component', () => {
    expect(p.rules.map((r) => [r.id, r.component, r.kind, r.head.relation])).toEqual([
      [0, 'leader', 'async', 'ballot'],
      [1, 'leader', 'sync', 'votes'],
      [2, 'leader', 'next', 'votes'],
      [3, 'leader', 'sync', 'tally'],
      [4, 'leader', 'sync', 'size'],
      [5, 'leader', 'sync', 'done'],
      [6, 'leader', 'async', 'reply'],
      [7, 'participant', 'async', 'vote'],
    ]);
    expect(p.rules.map((r) => r.text)).toEqual([
      'ballot@p(c, i, v) :~ request(c, i, v), participant(p)',
      'votes(c, i, v, p) :- vote(c, i, v, p)',
      'votes(c, i, v, p) :+ votes(c, i, v, p), !done(c, i)',
      'tally(c, i, v, count<p>) :- votes(c, i, v, p)',
      'size(count<p>) :- participant(p)',
      'done(c, i) :- tally(c, i, v, n), size(n)',
      'reply@c(c, i, v) :~ tally(c, i, v, n), size(n)',
      'vote@l(c, i, v, me) :~ ballot(c, i, v), leader(l), self(me)',
    ]);
    expect([...p.components.values()].map((c) => [c.name, c.rules])).toEqual([
      ['leader', [0, 1, 2, 3, 4, 5, 6]],
      ['participant', [7]],
    ]);
  });

  it('stratifies the leader: votes below tally and size, done not below tally', () => {
    const leader = p.components.get('leader')!;
    expect(leader.strata).toEqual([['votes'], ['tally', 'size', 'done']]);
    const stratum = (rel: string) => leader.strata.findIndex((s) => s.includes(rel));
    expect(stratum('votes')).toBeLessThan(stratum('tally'));
    expect(stratum('votes')).toBeLessThan(stratum('size'));
    expect(stratum('done')).toBeGreaterThanOrEqual(stratum('tally'));
    expect(stratum('done')).toBeGreaterThanOrEqual(stratum('size'));
    // Each sync rule carries its head's stratum; the others carry -1.
    expect(p.rules.map((r) => r.stratum)).toEqual([-1, 0, -1, 1, 1, 1, -1, -1]);
    expect(p.components.get('participant')!.strata).toEqual([]);
  });

  it('resolves heads: destinations, aggregates and their types', () => {
    const ballot = p.rules[0]!;
    expect(ballot.head.dest).toEqual({ kind: 'var', slot: 3, name: 'p', type: 'loc' });
    const tally = p.rules[3]!;
    expect(tally.head.aggregateIndex).toBe(3);
    expect(tally.head.args[3]).toEqual({ kind: 'aggregate', fn: 'count', arg: { kind: 'var', slot: 3, name: 'p', type: 'loc' }, type: 'int' });
    expect(tally.slotNames).toEqual(['c', 'i', 'v', 'p']);
    expect(tally.slotCount).toBe(4);
    expect(tally.body).toEqual([
      {
        kind: 'atom',
        negated: false,
        relation: 'votes',
        args: [
          { kind: 'var', slot: 0, name: 'c', type: 'loc' },
          { kind: 'var', slot: 1, name: 'i', type: 'int' },
          { kind: 'var', slot: 2, name: 'v', type: 'string' },
          { kind: 'var', slot: 3, name: 'p', type: 'loc' },
        ],
        span: tally.source!.body[0]!.span,
      },
    ]);
    expect(p.rules[5]!.head.aggregateIndex).toBeUndefined();
    expect(p.rules[5]!.head.dest).toBeUndefined();
  });

  it('records declared, built-in and component relations, and functions', () => {
    expect([...p.relations.values()].map((r) => [r.name, r.kind, r.attrs.length])).toEqual([
      ['request', 'input', 3],
      ['reply', 'output', 3],
      ['ballot', 'decl', 3],
      ['vote', 'decl', 4],
      ['votes', 'decl', 4],
      ['tally', 'decl', 4],
      ['size', 'decl', 1],
      ['done', 'decl', 2],
      ['self', 'builtin', 1],
      ['partition_of', 'builtin', 3],
      ['partition_count', 'builtin', 2],
      ['self_partition', 'builtin', 1],
      ['leader', 'builtin', 1],
      ['participant', 'builtin', 1],
    ]);
    expect(p.relations.get('participant')!.attrs).toEqual([{ name: 'addr', type: 'loc' }]);
    expect(p.relations.get('votes')!.span).toMatchObject({ line: 7, col: 9 });
    expect([...p.functions.keys()]).toEqual(['hash']);
  });

  it('has the dependency graph with negated, aggregated, async and next edges marked', () => {
    const edges = p.graph.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}${e.negated ? ' negated' : ''}${e.aggregated ? ' aggregated' : ''} #${e.rule}@${e.component}`);
    expect(edges).toEqual([
      'request -> ballot async #0@leader',
      'participant -> ballot async #0@leader',
      'vote -> votes sync #1@leader',
      'votes -> votes next #2@leader',
      'done -> votes next negated #2@leader',
      'votes -> tally sync aggregated #3@leader',
      'participant -> size sync aggregated #4@leader',
      'tally -> done sync #5@leader',
      'size -> done sync #5@leader',
      'tally -> reply async #6@leader',
      'size -> reply async #6@leader',
      'ballot -> vote async #7@participant',
      'leader -> vote async #7@participant',
      'self -> vote async #7@participant',
    ]);
    expect(p.graph.relations).toEqual([...p.relations.keys()]);
  });
});

describe('body order', () => {
  it('is safe in every rule of every shared program', () => {
    for (const text of VALID_PROGRAMS) {
      for (const r of checked(text).rules) {
        expect(unsafeOrder(r)).toBeUndefined();
        expect(slotProblem(r)).toBeUndefined();
      }
    }
  });

  it('moves tests after the atoms that bind their variables, as early as possible', () => {
    const p = checked('.decl r(x: int)\n.decl q(x: int)\n.decl h(x: int)\n.component c\nh(n) :- !q(n), n = x + 1, x > 3, r(x), q(x)\n');
    const [rule] = p.rules;
    expect(rule!.body.map((l) => (l.kind === 'atom' ? `${l.negated ? '!' : ''}${l.relation}` : l.kind))).toEqual(['r', 'assign', '!q', 'compare', 'q']);
    expect(unsafeOrder(rule!)).toBeUndefined();
    // The source order is still available.
    expect(rule!.source!.body.map((l) => l.kind)).toEqual(['atom', 'assign', 'compare', 'atom', 'atom']);
  });

  it('turns `x = y` with x bound into a binding of y, and `x = e` with x bound into a test', () => {
    const p = checked('.decl r(x: int)\n.decl h(x: int, y: int)\n.component c\nh(x, y) :- r(x), x = y, x = y * 1\n');
    const [rule] = p.rules;
    expect(rule!.body.map((l) => l.kind)).toEqual(['atom', 'assign', 'compare']);
    const [, assign, test] = rule!.body;
    expect(assign).toMatchObject({ kind: 'assign', target: { name: 'y', type: 'int' }, value: { kind: 'var', name: 'x' } });
    expect(test).toMatchObject({ kind: 'compare', op: '==', left: { kind: 'var', name: 'x' } });
  });

  it('types constants by their attribute and variables by their first use', () => {
    const p = checked(KVS);
    const got = ruleOf(p, 'got@c(c, k, 0, "none") :~ get(c, k), !store(k, _)');
    expect(got.head.args).toEqual([
      { kind: 'var', slot: 0, name: 'c', type: 'loc' },
      { kind: 'var', slot: 1, name: 'k', type: 'string' },
      { kind: 'const', value: 0, type: 'int' },
      { kind: 'const', value: 'none', type: 'string' },
    ]);
    expect(got.body[1]).toMatchObject({ kind: 'atom', negated: true, args: [{ kind: 'var', name: 'k' }, { kind: 'wildcard', type: 'int' }] });
    const fwd = ruleOf(p, 'fwd@q(c, k, v) :~ put(c, k, v), shard(s), partition_count(s, n), j = hash(k) % n, partition_of(s, j, q)');
    expect(fwd.body.find((l) => l.kind === 'assign')).toMatchObject({
      target: { name: 'j', type: 'int' },
      value: { kind: 'binary', op: '%', left: { kind: 'call', fn: 'hash', type: 'int' }, right: { kind: 'var', name: 'n', type: 'int' } },
    });
  });
});

describe('.persist', () => {
  it('adds `r(...) :+ r(...)` to each component that uses r, after the written rules', () => {
    const p = checked(KVS);
    const persisted = p.rules.filter((r) => r.fromPersist);
    expect(persisted.map((r) => [r.id, r.component, r.kind, r.text])).toEqual([[4, 'shard', 'next', 'store(key, value) :+ store(key, value)']]);
    const [r] = persisted;
    expect(r!.head).toEqual({
      relation: 'store',
      args: [
        { kind: 'var', slot: 0, name: 'key', type: 'string' },
        { kind: 'var', slot: 1, name: 'value', type: 'int' },
      ],
    });
    expect(r!.body).toEqual([{ kind: 'atom', negated: false, relation: 'store', args: r!.head.args, span: r!.span }]);
    expect(r!.source).toBeUndefined();
    expect(r!.stratum).toBe(-1);
    expect(p.components.get('shard')!.rules).toEqual([1, 2, 3, 4]);
    expect(p.components.get('router')!.rules).toEqual([0]);
    expect(p.relations.get('store')!.persisted).toBe(true);
    expect(p.relations.get('fwd')!.persisted).toBe(false);
    expect(p.graph.edges.filter((e) => e.rule === 4)).toEqual([
      { from: 'store', to: 'store', rule: 4, component: 'shard', kind: 'next', negated: false, aggregated: false },
    ]);
  });

  it('adds one rule per using component, reading or deriving, and none elsewhere', () => {
    const p = checked(
      '.decl s(x: int)\n.decl t(x: int)\n.persist s\n.component a\ns(x) :- t(x)\n.component b\nt(x) :- s(x)\n.component c\nt(x) :- t(x)\n',
    );
    expect(p.rules.filter((r) => r.fromPersist).map((r) => [r.component, r.text])).toEqual([
      ['a', 's(x) :+ s(x)'],
      ['b', 's(x) :+ s(x)'],
    ]);
  });
});

describe('a repeated .persist', () => {
  it('makes its rules once and warns, pointing at the repeat', () => {
    const c = check(parse('.decl s(x: int)\n.persist s\n.persist s\n.component a\ns(x) :- s(x)\n').program);
    expect(c.program).toBeDefined();
    expect(c.program!.rules.map((r) => r.text)).toEqual(['s(x) :- s(x)', 's(x) :+ s(x)']);
    expect(c.diagnostics.map((d) => [d.severity, d.code, d.span?.line, d.span?.col, d.message, d.notes])).toEqual([
      ['warning', 'duplicate-declaration', 3, 10, '`.persist s` appears twice; the second has no effect', ['first at line 2, column 10']],
    ]);
  });
});

describe('stratification per component', () => {
  it('puts the rules of a reopened component in it', () => {
    const p = checked('.decl s(x: int)\n.component a\ns(x) :- s(x)\n.component b\ns(x) :+ s(x)\n.component a\ns(x) :+ s(x)\n');
    expect([...p.components.values()].map((c) => [c.name, c.rules, c.span.line])).toEqual([
      ['a', [0, 2], 2],
      ['b', [1], 4],
    ]);
  });

  it('allows a cross-component "cycle" through negation', () => {
    const p = checked('.decl p(x: int)\n.decl q(x: int)\n.decl r(x: int)\n.component A\np(x) :- r(x), !q(x)\n.component B\nq(x) :- p(x)\n');
    expect(p.components.get('A')!.strata).toEqual([['p']]);
    expect(p.components.get('B')!.strata).toEqual([['q']]);
    expect(p.rules.map((r) => r.stratum)).toEqual([0, 0]);
  });

  it('refuses the same rules within one component', () => {
    const c = check(parse('.decl p(x: int)\n.decl q(x: int)\n.decl r(x: int)\n.component A\np(x) :- r(x), !q(x)\nq(x) :- p(x)\n').program);
    expect(c.program).toBeUndefined();
    expect(c.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['stratification-cycle', 'recursion through negation within one tick in component `A`: q -not-> p -> q'],
    ]);
  });

  it('puts a negated relation strictly below, and a positive dependency at or above', () => {
    const p = checked(
      '.decl e(x: int)\n.decl a(x: int)\n.decl b(x: int)\n.decl c(x: int)\n.decl d(n: int)\n.component k\n' +
        'd(count<x>) :- c(x)\nc(x) :- e(x), !b(x)\nb(x) :- a(x)\na(x) :- e(x)\na(x) :- b(x)\n',
    );
    // a and b are one positive cycle; c negates b; d aggregates c.
    expect(p.components.get('k')!.strata).toEqual([['a', 'b'], ['c'], ['d']].map((s) => expect.arrayContaining(s)));
    expect(p.components.get('k')!.strata.map((s) => [...s].sort())).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('numbers strata densely', () => {
    const p = checked('.decl e(x: int)\n.decl a(x: int)\n.decl b(n: int)\n.component k\nb(count<x>) :- e(x)\na(x) :- e(x), !b(x)\n');
    expect(p.components.get('k')!.strata).toEqual([['b'], ['a']]);
  });

  it('ignores :+ and :~ rules, which run in another tick', () => {
    const p = checked('.decl a(x: loc)\n.decl b(x: loc)\n.component k\na(x) :+ a(x), !b(x)\nb@x(x) :~ a(x)\nb(x) :- a(x)\n');
    expect(p.components.get('k')!.strata).toEqual([['b']]);
  });
});

describe('the other shared programs', () => {
  it('check with the expected rule kinds', () => {
    expect(checked(KVS).rules.map((r) => `${r.component}:${r.kind}`)).toEqual(['router:async', 'shard:sync', 'shard:async', 'shard:async', 'shard:next']);
    expect(checked(ODDLY_FORMATTED).rules.map((r) => `${r.head.relation}:${r.kind}:${r.stratum}`)).toEqual(['b:sync:0', 'flag:sync:0', 'total:sync:1', 'b:next:-1']);
  });
});
