/**
 * The partitioning rewrites on small programs built for them (and on the
 * corpus' hashset, whose storage needs an FD): what they propose, how senders
 * route, what Z3 says about good and bad keys, the identity case, and the
 * differential tester before and after. One Z3 context for the file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { partitionCohash } from '../../src/rewrite/partition-cohash.js';
import { partitionDependencies } from '../../src/rewrite/partition-dependencies.js';
import { applySite, rewriteOnce } from '../../src/rewrite/apply.js';
import { resolvePolicy } from '../../src/rewrite/partition.js';
import { ObligationCache } from '../../src/rewrite/solve.js';
import type { PartitionSite, ProgramState, Rewrite } from '../../src/rewrite/types.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { hash } from '../../src/eval/hash.js';
import { differential, expectOrdinaryProgram, inputs, rulesOf, state } from './support.js';

afterAll(async () => {
  await shutdownZ3();
});

/** A front hands items to a worker that counts them per key and answers once three arrived. */
const WORK = `
.input  job(client: loc, k: int, v: int)
.output total(client: loc, k: int)
.decl   item(client: loc, k: int, v: int)
.decl   items(client: loc, k: int, v: int)
.decl   got(client: loc, k: int, n: int)
.decl   sent(client: loc, k: int)
.persist items
.persist sent

.component front
item@w(c, k, v) :~ job(c, k, v), worker(w)

.component worker
items(c, k, v) :- item(c, k, v)
got(c, k, count<v>) :- items(c, k, v)
sent(c, k) :+ got(c, k, n), n >= 3
total@c(c, k) :~ got(c, k, n), n >= 3, !sent(c, k)
`;

/** Every item of one side meets every item of the other: no key keeps the join local. */
const CROSS = `
.input  left(x: int)
.input  right(y: int)
.output pair(x: int, y: int)
.decl   l(x: int)
.decl   r(y: int)
.decl   ls(x: int)
.decl   rs(y: int)
.persist ls
.persist rs

.component front
l@w(x) :~ left(x), worker(w)
r@w(y) :~ right(y), worker(w)

.component worker
ls(x) :- l(x)
rs(y) :- r(y)
pair(x, y) :- ls(x), rs(y)
`;

const cache = new ObligationCache();

async function verdicts(rw: Rewrite<PartitionSite>, s: ProgramState, site: PartitionSite): Promise<string[]> {
  const o = await rw.obligations(s, site);
  return (await cache.discharge(o.obligations, 10_000, o.decided)).map((r) => `${r.obligation.kind}:${r.verdict.kind}`);
}

function siteOf(s: ProgramState, component: string, keys: Record<string, string>, kind: 'cohash' | 'dependencies'): PartitionSite {
  const p = resolvePolicy(s, component, keys, kind);
  if (!p.ok) throw new Error(p.diagnostics.map((d) => d.message).join('\n'));
  return { kind: 'partition', component, policy: p.policy, given: p.given, partitions: 2 };
}

describe('partitioning with co-hashing', () => {
  const s = state(WORK);

  it('proposes the worker (keyed by an attribute every rule groups by), never the front clients address', () => {
    const sites = partitionCohash.find(s);
    expect(sites.map((x) => x.component)).toEqual(['worker', 'worker']);
    expect(sites.map((x) => x.given)).toEqual(['got=client,item=client,items=client,sent=client', 'got=k,item=k,items=k,sent=k']);
  });

  it('routes the sender by hash(key) % k and runs the worker as partitions; Z3 proves the key', async () => {
    const site = siteOf(s, 'worker', { item: 'k' }, 'cohash');
    expect(partitionCohash.precondition(s, site).holds).toBe(true);
    const v = await verdicts(partitionCohash, s, site);
    expect(v).toHaveLength(7);
    expect(v).toEqual(expect.arrayContaining(['partition-group:proved', 'partition-negation:proved', 'partition-head:proved']));
    expect(v.every((x) => x.endsWith(':proved'))).toBe(true);
    const out = applySite(partitionCohash, s, site);
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'front')).toEqual(['item@q(c, k, v) :~ job(c, k, v), worker(w), partition_count(w, k1), j = hash(k) % k1, partition_of(w, j, q)']);
    expect(deploymentToJson(out.state.deployment).components['worker']).toEqual({ instances: 1, partitions: 2 });
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('is refuted by Z3 on the aggregated attribute, and the differential tester shows the run', async () => {
    const site = siteOf(s, 'worker', { item: 'v' }, 'cohash');
    expect(partitionCohash.precondition(s, site).holds).toBe(true);
    expect(await verdicts(partitionCohash, s, site)).toContain('partition-group:refuted');
    const out = applySite(partitionCohash, s, site);
    // Three items of one key whose values hash to both partitions: neither counts three.
    const values = [10, 11, 12, 13, 14, 15].filter((v, i, all) => all.some((w) => hash(w) % 2 !== hash(v) % 2)).slice(0, 3);
    expect(new Set(values.map((v) => hash(v) % 2)).size).toBe(2);
    const jobs = inputs('front#0', values.map((v) => ['job', ['c1', 1, v]] as const));
    expect(differential(s, out.state, 10, 1, jobs).verdict).toBe('counterexample');
  });

  it('refuses a key computed by a function (that is partitioning with dependencies)', () => {
    const site = siteOf(s, 'worker', { item: 'k % 3' }, 'dependencies');
    const p = partitionCohash.precondition(s, site);
    expect(p.holds).toBe(false);
    expect(p.checks.find((c) => !c.holds)?.reasons).toEqual(['`item` is keyed by k % 3']);
  });

  it('refuses a component clients address, and a relation without a key', () => {
    const front = siteOf(s, 'front', { job: 'k' }, 'cohash');
    expect(partitionCohash.precondition(s, front).checks[0]).toMatchObject({ holds: false, reasons: [expect.stringMatching(/client input `job`/)] });
    const none: PartitionSite = { kind: 'partition', component: 'worker', policy: { keys: new Map(), everywhere: new Set() }, given: '', partitions: 2 };
    expect(partitionCohash.precondition(s, none).checks[1]?.reasons[0]).toMatch(/`item` arrives at worker but the policy gives it no key/);
  });

  it('leaves a program with no local key alone, and says so', () => {
    const cross = state(CROSS);
    const r = rewriteOnce(partitionCohash, cross);
    expect(r.changed).toBe(false);
    if (!r.changed) {
      expect(r.message).toBe('partition-cohash does not apply: the program is left alone');
      expect(r.reasons).toEqual(['front: clients address it directly (it reads an .input)', 'worker: no key keeps every join, group and negation of its rules on one partition']);
    }
  });

  it('sends a relation keyed `*` to every partition', async () => {
    const cross = state(CROSS);
    const site = siteOf(cross, 'worker', { l: 'x', r: '*', rs: '*' }, 'cohash');
    expect(await verdicts(partitionCohash, cross, site)).toEqual(['partition-head:proved', 'partition-head:proved']);
    const out = applySite(partitionCohash, cross, site);
    expect(rulesOf(out.state, 'front')).toEqual([
      'l@q(x) :~ left(x), worker(w), partition_count(w, k), j = hash(x) % k, partition_of(w, j, q)',
      'r@q(y) :~ right(y), worker(w), partition_of(w, _, q)',
    ]);
    expect(differential(cross, out.state).verdict).toBe('no-difference');
  });
});

describe('partitioning with dependencies', () => {
  it('routes by a term the sender computes, and Z3 proves it', async () => {
    const s = state(WORK);
    const site = siteOf(s, 'worker', { item: 'k % 3' }, 'dependencies');
    expect(partitionDependencies.precondition(s, site).holds).toBe(true);
    expect((await verdicts(partitionDependencies, s, site)).every((v) => v.endsWith(':proved'))).toBe(true);
    const out = applySite(partitionDependencies, s, site);
    expect(rulesOf(out.state, 'front')).toEqual(['item@q(c, k, v) :~ job(c, k, v), worker(w), partition_count(w, k1), j = hash(k % 3) % k1, partition_of(w, j, q)']);
    expect(differential(s, out.state).verdict).toBe('no-difference');
  });

  it('proves the hashset storage by bucket through the FD bucket = hash(value) % buckets, and refutes it by value', async () => {
    const text = readFileSync('corpus/hashset-kvs.ded', 'utf8');
    const d = JSON.parse(readFileSync('corpus/hashset-kvs.deploy.json', 'utf8'));
    const s = state(text, d);
    const good = siteOf(s, 'storage', { store: 'hash(value) % buckets' }, 'dependencies');
    const v = await verdicts(partitionDependencies, s, good);
    expect(v.filter((x) => x.startsWith('fd-preserved'))).not.toEqual([]);
    expect(v.every((x) => x.endsWith(':proved'))).toBe(true);
    const out = applySite(partitionDependencies, s, good);
    expectOrdinaryProgram(out.state);
    expect(rulesOf(out.state, 'leader')[0]).toBe('store@q(c, i, v, sig) :~ write(c, i, v), self(me), sig = sign(me, v), storage(s), buckets(buckets_value), partition_count(s, k), j = hash(hash(v) % buckets_value) % k, partition_of(s, j, q)');
    const bad = siteOf(s, 'storage', { store: 'value' }, 'dependencies');
    expect(await verdicts(partitionDependencies, s, bad)).toContain('partition-join:refuted');
  });
});
