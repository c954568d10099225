/**
 * A tick that derives without end (a recursive rule making ever new values)
 * must stop with an error naming the rule, at the tick's facts budget or,
 * without one, when the interner is full: never with a crash (the interner's
 * Map throws a RangeError past 2^24 keys) or by running out of memory.
 */
import { describe, expect, it } from 'vitest';
import { compileComponent } from '../../src/eval/evaluator.js';
import { compileSource } from '../support/compile.js';
import { input, ok } from './support.js';

// Line 5 is the runaway rule: `below(s)` for ever smaller s, no `t > 0` guard.
const RUNAWAY = compileSource(`.input start(x: int)
.decl below(x: int)
.component c
below(x) :- start(x)
below(s) :- below(t), s = t - 1
`);
const RUNAWAY_RULE = RUNAWAY.rules.find((r) => r.text.startsWith('below(s)'));

describe('a tick that derives without end', () => {
  it('is the rule on line 5 of the fixture', () => {
    expect(RUNAWAY_RULE?.span.line).toBe(5);
  });

  it('stops at the facts budget, naming the rule that was deriving', () => {
    const ev = compileComponent(RUNAWAY, 'c');
    const out = ev.tick({ ...input({ start: [[3]] }), maxFacts: 100 });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.rule).toBe(RUNAWAY_RULE?.id);
    expect(out.error.limit).toEqual({ kind: 'facts', limit: 100, reached: 101 });
    expect(out.error.message).toMatch(/more than 100 facts in one tick/);
  });

  it('stops in step() the same way, and the evaluator is usable afterwards', () => {
    const ev = compileComponent(RUNAWAY, 'c');
    const edb = ev.prepare(new Map());
    const out = ev.step({ carried: null, delivered: [{ relation: 'start', tuple: [3] }], edb, maxFacts: 50 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ rule: RUNAWAY_RULE?.id, limit: { kind: 'facts', limit: 50, reached: 51 } });
    // A later tick of the same evaluator starts afresh.
    const again = ev.step({ carried: null, delivered: [], edb, maxFacts: 50 });
    expect(again.ok).toBe(true);
  });

  it('without a budget, stops when the interner is full, naming the rule', () => {
    const ev = compileComponent(RUNAWAY, 'c', new Map(), { maxValues: 5_000 });
    const out = ev.tick(input({ start: [[3]] }));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.rule).toBe(RUNAWAY_RULE?.id);
    expect(out.error.limit).toEqual({ kind: 'values', limit: 5_000 });
    expect(out.error.message).toMatch(/more than 5000 distinct values/);
    // The interner is cut back at the next tick: a small tick works again.
    const p = compileSource(`.input start(x: int)
.output seen(x: int)
.component c
seen(x) :- start(x)
`);
    const small = compileComponent(p, 'c', new Map(), { maxValues: 50 });
    expect(ok(small.tick(input({ start: [[1], [2]] }))).outputs).toHaveLength(2);
    expect(small.tick(input({ start: Array.from({ length: 60 }, (_, i) => [i]) })).ok).toBe(false);
    expect(ok(small.tick(input({ start: [[7]] }))).outputs).toHaveLength(1);
  });

  it('counts given facts, derived ones and those carried to the next tick, not messages or constant ones', () => {
    const p = compileSource(`.input start(x: int)
.edb k(x: int)
.decl d(x: int)
.decl m(x: int)
.decl keep(x: int)
.component c
d(x) :- start(x), k(x)
keep(x) :+ d(x)
m@p(x) :~ d(x), self(p)
`);
    const ev = compileComponent(p, 'c');
    const inp = input({ start: [[1], [2], [3]] }, { k: [[1], [2], [3], [4], [5]], self: [['c#0']] });
    // 3 start + 3 d + 3 keep = 9 facts; the 5 k facts, self and the 3 messages do not count.
    expect(ok(ev.tick({ ...inp, maxFacts: 9 })).sent).toHaveLength(3);
    const over = ev.tick({ ...inp, maxFacts: 8 });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.limit).toEqual({ kind: 'facts', limit: 8, reached: 9 });
    // The given facts alone over the budget: no rule was deriving.
    const given = ev.tick({ ...inp, maxFacts: 2 });
    expect(given.ok).toBe(false);
    if (!given.ok) expect(given.error).toMatchObject({ rule: -1, limit: { kind: 'facts', limit: 2, reached: 3 } });
  });
});

describe('a long rule body', () => {
  // A body of 20,000 assignments, each using the one before: the evaluator
  // used to recurse once per body step and overflowed the stack at a few
  // thousand (the per-rewrite benchmark's hash chains reached it).
  it('evaluates without deepening the stack per step', () => {
    const n = 20_000;
    const chain = Array.from({ length: n }, (_, i) => `x${i + 1} = x${i} + 1`).join(', ');
    const p = compileSource(`.input start(x: int)
.output last(x: int)
.component c
last(x${n}) :- start(x0), ${chain}
`);
    const out = compileComponent(p, 'c').tick(input({ start: [[1], [5]] }));
    expect(ok(out).outputs.map((o) => o.tuple).sort()).toEqual([[n + 1], [n + 5]]);
  });
});
