/**
 * The monotonicity obligations of a decoupling (src/certify/monotonic-check.ts)
 * on small programs: a negation that a late fact flips is refuted with the
 * facts; one no fact can meet is proved; a running count passed on is
 * refuted; a count used as a threshold asks nothing; the SMT-LIB text is
 * what Z3 answers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { monotonicityObligations } from '../../src/rewrite/decouple-monotonic.js';
import { monotonicCounterexample } from '../../src/certify/monotonic-check.js';
import { solveSmtLib, shutdownZ3 } from '../../src/smt/z3.js';
import type { DecoupleSite, ProgramState } from '../../src/rewrite/types.js';
import { state } from '../rewrite/support.js';

afterAll(async () => {
  await shutdownZ3();
});

function site(s: ProgramState, component: string, heads: readonly string[], into: string): DecoupleSite {
  const rules = s.program.components.get(component)!.rules.filter((id) => heads.includes(s.program.rules[id]!.head.relation) && !s.program.rules[id]!.fromPersist);
  return { kind: 'decouple', component, rules, into };
}

/** The front marks a key cancelled and answers requests not cancelled: the answer negates what the front forwards. */
const CANCEL = `
.input  req(client: loc, k: int)
.input  cancel(k: int)
.output ok(client: loc, k: int)
.decl   cancelled(k: int)
.persist cancelled

.component front
cancelled(k) :- cancel(k)
ok@c(c, k) :~ req(c, k), !cancelled(k)
`;

/** A running count passed on to the client (not a threshold), and one used as a threshold. */
const COUNTS = `
.input  hit(client: loc, k: int, who: string)
.output total(client: loc, k: int, n: int)
.output enough(client: loc, k: int)
.decl   hits(client: loc, k: int, who: string)
.decl   n_hits(client: loc, k: int, n: int)
.decl   m_hits(client: loc, k: int, n: int)
.persist hits

.component front
hits(c, k, w) :- hit(c, k, w)
n_hits(c, k, count<w>) :- hits(c, k, w)
total@c(c, k, n) :~ n_hits(c, k, n)
m_hits(c, k, count<w>) :- hits(c, k, w)
enough@c(c, k) :~ m_hits(c, k, n), n >= 2
`;

describe('monotonicity obligations', () => {
  it('a negation of a forwarded relation: refuted, with the facts before, the late fact and the head', async () => {
    const s = state(CANCEL);
    const obs = monotonicityObligations(s, site(s, 'front', ['ok'], 'answer'));
    expect(obs.map((o) => [o.id, o.crosses, o.relation])).toEqual([['decouple.front.answer.r1.mono1', true, 'cancelled']]);
    const v = await solveSmtLib(obs[0]!.smt, { timeoutMs: 10_000 });
    expect(v.verdict.kind).toBe('refuted');
    if (v.verdict.kind !== 'refuted') return;
    const facts = monotonicCounterexample(obs[0]!, v.verdict.model);
    expect(facts.map((f) => [f.relation, f.role])).toEqual([
      ['req', 'before'],
      ['cancelled', 'late'],
      ['ok', 'head'],
    ]);
    // The late fact is the one the negation must see: same key as the request.
    expect(facts[1]!.tuple[0]).toBe(facts[0]!.tuple[1]);
  });

  it('the syntactic check flags every negation; Z3 proves the one that can never take a head back', async () => {
    // A rule whose body cannot hold (`k != k`) never derives anything, so no fact takes a head back:
    const s = state(CANCEL.replace('ok@c(c, k) :~ req(c, k), !cancelled(k)', 'ok@c(c, k) :~ req(c, k), !cancelled(k), k != k'));
    const obs = monotonicityObligations(s, site(s, 'front', ['ok'], 'answer'));
    expect(obs).toHaveLength(1);
    expect((await solveSmtLib(obs[0]!.smt, { timeoutMs: 10_000 })).verdict.kind).toBe('proved');
  });

  it('a negation with a wildcard (`!cancelled(k, _)`) is seen by a late fact whatever its other values: refuted', async () => {
    const s = state(`
.input  req(client: loc, k: int)
.input  cancel(k: int, why: string)
.output ok(client: loc, k: int)
.decl   cancelled(k: int, why: string)
.persist cancelled

.component front
cancelled(k, w) :- cancel(k, w)
ok@c(c, k) :~ req(c, k), !cancelled(k, _)
`);
    const obs = monotonicityObligations(s, site(s, 'front', ['ok'], 'answer'));
    expect(obs).toHaveLength(1);
    expect(obs[0]!.crosses).toBe(true);
    expect((await solveSmtLib(obs[0]!.smt, { timeoutMs: 10_000 })).verdict.kind).toBe('refuted');
  });

  it('a running count passed on is refuted (one more member changes it); a threshold count asks nothing', async () => {
    const s = state(COUNTS);
    const obs = monotonicityObligations(s, site(s, 'front', ['n_hits', 'total', 'm_hits', 'enough'], 'counter'));
    expect(obs.map((o) => o.id)).toEqual(['decouple.front.counter.r1.agg']);
    const v = await solveSmtLib(obs[0]!.smt, { timeoutMs: 10_000 });
    expect(v.verdict.kind).toBe('refuted');
    if (v.verdict.kind !== 'refuted') return;
    const facts = monotonicCounterexample(obs[0]!, v.verdict.model);
    const [before, late] = [facts.find((f) => f.role === 'before')!, facts.find((f) => f.role === 'late')!];
    expect(before.tuple.slice(0, 2)).toEqual(late.tuple.slice(0, 2));
    expect(before.tuple[2]).not.toEqual(late.tuple[2]);
  });

  it('a monotonic part asks nothing', () => {
    const s = state(COUNTS);
    expect(monotonicityObligations(s, site(s, 'front', ['m_hits', 'enough'], 'counter'))).toEqual([]);
  });
});
