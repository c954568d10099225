/**
 * The certify pipeline on Paxos with corpus/plans/paxos-scalable.json:
 * asymmetric decoupling (p2b proxies), functional decoupling (p2a proxies),
 * partial partitioning (acceptors by slot behind ballot coordinators) and
 * partitioning of both proxies by slot. Certified, with the component
 * structure of corpus/paxos-scalable.ded, and the differential tester finds
 * the result equivalent to the base and to the hand-written program. A plan
 * that partitions the acceptor by ballot is refused (its p1b count would add
 * up slots counted on two partitions). Few runs per
 * differential test (10; 5 for the refused step) to keep the suite fast.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { certify, type CertifyReport, type CertifyRequest } from '../../src/pipeline/certify.js';
import { renderCertify } from '../../src/pipeline/report.js';
import { loadPlan, type Plan } from '../../src/rewrite/plan.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { deploymentToJson } from '../../src/sim/deployment.js';

afterAll(async () => {
  await shutdownZ3();
});

const RUNS = 10;

async function run(req: Partial<CertifyRequest> & { file: string }): Promise<CertifyReport> {
  const r = await certify({ partitions: 2, runs: RUNS, seed: 1, timeoutMs: 10_000, ...req });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}

function scalablePlan(): Plan {
  const p = loadPlan('corpus/plans/paxos-scalable.json');
  if (!p.ok) throw new Error('plan');
  return p.plan;
}

describe('certify corpus/paxos.ded --plan corpus/plans/paxos-scalable.json', () => {
  it('is certified, has the structure of paxos-scalable, and is equivalent to the base and to the hand-written program', async () => {
    const r = await run({ file: 'corpus/paxos.ded', plan: { source: 'corpus/plans/paxos-scalable.json', plan: scalablePlan() }, compare: ['corpus/paxos-scalable.ded'] });
    expect(r.verdict).toBe('certified');
    expect(r.steps.map((s) => `${s.rewrite}:${s.verdict}`)).toEqual(['decouple-asymmetric:certified', 'decouple-functional:certified', 'partition-partial:certified', 'partition-cohash:certified', 'partition-cohash:certified']);
    expect(r.steps.flatMap((s) => s.obligations).every((o) => o.verdict === 'proved')).toBe(true);
    expect(r.steps.flatMap((s) => s.obligations).length).toBeGreaterThan(10);
    expect(r.steps.flatMap((s) => s.checks).every((c) => c.holds)).toBe(true);

    // The components of the hand-written program, partitioned where it partitions; the proxies are one per proposer (paired) rather than one shared.
    const mine = deploymentToJson(r.final.deployment).components;
    const hand = JSON.parse(readFileSync('corpus/paxos-scalable.deploy.json', 'utf8')) as { components: Record<string, { instances: number; partitions?: number }> };
    expect(Object.keys(mine).sort()).toEqual(Object.keys(hand.components).sort());
    for (const [name, p] of Object.entries(hand.components)) expect([name, (mine[name] as { partitions?: number }).partitions ?? 1]).toEqual([name, p.partitions ?? 1]);
    expect(mine).toEqual({
      proposer: { instances: 2 },
      p2b_proxy: { instances: 2, partitions: 2 },
      p2a_proxy: { instances: 2, partitions: 2 },
      ballot_coord: { instances: 3 },
      acceptor: { instances: 3, partitions: 2 },
      replica: { instances: 2 },
    });
    // The proposer learns ballots from the p2b proxies; p1a goes to the coordinators; p1b comes from them.
    expect(r.final.text).toMatch(/^seen\(b\) :- p2b__from_p2b_proxy\(b\)$/m);
    expect(r.final.text).toMatch(/^p1a@k\(me, b\) :~ new_ballot\(b\), acceptor\(a\), self\(me\), ballot_coord_of\(a, k\)$/m);

    expect(r.differential.map((d) => [d.original, d.verdict, d.runs])).toEqual([
      ['corpus/paxos.ded', 'no-difference', RUNS],
      ['corpus/paxos-scalable.ded', 'no-difference', RUNS],
    ]);
    // What rests on no proof is said, in the report and the certificate.
    const text = renderCertify(r);
    expect(text.match(/ASSUMED {2}/g)).toHaveLength(2);
    expect(text).toMatch(/CERTIFIED: every check holds, every obligation is proved, no difference found; 2 assumption\(s\) NOT proved/);
  });

  it('refuses the acceptor partitioned by ballot: partitions would count one slot twice in p1b', async () => {
    const steps = scalablePlan().steps.slice(0, 3).map((s) => (s.rewrite === 'partition-partial' ? { ...s, key: { p2a: 'ballot', accepted: 'ballot' } } : s));
    const r = await run({ file: 'corpus/paxos.ded', plan: { source: 'acceptor by ballot', plan: { steps } }, runs: 5 });
    expect(r.verdict).toBe('refuted');
    const s = r.steps[2]!;
    expect(s.verdict).toBe('refused');
    expect(s.refusal?.failedChecks.map((c) => c.reasons[0])).toEqual(['`n_best(count<s>) :- best(s, _, _, _, _)` counts s, which keys none of its facts: partitions may count one fact twice']);
    // The step is still run anyway in the simulator (5 runs here: too few to promise a difference).
    expect(s.refusal?.simulation?.runs).toBe(5);
  });
});
