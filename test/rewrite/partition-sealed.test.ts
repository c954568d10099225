/**
 * Partitioning with sealing (src/rewrite/partition-sealed.ts): small
 * programs built for it, whose aggregation's groups the key splits (a
 * count, a max, a sum and a min), are recombined by a combiner and
 * certified (Z3 and the differential tester, which sees the intermediate
 * aggregates as outputs); a key that splits no group is left alone, where
 * plain co-hashing applies; a sum split by a key other than the summed value
 * is refused with Z3's two facts, and the step forced double-counts in the
 * simulator; groups forgotten by a guard are sealed in rounds (a sum fed
 * past its threshold is certified, and forgetting unmerged facts is caught);
 * voting's collector partitioned by voter with sealing is certified (also
 * with a partition that owns no voter) while the plain partitioning stays
 * refused; property tests on random pipelines and random guarded
 * aggregations find no difference.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partitionSealed, sealedPrecondition } from '../../src/rewrite/partition-sealed.js';
import { applySite, rewriteOnce, stepOfSite } from '../../src/rewrite/apply.js';
import { loadPlan, parsePlan, resolveStep } from '../../src/rewrite/plan.js';
import { stateFromText } from '../../src/rewrite/engine.js';
import { certify, type CertifyReport } from '../../src/pipeline/certify.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import type { PartitionSite } from '../../src/rewrite/types.js';
import { differential, expectOrdinaryProgram, rulesOf, state } from './support.js';
import fc from 'fast-check';
import { ObligationCache } from '../../src/rewrite/solve.js';
import { branchArb, programOf } from './pipelines.js';

afterAll(async () => {
  await shutdownZ3();
});

/** Counts the distinct items added to each (client, id); partitioned by item, a group's items reach several partitions. */
const COUNT = `
.input  add(client: loc, id: int, item: string)
.output total(client: loc, id: int, n: int)
.decl   entry(client: loc, id: int, item: string)
.decl   items(client: loc, id: int, item: string)
.decl   tally(client: loc, id: int, n: int)
.persist items

.component front
entry@s(c, i, x) :~ add(c, i, x), counter(s)

.component counter
items(c, i, x) :- entry(c, i, x)
tally(c, i, count<x>) :- items(c, i, x)
total(c, i, n) :- tally(c, i, n)
`;

/** The best bid per auction; partitioned by bidder. */
const MAX = `
.input  bid(client: loc, id: int, bidder: string, amount: int)
.output best(client: loc, id: int, amount: int)
.decl   offer(client: loc, id: int, bidder: string, amount: int)
.decl   offers(client: loc, id: int, bidder: string, amount: int)
.decl   top(client: loc, id: int, amount: int)
.persist offers

.component front
offer@s(c, i, b, a) :~ bid(c, i, b, a), auction(s)

.component auction
offers(c, i, b, a) :- offer(c, i, b, a)
top(c, i, max<a>) :- offers(c, i, b, a)
best(c, i, a) :- top(c, i, a)
`;

const MIN = MAX.replace('max<a>', 'min<a>');

/** The sum of the distinct amounts paid per (client, id). */
const SUM = `
.input  pay(client: loc, id: int, payer: string, amount: int)
.output spent(client: loc, id: int, total: int)
.decl   payment(client: loc, id: int, payer: string, amount: int)
.decl   payments(client: loc, id: int, payer: string, amount: int)
.decl   paid(client: loc, id: int, total: int)
.persist payments

.component front
payment@s(c, i, p, a) :~ pay(c, i, p, a), ledger(s)

.component ledger
payments(c, i, p, a) :- payment(c, i, p, a)
paid(c, i, sum<a>) :- payments(c, i, p, a)
spent(c, i, t) :- paid(c, i, t)
`;

async function certifyText(text: string, plan: string, options: { runs?: number; workload?: unknown; seed?: number } = {}): Promise<CertifyReport> {
  const dir = mkdtempSync(join(tmpdir(), 'sealed-'));
  const file = join(dir, 'p.ded');
  writeFileSync(file, text);
  if (options.workload) writeFileSync(join(dir, 'p.workload.json'), JSON.stringify(options.workload));
  const p = parsePlan(plan);
  if (!p.ok) throw new Error(p.diagnostics.map((d) => d.message).join('\n'));
  const r = await certify({ file, plan: { source: 'test', plan: p.plan }, partitions: 2, runs: options.runs ?? 40, seed: options.seed ?? 1, timeoutMs: 10_000 });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}

const sealedStep = (component: string, key: Record<string, string>, extra: Record<string, unknown> = {}): string => JSON.stringify({ steps: [{ rewrite: 'partition-sealed', component, key, ...extra }] });

function site(text: string, component: string, key: Record<string, string>): { s: ReturnType<typeof state>; site: PartitionSite } {
  const s = state(text);
  const r = resolveStep(s, { rewrite: 'partition-sealed', component, key }, 0, 2);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return { s, site: r.resolved.site as PartitionSite };
}

describe('partition-sealed on small programs', () => {
  it('count: partitions count their share, the combiner sums; certified, and the rewritten program is an ordinary one', async () => {
    const { s, site: x } = site(COUNT, 'counter', { entry: 'item' });
    expect(sealedPrecondition(s, x).holds).toBe(true);
    const out = applySite(partitionSealed, s, x).state;
    expectOrdinaryProgram(out);
    expect(rulesOf(out, 'counter')).toContain('tally__partial(c, i, count<x>) :- items(c, i, x)');
    expect(rulesOf(out, 'counter_combine')).toContain('total(c, i, n) :- tally(c, i, n)');
    expect(deploymentToJson(out.deployment).components).toMatchObject({ counter: { instances: 1, partitions: 2 }, counter_combine: { instances: 1 } });
    // The sender routes by the item.
    expect(rulesOf(out, 'front')[0]).toMatch(/j = hash\(x\) % k, partition_of\(s, j, q\)/);

    const r = await certifyText(COUNT, sealedStep('counter', { entry: 'item' }));
    expect(r.verdict).toBe('certified');
    const step = r.steps[0]!;
    expect(step.rewrite).toBe('partition-sealed');
    expect([...new Set(step.obligations.map((o) => o.kind))].sort()).toEqual(['partition-head', 'sealed-disjoint', 'sealed-merge', 'sealed-route']);
    expect(step.obligations.every((o) => o.verdict === 'proved')).toBe(true);
    // Nothing is assumed when the state is kept for good.
    expect(step.facts.some((f) => /^assumed/i.test(f))).toBe(false);
    expect(r.differential[0]).toMatchObject({ verdict: 'no-difference', runs: 40 });
  });

  it('count: plain partitioning by the same key is refused (the group is split), which is what sealing is for', async () => {
    const r = await certifyText(COUNT, JSON.stringify({ steps: [{ rewrite: 'partition', component: 'counter', key: { entry: 'item' } }] }), { runs: 10 });
    expect(r.verdict).toBe('refuted');
    expect(r.steps[0]!.refusal?.counterexample?.ruleText).toBe('tally(c, i, count<x>) :- items(c, i, x)');
  });

  it('a broken merge is caught: the differential tester can fail on these programs', () => {
    const { s, site: x } = site(COUNT, 'counter', { entry: 'item' });
    const out = applySite(partitionSealed, s, x).state;
    // Keep only the last partition's count instead of the running sum.
    const broken = out.text.replace('t = t0 + n', 't = n');
    expect(broken).not.toBe(out.text);
    const b = stateFromText(broken, 'broken.ded', out.deployment);
    if (!b.ok) throw new Error('broken program does not load');
    expect(differential(s, b.state, 30, 1).verdict).toBe('counterexample');
  });

  it('max: the combiner takes the max of the partitions\' maxima; no disjointness needed; certified', async () => {
    const r = await certifyText(MAX, sealedStep('auction', { offer: 'bidder' }));
    expect(r.verdict).toBe('certified');
    expect(r.steps[0]!.obligations.map((o) => o.kind)).not.toContain('sealed-disjoint');
    expect(r.steps[0]!.obligations.map((o) => o.id)).toContain(`sealed.auction.${r.steps[0]!.obligations.find((o) => o.kind === 'sealed-merge')!.id.split('.')[2]}.merge.max`);
    expect(r.differential[0]!.verdict).toBe('no-difference');
  });

  it('min: certified', async () => {
    const r = await certifyText(MIN, sealedStep('auction', { offer: 'bidder' }, { combiner: 'lowest' }));
    expect(r.verdict).toBe('certified');
    expect(deploymentToJson(r.final.deployment).components).toHaveProperty('lowest');
    expect(r.differential[0]!.verdict).toBe('no-difference');
  });

  it('sum keyed by the summed amount: each amount on one partition, the combiner adds the sums (each with the count it covers); certified', async () => {
    const r = await certifyText(SUM, sealedStep('ledger', { payment: 'amount' }));
    expect(r.verdict).toBe('certified');
    expect(rulesOf(r.final, 'ledger')).toContain('paid__partial_n(c, i, count<a>) :- payments(c, i, p, a)');
    expect(r.differential[0]!.verdict).toBe('no-difference');
  });

  it('sum keyed by payer is refused: Z3 puts one amount on two partitions, and the step forced adds it twice', async () => {
    const r = await certifyText(SUM, sealedStep('ledger', { payment: 'payer' }));
    expect(r.verdict).toBe('refuted');
    const step = r.steps[0]!;
    expect(step.verdict).toBe('refused');
    const refuted = step.obligations.filter((o) => o.verdict === 'refuted');
    expect(refuted.map((o) => o.kind)).toEqual(['sealed-disjoint']);
    expect(r.reason).toMatch(/same non-zero summed value `a` land on one partition/);
    expect(step.refusal?.counterexample?.lines.join('\n')).toMatch(/payments\(.*key: payer/);
    expect(step.refusal?.simulation?.verdict).toBe('counterexample');
  });

  it('a key that splits no group leaves the program alone, and says plain partitioning applies', async () => {
    // By id: every group (client, id) stays on one partition.
    const { s, site: x } = site(COUNT, 'counter', { entry: 'id' });
    const pre = sealedPrecondition(s, x);
    expect(pre.holds).toBe(false);
    expect(pre.checks.find((c) => c.id === 'partition-sealed.counter.split')?.reasons[0]).toMatch(/plain partitioning \(partition-cohash\) applies/);
    const r = await certifyText(COUNT, sealedStep('counter', { entry: 'id' }), { runs: 5 });
    expect(r.verdict).toBe('refuted');
    expect(r.reason).toMatch(/plain partitioning \(partition-cohash\) applies/);
    // The finder: a program with no aggregation is left alone, and told why.
    const none = rewriteOnce(partitionSealed, state(MAX.replace('top(c, i, max<a>) :- offers(c, i, b, a)', 'top(c, i, a) :- offers(c, i, b, a)')));
    expect(none.changed).toBe(false);
    if (!none.changed) {
      expect(none.message).toBe('partition-sealed does not apply: the program is left alone');
      expect(none.reasons.join('\n')).toMatch(/auction: .*no aggregation of `auction` has its groups split/);
    }
    // Where it applies, the finder proposes the key that splits the group.
    const found = rewriteOnce(partitionSealed, state(COUNT));
    expect(found.changed).toBe(true);
    if (found.changed) expect((found.site as PartitionSite).given).toBe('entry=item');
  });

  it('refuses a combiner that would read what arrives at the component, with the reason', () => {
    const text = COUNT.replace('.decl   tally', '.input  ask(client: loc, id: int)\n.output answer(client: loc, id: int, n: int)\n.decl   asked(client: loc, id: int)\n.decl   tally')
      .replace('entry@s(c, i, x) :~ add(c, i, x), counter(s)', 'entry@s(c, i, x) :~ add(c, i, x), counter(s)\nasked@s(c, i) :~ ask(c, i), counter(s)')
      .replace('total(c, i, n) :- tally(c, i, n)', 'total(c, i, n) :- tally(c, i, n)\nanswer@c(c, i, n) :~ asked(c, i), tally(c, i, n)');
    const { s, site: x } = site(text, 'counter', { entry: 'item', asked: 'id' });
    const pre = sealedPrecondition(s, x);
    expect(pre.holds).toBe(false);
    expect(pre.checks.find((c) => c.id === 'partition-sealed.counter.combiner-reads')?.reasons[0]).toMatch(/reads `asked`, which arrives at counter/);
  });

  it('refuses partitions that would do more than keep the aggregated relation (an output per item), with the reason', () => {
    const text = COUNT.replace('.decl   tally', '.output seen(client: loc, id: int, item: string)\n.decl   tally').replace('total(c, i, n) :- tally(c, i, n)', 'total(c, i, n) :- tally(c, i, n)\nseen(c, i, x) :- items(c, i, x)');
    const { s, site: x } = site(text, 'counter', { entry: 'item' });
    const pre = sealedPrecondition(s, x);
    expect(pre.holds).toBe(false);
    expect(pre.checks.filter((c) => !c.holds).map((c) => c.id)).toEqual(['partition-sealed.counter.per-fact']);
    expect(pre.checks.find((c) => c.id === 'partition-sealed.counter.per-fact')?.reasons[0]).toMatch(/^`seen\(c, i, x\) :- items\(c, i, x\)` would run on the partitions beside the aggregation/);
  });

  it('a step writes back as plan JSON that resolves to the same site; unknown keys are bad input', () => {
    const { s, site: x } = site(COUNT, 'counter', { entry: 'item' });
    const step = stepOfSite(x, s, 'partition-sealed');
    expect(step).toMatchObject({ rewrite: 'partition-sealed', component: 'counter', key: { entry: 'item' }, combiner: 'counter_combine' });
    const again = resolveStep(s, step, 0, 2);
    expect(again.ok && again.resolved.site).toEqual(x);
    const bad = parsePlan(JSON.stringify({ steps: [{ rewrite: 'partition-sealed', component: 'counter', key: { entry: 'item' }, coordinator: 'x' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics[0]!.message).toMatch(/unknown key "coordinator" for partition-sealed/);
  });
});

/** A sum with a threshold: a group's payments are forgotten once they reach 10, and later payments start a new round. */
const GUARDED_SUM = `
.input  pay(client: loc, id: int, payer: string, amount: int)
.output spent(client: loc, id: int, total: int)
.decl   payment(client: loc, id: int, payer: string, amount: int)
.decl   payments(client: loc, id: int, payer: string, amount: int)
.decl   paid(client: loc, id: int, total: int)
.decl   done(client: loc, id: int)

.component front
payment@s(c, i, p, a) :~ pay(c, i, p, a), ledger(s)

.component ledger
payments(c, i, p, a) :- payment(c, i, p, a)
payments(c, i, p, a) :+ payments(c, i, p, a), !done(c, i)
paid(c, i, sum<a>) :- payments(c, i, p, a)
spent(c, i, t) :- paid(c, i, t)
done(c, i) :- paid(c, i, t), t >= 10
`;

describe('partition-sealed: groups sealed in rounds', () => {
  // One group fed past its threshold: 5 + 6 reach it, 3 and 8 may come after (a new round) or before, depending on the schedule.
  const workload = { inputs: [['apple', 5], ['pear', 6], ['plum', 3], ['fig', 8]].map(([p, a]) => ({ relation: 'pay', tuple: ['client1', 1, p, a] })) };

  it('a group fed again after its guard held is counted afresh, as the original does; certified with nothing assumed', async () => {
    for (const seed of [1, 2]) {
      const r = await certifyText(GUARDED_SUM, sealedStep('ledger', { payment: 'amount' }), { workload, seed });
      expect(r.verdict).toBe('certified');
      expect(r.steps[0]!.facts.filter((f) => /^assumed/i.test(f))).toEqual([]);
      expect(r.differential[0]).toMatchObject({ verdict: 'no-difference', runs: 40 });
    }
  });

  it('a partition that forgets what it never reported to the combiner is caught by the tester (the check can fail)', () => {
    const { s, site: x } = site(GUARDED_SUM, 'ledger', { payment: 'amount' });
    const out = applySite(partitionSealed, s, x).state;
    // Forget every fact of the group at a seal, merged or not.
    const broken = out.text.replace(/, w <= c$/m, '');
    expect(broken).not.toBe(out.text);
    const b = stateFromText(broken, 'broken.ded', out.deployment);
    if (!b.ok) throw new Error('broken program does not load');
    const inputs = workload.inputs.map((i) => ({ relation: i.relation, tuple: i.tuple as (string | number)[], toOriginal: 'front#0', toRewritten: 'front#0' }));
    expect(differential(s, b.state, 60, 1, inputs).verdict).toBe('counterexample');
  });
});

describe('partition-sealed on voting', () => {
  const plan = (): NonNullable<Parameters<typeof certify>[0]['plan']> => {
    const p = loadPlan('corpus/plans/voting-collector-sealed.json');
    if (!p.ok) throw new Error('plan');
    return { source: 'voting-collector-sealed', plan: p.plan };
  };

  it('the collector partitioned by voter with sealing is certified, nothing assumed', async () => {
    const r = await certify({ file: 'corpus/voting.ded', plan: plan(), partitions: 2, runs: 40, seed: 1, timeoutMs: 10_000 });
    if (!r.ok) throw new Error('certify');
    const rep = r.report;
    expect(rep.verdict).toBe('certified');
    expect(deploymentToJson(rep.final.deployment).components).toEqual({
      leader: { instances: 1 },
      collector: { instances: 1, partitions: 2 },
      collector_combine: { instances: 1 },
      broadcaster: { instances: 1 },
      participant: { instances: 3 },
    });
    const step = rep.steps[2]!;
    expect(step.rewrite).toBe('partition-sealed');
    expect(step.obligations.every((o) => o.verdict === 'proved')).toBe(true);
    expect(step.facts.filter((f) => /^assumed/i.test(f))).toEqual([]);
    // The guarded persistence forgets what a seal covers; the combiner seals a request's round when done holds.
    expect(rulesOf(rep.final, 'collector')).toContain('votes(client, id, payload, voter) :+ votes(client, id, payload, voter), !votes__drop(client, id, payload, voter)');
    expect(rulesOf(rep.final, 'collector_combine')).toContain('tally__sealing(client, id, payload) :- done(client, id), tally__reports(_, client, id, payload, _, _)');
    expect(rulesOf(rep.final, 'collector_combine')).toContain('reply@c(c, i, v) :~ tally(c, i, v, n), size(n)');
    expect(rep.differential[0]).toMatchObject({ verdict: 'no-difference', runs: 40 });
  });

  it('with 3 partitions one partition owns no voter, and the combiner is not blocked by it', async () => {
    const p = plan();
    const steps = p.plan.steps.map((s, i) => (i === 2 ? { ...s, partitions: 3 } : s));
    const r = await certify({ file: 'corpus/voting.ded', plan: { source: 'x3', plan: { steps } }, partitions: 2, runs: 40, seed: 2, timeoutMs: 10_000 });
    if (!r.ok) throw new Error('certify');
    expect(r.report.verdict).toBe('certified');
    // Every request is answered (the model's every-request-answered invariant holds in every run).
    expect(r.report.differential[0]!.verdict).toBe('no-difference');
  });

  it('the plain partitioning by voter stays refused', async () => {
    const p = loadPlan('corpus/plans/voting-collector-by-voter.json');
    if (!p.ok) throw new Error('plan');
    const r = await certify({ file: 'corpus/voting.ded', plan: { source: 'by-voter', plan: p.plan }, partitions: 2, runs: 5, seed: 1, timeoutMs: 10_000 });
    if (!r.ok) throw new Error('certify');
    expect(r.report.verdict).toBe('refuted');
    expect(r.report.steps[2]).toMatchObject({ rewrite: 'partition-cohash', verdict: 'refused' });
  });
});

describe('partition-sealed on random pipelines', () => {
  it('every site the finder proposes and Z3 proves, applied, shows no difference', async () => {
    const cache = new ObligationCache();
    let applied = 0;
    // Count branches make the back component count to a threshold, which the finder splits by the counted value.
    const countFirst = fc.tuple(fc.record({ f: fc.constantFrom('v', 'v + 1', 'v % 3', 'k + v'), threshold: fc.integer({ min: 1, max: 2 }) }), fc.array(branchArb, { maxLength: 1 }));
    await fc.assert(
      fc.asyncProperty(countFirst, fc.integer({ min: 1, max: 1000 }), async ([count, rest], seed) => {
        const s = state(programOf([{ kind: 'count', ...count }, ...rest]), { components: { front: { instances: 1 }, back: { instances: 1 }, relay: { instances: 2 } } });
        for (const x of partitionSealed.find(s)) {
          const o = await partitionSealed.obligations(s, x);
          const results = await cache.discharge(o.obligations, 10_000, o.decided);
          if (!o.checks.every((c) => c.holds) || !results.every((r) => r.verdict.kind === 'proved')) continue;
          const out = applySite(partitionSealed, s, x).state;
          expectOrdinaryProgram(out);
          const v = differential(s, out, 6, seed, null, { maxStates: 20_000, walks: 20_000, samples: 30 });
          expect(v.verdict === 'counterexample' ? `${x.component}: ${JSON.stringify(v.counterexample.failure).slice(0, 300)}\n${out.text}` : 'ok').toBe('ok');
          applied++;
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 6), seed: Number(process.env.PROP_SEED ?? 42) },
    );
    expect(applied).toBeGreaterThan(0);
  });
});

describe('partition-sealed on random guarded aggregations', () => {
  /** A back component aggregating per (client, key), forgetting a group once its aggregate passes a threshold. */
  const guarded = (fn: 'count' | 'sum' | 'max' | 'min', threshold: number): string => `
.input  put(client: loc, k: int, v: int)
.output o(client: loc, k: int, n: int)
.decl   m(client: loc, k: int, v: int)
.decl   s(client: loc, k: int, v: int)
.decl   a(client: loc, k: int, n: int)
.decl   d(client: loc, k: int)

.component front
m@w(c, k, v) :~ put(c, k, v), back(w)

.component back
s(c, k, v) :- m(c, k, v)
s(c, k, v) :+ s(c, k, v), !d(c, k)
a(c, k, ${fn}<v>) :- s(c, k, v)
o(c, k, n) :- a(c, k, n)
d(c, k) :- a(c, k, n), n ${fn === 'min' ? '<=' : '>='} ${threshold}
`;

  it('sealed in rounds by the threshold, keyed by the value: no difference on random workloads feeding groups past it', async () => {
    const cache = new ObligationCache();
    const arb = fc.record({
      fn: fc.constantFrom('count' as const, 'sum' as const, 'max' as const, 'min' as const),
      threshold: fc.integer({ min: 2, max: 8 }),
      facts: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 6 })), { minLength: 2, maxLength: 6, selector: (x) => x.join() }),
      partitions: fc.integer({ min: 2, max: 3 }),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ fn, threshold, facts, partitions, seed }) => {
        const s = state(guarded(fn, threshold));
        const r = resolveStep(s, { rewrite: 'partition-sealed', component: 'back', key: { m: 'v' }, partitions }, 0, 2);
        if (!r.ok) throw new Error('resolve');
        const x = r.resolved.site as PartitionSite;
        expect(sealedPrecondition(s, x).holds).toBe(true);
        const o = await partitionSealed.obligations(s, x);
        const results = await cache.discharge(o.obligations, 10_000, o.decided);
        expect(results.every((y) => y.verdict.kind === 'proved')).toBe(true);
        const out = applySite(partitionSealed, s, x).state;
        const inputs = facts.map(([k, v]) => ({ relation: 'put', tuple: ['client1', k, v] as (string | number)[], toOriginal: 'front#0', toRewritten: 'front#0' }));
        const verdict = differential(s, out, 12, seed, inputs, { maxStates: 20_000, walks: 20_000, samples: 30 });
        expect(verdict.verdict === 'counterexample' ? `${fn} >= ${threshold} on ${JSON.stringify(facts)}: ${JSON.stringify(verdict.counterexample.failure).slice(0, 300)}` : verdict.verdict).toBe('no-difference');
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 8), seed: Number(process.env.PROP_SEED ?? 42) },
    );
  });
});
