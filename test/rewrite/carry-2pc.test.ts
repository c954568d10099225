/**
 * Carrying on 2PC, end to end: `certify corpus/2pc.ded --auto` carries the
 * client and the decision on the round trips, splits the coordinator into a
 * vote requester, a committer and an ender, and reaches the component
 * structure of the hand-written corpus/2pc-scalable.ded (same components,
 * instances and partitions, every partitioned component routed by txn); the
 * differential tester (the default 100 runs, as `compartment fuzz`) finds it
 * equivalent to the base and to the hand-written program. Voting's `--auto`
 * is unchanged: nothing there is carried.
 *
 * The engine names components after where they came from; the hand-written
 * program's names correspond as: coordinator_prepare = vote_requester,
 * coordinator_decide = committer, coordinator_outcome = ender,
 * participant_ack = acker.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { certify, type CertifyReport, type CertifyRequest } from '../../src/pipeline/certify.js';
import { renderCertify } from '../../src/pipeline/report.js';
import { loadProgram } from '../../src/load.js';
import type { CheckedProgram, IrExpr } from '../../src/ir/types.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

afterAll(async () => {
  await shutdownZ3();
});

const NAMES: Record<string, string> = { coordinator_prepare: 'vote_requester', coordinator_decide: 'committer', coordinator_outcome: 'ender', participant_ack: 'acker' };
const rename = (c: string): string => NAMES[c] ?? c;

async function run(req: Partial<CertifyRequest> & { file: string }): Promise<CertifyReport> {
  const r = await certify({ partitions: 2, runs: 100, seed: 1, timeoutMs: 10_000, ...req });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}

/**
 * Per partitioned component, the attributes its senders route by: in every
 * rule `m@q(...) :~ ..., C(d), partition_count(d, k), j = hash(x) % k, partition_of(d, j, q)`,
 * the attribute of `m` that `x` fills.
 */
function routingKeys(program: CheckedProgram): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const r of program.rules) {
    if (r.kind !== 'async' || !r.head.dest) continue;
    const route = r.body.find((l) => l.kind === 'atom' && l.relation === 'partition_of' && l.args[2]?.kind === 'var' && l.args[2].slot === r.head.dest!.slot);
    if (!route || route.kind !== 'atom') continue;
    const d = route.args[0];
    const j = route.args[1];
    // The destination's component: `C(d)`, or a pairing such as `acker_of(p, d)` whose attribute names it.
    let component: string | undefined;
    for (const l of r.body) {
      if (l.kind !== 'atom' || d?.kind !== 'var') continue;
      const i = l.args.findIndex((x) => x.kind === 'var' && x.slot === d.slot);
      if (i < 0 || l.relation === 'partition_of' || l.relation === 'partition_count') continue;
      const named = program.components.has(l.relation) ? l.relation : program.relations.get(l.relation)?.attrs[i]?.name;
      if (named !== undefined && program.components.has(named)) component = named;
    }
    const assign = r.body.find((l) => l.kind === 'assign' && j?.kind === 'var' && l.target.slot === j.slot);
    if (!component || !assign || assign.kind !== 'assign') continue;
    const v = assign.value;
    const hashed: IrExpr | undefined = v.kind === 'binary' && v.op === '%' && v.left.kind === 'call' && v.left.fn === 'hash' ? v.left.args[0] : undefined;
    const at = hashed?.kind === 'var' ? r.head.args.findIndex((h) => h.kind === 'var' && h.slot === hashed.slot) : -1;
    const name = at >= 0 ? program.relations.get(r.head.relation)!.attrs[at]!.name : `(not an attribute of ${r.head.relation})`;
    (out[rename(component)] ??= new Set()).add(name);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((c) => [c, [...out[c]!].sort()]),
  );
}

describe('certify corpus/2pc.ded --auto with carrying', () => {
  it('carries the client and the decision, splits committer from ender: the structure of 2pc-scalable, certified, equivalent to the base and the hand-written program', async () => {
    const r = await run({ file: 'corpus/2pc.ded', auto: true, compare: ['corpus/2pc-scalable.ded'] });
    expect(r.verdict).toBe('certified');
    // The carries come first and say why: they are what lets the coordinator split.
    expect(r.steps.slice(0, 3).map((s) => [s.rewrite, s.step.rewrite === 'carry' ? `${s.step.state} on ${s.step.reply}` : ''])).toEqual([
      ['carry', 'client_of on ack'],
      ['carry', 'decided on ack'],
      ['carry', 'client_of on vote'],
    ]);
    expect(r.steps[1]!.why).toMatch(/read `decided` only once `ack` came back.*so coordinator falls into 2 independent parts \(was 1\) that can be decoupled/);
    expect(r.steps[2]!.why).toMatch(/so coordinator falls into 3 independent parts \(was 2\)/);
    // What is not proved is said: one client per transaction (inputs), one decision per transaction (protocol).
    expect(r.steps.slice(0, 3).map((s) => s.facts.length)).toEqual([1, 1, 1]);
    expect(r.steps[0]!.facts[0]).toMatch(/^assumed, not proved: `client_of` has one client per txn/);
    expect(r.steps[1]!.facts[0]).toMatch(/^assumed, not proved: `decided` is set once per txn/);
    expect(renderCertify(r)).toMatch(/CERTIFIED: every check holds, every obligation is proved, no difference found; 3 assumption\(s\) NOT proved/);

    // Components, instances and partitions: those of the hand-written program, under the documented names.
    const derived = Object.fromEntries(Object.entries(deploymentToJson(r.final.deployment).components).map(([k, v]) => [rename(k), v]));
    const written = JSON.parse(readFileSync('corpus/2pc-scalable.deploy.json', 'utf8')).components as Record<string, unknown>;
    expect(derived).toEqual(written);
    expect(Object.keys(derived).sort()).toEqual(['acker', 'committer', 'coordinator', 'ender', 'participant', 'vote_requester']);
    // The same partitionings: every partitioned component routed by txn, in both programs.
    const hand = loadProgram('corpus/2pc-scalable.ded');
    if (!hand.ok) throw new Error('2pc-scalable does not load');
    const keys = { acker: ['txn'], committer: ['txn'], ender: ['txn'], participant: ['txn'], vote_requester: ['txn'] };
    expect(routingKeys(hand.checked)).toEqual(keys);
    expect(routingKeys(r.final.program)).toEqual(keys);
    // The ender answers from what the acks carry; the committer keeps no client table.
    const rules = (c: string): string[] => r.final.program.components.get(c)!.rules.map((id) => r.final.program.rules[id]!.text);
    expect(rules('coordinator_outcome').join('\n')).toMatch(/outcome@c\(c, t, "commit"\) :~ finish\(t\), client_of__via_ack\(t, c\), decided__via_ack\(t, "commit"\)/);
    expect(r.final.program.relations.has('client_of')).toBe(false);
    expect(rules('coordinator_decide').some((x) => /begin/.test(x))).toBe(false);
    // The copies are forgotten once no rule can read them again (the transaction ended; it was decided), as the hand-written acks are.
    expect(rules('coordinator_outcome')).toEqual(expect.arrayContaining(['client_of__via_ack(txn, client) :+ client_of__via_ack(txn, client), !ended(txn)', 'decided__via_ack(txn, decision) :+ decided__via_ack(txn, decision), !ended(txn)']));
    expect(rules('coordinator_decide')).toContain('client_of__via_vote(txn, client) :+ client_of__via_vote(txn, client), !decided(txn, _)');
    for (const copy of ['client_of__via_ack', 'decided__via_ack', 'client_of__via_vote']) expect(r.final.program.relations.get(copy)?.persisted).toBe(false);

    // The default 100 runs (as `compartment fuzz`): no difference from the base nor from the hand-written program.
    expect(r.differential.map((d) => [d.original, d.verdict, d.runs])).toEqual([
      ['corpus/2pc.ded', 'no-difference', 100],
      ['corpus/2pc-scalable.ded', 'no-difference', 100],
    ]);
  });

  it('the plan corpus/plans/2pc-scalable.json gives the hand-written names, certified', async () => {
    const { loadPlan } = await import('../../src/rewrite/plan.js');
    const p = loadPlan('corpus/plans/2pc-scalable.json');
    if (!p.ok) throw new Error('plan');
    const r = await run({ file: 'corpus/2pc.ded', plan: { source: 'corpus/plans/2pc-scalable.json', plan: p.plan }, runs: 30, compare: ['corpus/2pc-scalable.ded'] });
    expect(r.verdict).toBe('certified');
    expect(deploymentToJson(r.final.deployment).components).toEqual(JSON.parse(readFileSync('corpus/2pc-scalable.deploy.json', 'utf8')).components);
  });

  it('a carry whose request cannot know the state is refused, and forced it loses the requests (the run shows it)', async () => {
    // `decided` on prepare/vote: a prepare goes out before anything is decided, so joining `decided` would drop it.
    const r = await run({ file: 'corpus/2pc.ded', plan: { source: 'test', plan: { steps: [{ rewrite: 'carry', component: 'coordinator', state: 'decided', key: 'txn', reply: 'vote' }] } }, runs: 20 });
    expect(r.verdict).toBe('refuted');
    const step = r.steps[0]!;
    expect(step.verdict).toBe('refused');
    expect(step.refusal?.failedChecks.map((c) => c.id)).toEqual(['carry.coordinator.decided.vote.sourced']);
    expect(step.refusal?.failedChecks[0]!.reasons[0]).toMatch(/^rule `prepare@p\(me, t\) :~ begin\(c, t\), participant\(p\), self\(me\)` neither reads what `decided` is set from nor is `decided\(txn, \.\.\.\)` known to hold whenever it fires/);
    expect(step.refusal?.simulation?.verdict).toBe('counterexample');
  });

  it('voting --auto is unchanged: nothing to carry, the same steps, certified', async () => {
    const r = await run({ file: 'corpus/voting.ded', auto: true, runs: 30 });
    expect(r.verdict).toBe('certified');
    expect(r.steps.map((s) => `${s.rewrite} ${s.step.component}`)).toEqual([
      'decouple-independent leader',
      'decouple-independent leader',
      'partition-cohash leader_reply',
      'partition-cohash leader_ballot',
      'partition-cohash participant',
    ]);
    expect(r.explanations.join('\n')).not.toMatch(/carry/);
  });
});
