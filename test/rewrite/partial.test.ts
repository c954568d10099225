/**
 * Partial partitioning on a small program built for it and on Paxos'
 * acceptor: the coordinator it adds, the partitions' votes and the combined
 * answers, what it refuses and why, that the result is an ordinary program,
 * that the rewrite leaves a program alone when no plan names it (it has no
 * finder), and that the differential tester finds no difference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partitionPartial, partialPrecondition, partialObligations } from '../../src/rewrite/partition-partial.js';
import { applySite, rewriteOnce } from '../../src/rewrite/apply.js';
import { resolveStep, type PartitionStep } from '../../src/rewrite/plan.js';
import type { PartitionSite, ProgramState } from '../../src/rewrite/types.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { differential, expectOrdinaryProgram, inputs, rulesOf, state } from './support.js';

/**
 * A store keeps values by key and tags each write with the highest epoch a
 * census has announced; a census asks the whole store how many keys it holds
 * (and its highest epoch). Writes are keyed; censuses are rare and need every
 * partition.
 */
const STORE = `
.input  put(client: loc, k: int, val: string)
.input  census(client: loc, e: int)
.output stored(client: loc, k: int, e: int)
.output size(client: loc, e: int, top: int, n: int)
.decl   write(client: loc, k: int, val: string)
.decl   ask(client: loc, e: int)
.decl   epochs(e: int)
.decl   top(e: int)
.decl   held(e: int)
.decl   kept(k: int, val: string)
.decl   nkeys(n: int)
.decl   any(yes: bool)
.persist kept

.component front
write@s(c, k, v) :~ put(c, k, v), store(s)
ask@s(c, e) :~ census(c, e), store(s)

.component store
epochs(e) :- ask(_, e)
epochs(e) :- held(e)
top(max<e>) :- epochs(e)
held(e) :+ top(e)
kept(k, v) :- write(c, k, v)
stored@c(c, k, e) :~ write(c, k, v), top(e)
nkeys(count<k>) :- kept(k, _)
any(true) :- kept(_, _)
size@c(c, e, t, n) :~ ask(c, e), top(t), nkeys(n)
size@c(c, e, t, 0) :~ ask(c, e), top(t), !any(true)
`;

/** The census counts values, which do not key the store: two partitions may hold one value. */
const BY_VALUE = STORE.replace('nkeys(count<k>) :- kept(k, _)', 'nkeys(count<v>) :- kept(_, v)');

/** The census answer joins the kept values themselves: neither a summary nor per partition. */
const JOINS = STORE.replace('size@c(c, e, t, 0) :~ ask(c, e), top(t), !any(true)', 'size@c(c, e, t, 0) :~ ask(c, e), top(t), !any(true)\nsize@c(c, e, t, k) :~ ask(c, e), top(t), nkeys(n), kept(k, _)');

const step: PartitionStep = { rewrite: 'partition-partial', component: 'store', key: { write: 'k', kept: 'k' }, ordered: ['ask'], coordinator: 'census_coord', partitions: 2 };

function resolve(s: ProgramState, st: PartitionStep = step): PartitionSite {
  const r = resolveStep(s, st, 0, 2);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.resolved.site as PartitionSite;
}

describe('partial partitioning', () => {
  const s = state(STORE);
  const site = resolve(s);

  it('holds: epochs are the replicated part, the census is answered from every partition\'s count and top', () => {
    const pre = partialPrecondition(s, site);
    expect(pre.checks.filter((c) => !c.holds)).toEqual([]);
    const shape = pre.checks.find((c) => c.id.endsWith('.shape'))!;
    expect(shape.reasons).toEqual(['replicated on every partition: `epochs`, `held`, `top`', 'combined by census_coord: `top` (max), `nkeys` (sum of counts), `any` (some partition has it)', 'answered by each partition: nothing']);
    expect(pre.checks.find((c) => c.id.endsWith('.lattice'))!.reasons.join()).toMatch(/written by ordered facts alone, which census_coord relays one at a time/);
  });

  it('has Z3 obligations for the keyed part, all proved', async () => {
    const o = await partialObligations(s, site);
    expect(o.obligations.length).toBeGreaterThan(0);
    expect(o.facts.join('\n')).not.toMatch(/NOT proved/);
    const { ObligationCache } = await import('../../src/rewrite/solve.js');
    const results = await new ObligationCache().discharge(o.obligations, 10_000, o.decided);
    expect(results.map((r) => `${r.obligation.id}: ${r.verdict.kind}`).filter((x) => !x.endsWith('proved'))).toEqual([]);
  });

  it('adds a coordinator that relays censuses, collects votes and answers; writes are routed by key', () => {
    const after = applySite(partitionPartial, s, site).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'front')).toEqual(['write@q(c, k, v) :~ put(c, k, v), store(s), partition_count(s, k1), j = hash(k) % k1, partition_of(s, j, q)', 'ask@k(c, e) :~ census(c, e), store(s), census_coord_of(s, k)']);
    const coord = rulesOf(after, 'census_coord');
    expect(coord).toContain('ask__to_store@q(client, e) :~ ask__next(client, e), self(me), census_coord_of(c, me), store(c), partition_of(c, _, q)');
    expect(coord).toContain('ask__first1(min<client>) :- ask__queue(client, e), !ask__busy(true)');
    expect(coord).toContain('nkeys__all(client, e, t) :- ask__all_voted(client, e), nkeys__some(client, e), ask__nvoted(client, e, k), h = k - 1, nkeys__upto(client, e, h, t)');
    expect(coord).toContain('size@c(c, e, t, n) :~ ask__all_voted(c, e), top__all(c, e, t), nkeys__all(c, e, n)');
    expect(coord).toContain('size@c(c, e, t, 0) :~ ask__all_voted(c, e), top__all(c, e, t), !any__all(c, e, true)');
    expect(rulesOf(after, 'store')).toContain('epochs(e) :- ask__to_store(_, e)');
    expect(rulesOf(after, 'store').some((r) => r.startsWith('ask__vote@k(j, client, e,') && r.includes('self_partition(j)'))).toBe(true);
    expect(deploymentToJson(after.deployment).components).toMatchObject({ store: { instances: 1, partitions: 2 }, census_coord: { instances: 1 } });
    const v = differential(
      s,
      after,
      30,
      2,
      inputs('front#0', [
        ['put', ['client1', 1, 'a']],
        ['census', ['client2', 3]],
        ['put', ['client1', 2, 'b']],
        ['put', ['client1', 3, 'c']],
        ['census', ['client2', 5]],
      ]),
      // Orders of writes and censuses the partitions make likely are rare in the original: search it as the CLI does.
      { maxStates: 20_000, walks: 2_000 },
    );
    expect(v.verdict).toBe('no-difference');
  });

  it('refuses a count that partitions could count twice, and an answer that reads partitioned facts', () => {
    const b = state(BY_VALUE);
    const pre = partialPrecondition(b, resolve(b));
    expect(pre.holds).toBe(false);
    expect(pre.checks.find((c) => !c.holds)!.reasons.join()).toMatch(/counts v, which keys none of its facts/);
    const j = state(JOINS);
    const r = resolveStep(j, step, 0, 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.message).join()).toMatch(/reads `kept`, which is neither a summary/);
  });

  it('refuses ordered relations that are client inputs, and is never proposed: a program is left alone', () => {
    const r = resolveStep(s, { ...step, component: 'front', ordered: ['census'], key: { put: 'k' } }, 0, 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.message).join()).toMatch(/`census` is a client input/);
    expect(partitionPartial.find(s)).toEqual([]);
    const once = rewriteOnce(partitionPartial, s);
    expect(once.changed).toBe(false);
    if (!once.changed) expect(once.message).toMatch(/partition-partial does not apply: the program is left alone/);
  });
});

describe("partial partitioning of Paxos' acceptor", () => {
  const text = readFileSync(new URL('../../corpus/paxos.ded', import.meta.url), 'utf8');
  const deploy = JSON.parse(readFileSync(new URL('../../corpus/paxos.deploy.json', import.meta.url), 'utf8'));
  const s = state(text, deploy);
  const site = resolve(s, { rewrite: 'partition-partial', component: 'acceptor', key: { p2a: 'slot', accepted: 'slot' }, ordered: ['p1a'], coordinator: 'ballot_coord', partitions: 2 });

  it('holds: the ballot is replicated, p1b is answered by the coordinator, p1b_val by each partition', () => {
    const pre = partialPrecondition(s, site);
    expect(pre.checks.filter((c) => !c.holds)).toEqual([]);
    expect(pre.checks.find((c) => c.id.endsWith('.lattice'))!.reasons[1]).toMatch(/^Assumed, NOT proved: `ballots\(b\) :- p2a\(_, b, _, _, _, _\)` raises only the copy of the partition/);
    expect(pre.checks.find((c) => c.id.endsWith('.shape'))!.reasons).toEqual(['replicated on every partition: `ballots`, `maxb`, `promised`', 'combined by ballot_coord: `maxb` (max), `n_best` (sum of counts), `any_acc` (some partition has it)', 'answered by each partition: `p1b_val`']);
  });

  it('gives the structure of paxos-scalable: a coordinator per acceptor, acceptor partitions by slot', () => {
    const after = applySite(partitionPartial, s, site).state;
    expectOrdinaryProgram(after);
    expect(deploymentToJson(after.deployment).components).toMatchObject({ ballot_coord: { instances: 3 }, acceptor: { instances: 3, partitions: 2 } });
    expect(rulesOf(after, 'proposer')).toContain('p1a@k(me, b) :~ new_ballot(b), acceptor(a), self(me), ballot_coord_of(a, k)');
    expect(rulesOf(after, 'acceptor')).toContain('p1b_val@p(me, b, s, vb, c, i, v) :~ p1a__to_acceptor(p, b), maxb(b), best(s, vb, c, i, v), self(me)');
    expect(rulesOf(after, 'acceptor').some((r) => r.startsWith('p1b@'))).toBe(false);
    expect(rulesOf(after, 'ballot_coord').filter((r) => r.startsWith('p1b@'))).toHaveLength(2);
  });
});
