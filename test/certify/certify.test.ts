/**
 * Certificates on the corpus and on small programs: FD checks, policy
 * parsing, partition obligations (proved for the scalable programs' own
 * partitionings, refuted for the unsafe ones with a run that shows it), and
 * the refutation replayed in the simulator. One Z3 context for the file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/load.js';
import { loadDeployment, parseWorkload, simulate, Topology, validateDeployment, type Deployment } from '../../src/sim/index.js';
import { contextOf } from '../../src/analysis/scope.js';
import { fdsByRelation, inferFds, type Fd } from '../../src/analysis/fds.js';
import { checkFds } from '../../src/certify/fd-check.js';
import { parsePolicy } from '../../src/certify/policy.js';
import { inferPolicy } from '../../src/certify/routing.js';
import { checkPartitionObligations, partitionAware } from '../../src/certify/partition.js';
import { checkPartition } from '../../src/certify/check-partition.js';
import { findDivergence } from '../../src/certify/witness.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { compileSource } from '../support/compile.js';
import type { CheckedProgram } from '../../src/ir/types.js';

afterAll(async () => {
  await shutdownZ3();
});

function corpus(name: string): { program: CheckedProgram; deployment: Deployment } {
  const r = loadProgram(`corpus/${name}.ded`);
  if (!r.ok) throw new Error(`corpus/${name}.ded does not load`);
  const d = loadDeployment(`corpus/${name}.deploy.json`, r.checked);
  if (!d.deployment) throw new Error('deployment');
  return { program: r.checked, deployment: d.deployment };
}

describe('FD checks (Z3, inductive)', () => {
  it('proves the hashset FDs and drops a wrong candidate', async () => {
    const { program, deployment } = corpus('hashset-kvs');
    const ctx = contextOf(program, deployment.edb);
    const good = inferFds(ctx);
    const wrong: Fd = { relation: 'verified', from: [2], to: 3, def: { kind: 'call', fn: 'hash', args: [{ kind: 'attr', index: 2, name: 'value', type: 'string' }], type: 'int' } };
    const r = await checkFds(ctx, [...good, wrong]);
    expect(r.proved).toEqual(good);
    const dropped = r.results.find((x) => x.obligation.fd === wrong);
    expect(dropped?.verdict.kind).toBe('refuted');
    expect(r.results.filter((x) => x.obligation.fd !== wrong).every((x) => x.verdict.kind === 'proved')).toBe(true);
  });
});

describe('distribution policies', () => {
  const { program, deployment } = corpus('hashset-kvs');
  const ctx = contextOf(program, deployment.edb);
  it('parse keys over attributes, functions and single-fact .edb constants', () => {
    const r = parsePolicy('store=hash(value) % buckets, verified=bucket,ack=*', ctx);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.policy.keys.keys()]).toEqual(['store', 'verified']);
      expect([...r.policy.everywhere]).toEqual(['ack']);
    }
  });
  it.each([
    ['nosuch=id', 'unknown relation `nosuch`'],
    ['store=nosuch', '`nosuch` is not an attribute of `store`'],
    ['store=hash(value', 'expected `)`'],
    ['store=frob(value)', 'unknown function `frob`'],
    ['store', 'expected `=`'],
    ['buckets=n', 'constant relation'],
    ['store=id,store=value', 'two keys'],
    ['store=value + 1', 'needs int operands'],
    ['', 'no relation given'],
  ])('%s is a bad-policy diagnostic', (text, message) => {
    const r = parsePolicy(text, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]?.code).toBe('bad-policy');
      expect(r.diagnostics[0]?.message).toContain(message);
    }
  });
  it('an .edb relation is a constant only when the deployment gives it one fact', () => {
    const r = parsePolicy('store=hash(value) % buckets', contextOf(program));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.message).toContain('not a constant');
  });
});

describe('the scalable programs: every partitioning they route by is proved', () => {
  for (const name of ['voting-scalable', '2pc-scalable', 'paxos-scalable']) {
    it(name, async () => {
      const { program, deployment } = corpus(name);
      const ctx = contextOf(program, deployment.edb);
      const fds = (await checkFds(ctx, inferFds(ctx))).proved;
      const partitioned = [...deployment.components].filter(([, p]) => p.partitions > 1).map(([c]) => c);
      expect(partitioned.length).toBeGreaterThan(0);
      let checked = 0;
      for (const c of partitioned) {
        if (partitionAware(ctx, c)) continue;
        const { policy, problems } = inferPolicy(ctx, c, fdsByRelation(fds));
        expect(problems).toEqual([]);
        const r = await checkPartitionObligations(ctx, c, policy, fds);
        const bad = r.results.filter((x) => x.verdict.kind !== 'proved').map((x) => x.obligation.sentence);
        expect(bad, `${name} ${c}`).toEqual([]);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('unsafe partitionings are refuted, and the refutation shows in a run', () => {
  for (const [name, component] of [
    ['unsafe/voting-collector-by-voter', 'collector'],
    ['unsafe/2pc-coordinator-tally-by-participant', 'tally'],
    ['unsafe/hashset-by-value', 'storage'],
  ] as const) {
    it(`${name}: ${component}`, async () => {
      const { program, deployment } = corpus(name);
      const ctx = contextOf(program, deployment.edb);
      const fds = (await checkFds(ctx, inferFds(ctx))).proved;
      const { policy } = inferPolicy(ctx, component, fdsByRelation(fds));
      const r = await checkPartitionObligations(ctx, component, policy, fds);
      expect(r.counterexamples.length).toBeGreaterThan(0);
      let shown = false;
      for (const cex of r.counterexamples) {
        const d = await findDivergence(ctx, cex, policy, fds, deployment);
        if (d) {
          expect(d.onlyWhole.length + d.onlyPartitioned.length).toBeGreaterThan(0);
          expect(new Set(d.facts.flatMap((f) => f.partitions)).size).toBeGreaterThan(1);
          shown = true;
          break;
        }
      }
      expect(shown).toBe(true);
    });
  }
});

describe('check-partition end to end', () => {
  const { program, deployment } = corpus('2pc-coordinator-tally');

  it('the tally by transaction is proved', async () => {
    const r = await checkPartition(program, deployment, 'tally', 'vote=txn');
    expect(r.ok && r.report.proved).toBe(true);
  });

  it('the tally by participant is refuted, and the workload makes the simulator diverge', async () => {
    const r = await checkPartition(program, deployment, 'tally', 'vote=participant');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.proved).toBe(false);
    expect(r.report.counterexample).toBeDefined();
    const w = r.report.workloads;
    expect(w && 'whole' in w).toBe(true);
    if (!w || !('whole' in w)) return;
    const run = (partitions: number, json: unknown): string[] => {
      const dep = validateDeployment({ components: { tally: { instances: 1, partitions } }, edb: { participants: deployment.edb.get('participants') } }, program).deployment!;
      const wl = parseWorkload(JSON.stringify(json), program, new Topology(dep)).workload!;
      const res = simulate(program, dep, wl, { seed: 1 });
      expect(res.reason).toBe('quiescent');
      return res.observations.map((o) => `${o.relation}(${o.tuple.join(',')})`).sort();
    };
    const whole = run(1, w.whole);
    const parted = run(2, w.partitioned);
    expect(whole).not.toEqual(parted);
  });

  it('a bad --key is a diagnostic, not a throw', async () => {
    const r = await checkPartition(program, deployment, 'tally', 'vote=nope');
    expect(r.ok).toBe(false);
  });
});

describe('a key that exists only through an FD', () => {
  it('hashset storage: by hash(value) % buckets is proved, by value is refuted', async () => {
    const { program, deployment } = corpus('hashset-kvs');
    const good = await checkPartition(program, deployment, 'storage', 'store=hash(value) % buckets', { witness: false });
    expect(good.ok && good.report.proved).toBe(true);
    const bad = await checkPartition(program, deployment, 'storage', 'store=value', { witness: false });
    expect(bad.ok && !bad.report.proved).toBe(true);
  });

  it('without the FD the join through a computed bucket cannot be proved', async () => {
    const p = compileSource(`.input put(v: string)
.edb nb(n: int)
.output size(b: int, n: int)
.decl entry(v: string, b: int)
.decl bucket(b: int, v: string)
.component s
entry(v, b) :- put(v), nb(n), b = hash(v) % n
bucket(b, v) :- entry(v, b)
bucket(b, v) :+ bucket(b, v)
size(b, count<w>) :- entry(v, b), bucket(b, w)`);
    const dep = validateDeployment({ components: { s: { instances: 1 } }, edb: { nb: [[3]] } }, p).deployment!;
    const withFd = await checkPartition(p, dep, 's', 'put=hash(v) % nb,entry=b,bucket=b', { witness: false });
    expect(withFd.ok && withFd.report.proved).toBe(true);
    const many = validateDeployment({ components: { s: { instances: 1 } }, edb: { nb: [[3], [5]] } }, p).deployment!;
    const noConst = await checkPartition(p, many, 's', 'put=v,entry=b,bucket=b', { witness: false });
    expect(noConst.ok && !noConst.report.proved).toBe(true);
  });
});

describe('co-partition function soundness', () => {
  it('a CD found in a join is proved; a wrong function is refuted', async () => {
    const { cdObligation } = await import('../../src/certify/cd-check.js');
    const { discharge } = await import('../../src/certify/obligation.js');
    const q = compileSource(`.input a(x: int, y: int)
.input b(h: int, z: int)
.output o(x: int, z: int)
.component c
o(x, z) :- a(x, y), h = hash(x), b(h, z)`);
    const ctx = contextOf(q);
    const x = { kind: 'attr', index: 0, name: 'x', type: 'int' } as const;
    const good = cdObligation(ctx, { rule: 0, from: 'a', to: 'b', attr: 0, fn: { kind: 'call', fn: 'hash', args: [x], type: 'int' } }, []);
    const bad = cdObligation(ctx, { rule: 0, from: 'a', to: 'b', attr: 0, fn: x }, []);
    const [g, b] = await discharge([good, bad]);
    expect(g?.verdict.kind).toBe('proved');
    expect(b?.verdict.kind).toBe('refuted');
  });
});
