/**
 * The certify pipeline end to end, as a library: `--auto` on voting and 2pc
 * reaches the component structure of the hand-written scalable versions (2pc
 * after carrying the client and the decision on its round trips, so that the
 * committer and the ender split; test/rewrite/carry-2pc.test.ts compares the
 * structures in detail) and the differential
 * tester finds the result equivalent to the base and to the hand-written
 * program; the unsafe variants' mistakes, as plans, are refused with Z3's
 * counterexample and a simulator run; the files, the certificate and the
 * JUnit report. One Z3 context for the file.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certify, type CertifyReport, type CertifyRequest } from '../../src/pipeline/certify.js';
import { renderCertify } from '../../src/pipeline/report.js';
import { renderJunit } from '../../src/pipeline/junit.js';
import { loadPlan } from '../../src/rewrite/plan.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { deploymentToJson } from '../../src/sim/deployment.js';

afterAll(async () => {
  await shutdownZ3();
});

const RUNS = 25;

async function run(req: Partial<CertifyRequest> & { file: string }): Promise<CertifyReport> {
  const r = await certify({ partitions: 2, runs: RUNS, seed: 1, timeoutMs: 10_000, ...req });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}

function plan(name: string): NonNullable<CertifyRequest['plan']> {
  const p = loadPlan(`corpus/plans/${name}.json`);
  if (!p.ok) throw new Error(`plan ${name}`);
  return { source: name, plan: p.plan };
}

const structure = (r: CertifyReport): Record<string, unknown> => deploymentToJson(r.final.deployment).components;

describe('certify --auto', () => {
  it('voting: leader, broadcaster, collector and participants as in voting-scalable, certified and equivalent to both', async () => {
    const out = mkdtempSync(join(tmpdir(), 'certify-voting-'));
    const r = await run({ file: 'corpus/voting.ded', auto: true, out, compare: ['corpus/voting-scalable.ded'] });
    expect(r.verdict).toBe('certified');
    expect(structure(r)).toEqual({
      leader: { instances: 1 },
      leader_reply: { instances: 1, partitions: 2 },
      leader_ballot: { instances: 1, partitions: 2 },
      participant: { instances: 3, partitions: 2 },
    });
    // The hand-written version's components, one for one.
    expect(structure(r)).toEqual(
      Object.fromEntries(
        Object.entries(JSON.parse(readFileSync('corpus/voting-scalable.deploy.json', 'utf8')).components as Record<string, unknown>).map(([k, v]) => [({ broadcaster: 'leader_ballot', collector: 'leader_reply' } as Record<string, string>)[k] ?? k, v]),
      ),
    );
    expect(r.differential.map((d) => [d.original, d.verdict, d.runs])).toEqual([
      ['corpus/voting.ded', 'no-difference', RUNS],
      ['corpus/voting-scalable.ded', 'no-difference', RUNS],
    ]);
    expect(r.steps.map((s) => s.rewrite)).toEqual(['decouple-independent', 'decouple-independent', 'partition-cohash', 'partition-cohash', 'partition-cohash']);
    expect(r.steps.every((s) => s.obligations.every((o) => o.verdict === 'proved'))).toBe(true);
    // Files: the program (with its model), deployment, workload, certificate, plan, SMT-LIB.
    const text = readFileSync(join(out, 'voting-rewritten.ded'), 'utf8');
    expect(text).toMatch(/^# @model voting$/m);
    expect(existsSync(join(out, 'voting-rewritten.deploy.json'))).toBe(true);
    expect(existsSync(join(out, 'voting-rewritten.workload.json'))).toBe(true);
    const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8'));
    expect(cert.verdict).toBe('certified');
    expect(cert.differential[0]).toMatchObject({ verdict: 'no-difference', runs: RUNS, seed: 1 });
    // The syntactic facts the rewrites rely on, for both programs, even though no solver checked them.
    const facts = cert.analysisFacts.rewritten as { id: string; verdict: string; method: string }[];
    expect(facts.find((f) => f.id === 'fact.leader_ballot.monotonic')).toMatchObject({ verdict: 'holds', method: 'syntactic' });
    expect(cert.analysisFacts.original.map((f: { id: string }) => f.id)).toContain('fact.leader.monotonic');
    expect(readdirSync(join(out, 'proofs')).filter((f) => f.endsWith('.smt2'))).toHaveLength(6);
    expect(loadPlan(join(out, 'plan.json')).ok).toBe(true);
    expect(renderCertify(r)).toMatch(/^verdict     CERTIFIED: every check holds, every obligation is proved, no difference found$/m);
  });

  it('2pc: a proxy, vote requesters, committers, enders, participants split into voters and ackers, all partitioned by txn', async () => {
    const r = await run({ file: 'corpus/2pc.ded', auto: true, compare: ['corpus/2pc-scalable.ded'] });
    expect(r.verdict).toBe('certified');
    expect(structure(r)).toEqual({
      coordinator: { instances: 1 },
      coordinator_prepare: { instances: 1, partitions: 2 },
      coordinator_decide: { instances: 1, partitions: 2 },
      coordinator_outcome: { instances: 1, partitions: 2 },
      participant: { instances: 3, partitions: 2 },
      participant_ack: { instances: 3, partitions: 2 },
    });
    expect(r.steps.filter((s) => s.rewrite.startsWith('partition')).map((s) => s.title)).toEqual(r.steps.filter((s) => s.rewrite.startsWith('partition')).map((s) => expect.stringMatching(/by \S*txn/) as unknown as string));
    expect(r.differential.map((d) => d.verdict)).toEqual(['no-difference', 'no-difference']);
    expect(r.final.text).toMatch(/^log\(me, t, d\) :- decide\(co, t, d, _\), self\(node\), participant_ack_of\(me, node\)$/m);
  });

  it('leaves a program it cannot improve alone, says why, and certifies it trivially', async () => {
    const r = await run({ file: 'corpus/voting-scalable.ded', auto: true });
    expect(r.plan.steps).toEqual([]);
    expect(r.explanations).toContain('leader: clients address it; not put behind a proxy: it only forwards client inputs already');
    expect(r.final.text).toBe(r.initial.text);
    expect(r.verdict).toBe('certified');
  });
});

describe('certify refuses the unsafe variants as plans', () => {
  it('voting collector by voter: Z3 splits an aggregation group, the run shows requests never answered', async () => {
    const r = await run({ file: 'corpus/voting.ded', plan: plan('voting-collector-by-voter') });
    expect(r.verdict).toBe('refuted');
    const last = r.steps.at(-1)!;
    expect(last).toMatchObject({ index: 2, verdict: 'refused', rewrite: 'partition-cohash' });
    expect(last.refusal?.counterexample?.ruleText).toBe('tally(c, i, v, count<p>) :- votes(c, i, v, p)');
    expect(last.refusal?.counterexample?.lines.join('\n')).toMatch(/key: voter/);
    expect(last.refusal?.divergence?.onlyWhole.join(' ')).toMatch(/^reply\(/);
    expect(last.refusal?.simulation?.verdict).toBe('counterexample');
    expect(last.refusal?.simulation?.headline).toMatch(/every-request-answered/);
    // The run is driven by the counterexample's facts (traced back to the request they come from), not the program's workload.
    const cexRun = last.refusal?.counterexampleRun;
    expect(cexRun?.basis).toBe('counterexample');
    const z3 = last.refusal!.divergence!.facts[0]!;
    expect(cexRun?.workload.inputs).toEqual([{ relation: 'request', tuple: [z3.tuple[0] === '' ? 'client_z3' : z3.tuple[0], z3.tuple[1], z3.tuple[2]], to: 'leader#0', from: expect.arrayContaining([expect.stringMatching(/^vote\(/)]) }]);
    expect(last.refusal?.simulation?.text).toMatch(/counterexample\.workload\.json: 1 input, the same facts for both/);
    expect(renderCertify(r)).toMatch(/^ {6}simulator workload: 1 input\(s\) standing for Z3's counterexample \(nothing else\):\n {8}from Z3 {2}request\(/m);
    expect(r.differential).toEqual([]);
    const junit = renderJunit(r);
    expect(junit).toMatch(/<testsuites name="compartment certify" tests="\d+" failures="[1-9]\d*" errors="0"/);
    expect(junit).toMatch(/<failure message="refuted: In rule `tally/);
  });

  it('2pc ender decoupled without the decision: Z3 refutes the monotonicity of the abort answer (facts before, the late decision, the head), and the run on those facts has the client hear abort', async () => {
    const out = mkdtempSync(join(tmpdir(), 'certify-ender-'));
    const r = await run({ file: 'corpus/2pc.ded', plan: plan('2pc-ender-presumes-abort'), runs: 60, out });
    expect(r.verdict).toBe('refuted');
    expect(r.reason).toMatch(/^step 1 \(decouple coordinator\) is refused: Z3 refutes decouple\.coordinator\.ender\.r18\.mono1 /);
    const s = r.steps[0]!;
    expect(s.verdict).toBe('refused');
    expect(s.refusal?.failedChecks.map((c) => c.id.split('.').pop())).toEqual(['independent', 'functional', 'monotonic']);
    // One obligation per negation the syntactic check flags; the one that crosses the new channel first.
    expect(s.obligations.map((o) => `${o.id}:${o.verdict}`)).toEqual([
      'decouple.coordinator.ender.r18.mono1:refuted',
      'decouple.coordinator.ender.r12.mono1:refuted',
      'decouple.coordinator.ender.r14.mono1:refuted',
    ]);
    const cex = s.refusal!.counterexample!;
    expect(cex.obligation).toBe('decouple.coordinator.ender.r18.mono1');
    expect(cex.lines.map((l) => l.split(' ')[0])).toEqual(['before', 'before', 'late', 'head']);
    expect(cex.lines[2]).toMatch(/^late {3}decided\((-?\d+), "commit"\) {3}coordinator forwards it to ender/);
    const txn = Number(/decided\((-?\d+)/.exec(cex.lines[2]!)![1]);
    expect(cex.lines[3]).toMatch(new RegExp(`^head {3}outcome\\("[^"]*", ${txn}, "abort"\\)`));
    // The simulator runs the step on Z3's transaction, and the client hears abort where the coordinator logged commit.
    expect(s.refusal?.counterexampleRun?.basis).toBe('counterexample');
    expect(s.refusal?.counterexampleRun?.workload.inputs.map((i) => [i.relation, i.tuple[1], i.to])).toEqual([['begin', txn, 'coordinator#0']]);
    expect(s.refusal?.simulation?.verdict).toBe('counterexample');
    expect(s.refusal?.simulation?.headline).toMatch(/answer-matches-decision/);
    // The obligations are in proofs/ with their expected answers, as the others.
    const proof = readFileSync(join(out, 'proofs', 'step1.decouple.coordinator.ender.r18.mono1.smt2'), 'utf8');
    expect(proof).toMatch(/^; expected: sat \(refuted\)$/m);
    expect(proof).toMatch(/\(forall \(/);
    const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8'));
    expect(cert.steps[0].obligations[0]).toMatchObject({ id: 'decouple.coordinator.ender.r18.mono1', kind: 'decouple-monotonic', verdict: 'refuted', expected: 'sat' });
    expect(cert.steps[0].refusal.simulationWorkload.fromZ3[0].relation).toBe('begin');
  });

  it('2pc ender, Z3 out of resources: unknown (never a pass), no counterexample and no run', async () => {
    const r = await run({ file: 'corpus/2pc.ded', plan: plan('2pc-ender-presumes-abort'), rlimit: 1 });
    expect(r.verdict).toBe('unknown');
    expect(r.steps[0]!.verdict).toBe('unknown');
    expect(r.steps[0]!.obligations.every((o) => o.verdict === 'unknown')).toBe(true);
    expect(r.steps[0]!.refusal).toBeUndefined();
  });

  it('2pc tally by participant: the run on Z3\'s votes shows the rewritten program breaking the model (given the workload\'s participants when Z3\'s voters are outside it)', async () => {
    const r = await run({ file: 'corpus/2pc-coordinator-tally.ded', plan: plan('2pc-coordinator-tally-by-participant') });
    expect(r.verdict).toBe('refuted');
    const s = r.steps[1]!;
    const cexRun = s.refusal!.counterexampleRun!;
    // Z3's values depend on the solver's history in this process: either they show it alone, or renamed and with company.
    if (cexRun.basis === 'merged') expect(cexRun.alone).toMatch(/broken by the original itself|no difference/);
    const txn = cexRun.workload.inputs[0]!.tuple[0];
    expect(cexRun.workload.inputs.every((i) => i.relation === 'vote' && i.tuple[0] === txn)).toBe(true);
    expect(s.refusal?.simulation?.verdict).toBe('counterexample');
    expect(s.refusal?.simulation?.originalBroke).toBe(false);
  });

  it('2pc committer by participant: Z3 splits the yes count of a transaction', async () => {
    const r = await run({ file: 'corpus/2pc.ded', plan: plan('2pc-committer-by-participant') });
    expect(r.verdict).toBe('refuted');
    expect(r.steps[1]?.refusal?.counterexample?.ruleText).toBe('yes_votes(t, count<p>) :- votes(t, p, true)');
    expect(r.steps[1]?.refusal?.simulation?.verdict).toBe('counterexample');
  });

  it('2pc voting decoupled by batches and acknowledgements: certified, the votes held until the participant has taken the batch', async () => {
    const r = await run({ file: 'corpus/2pc.ded', plan: plan('2pc-participant-vote-batched') });
    expect(r.verdict).toBe('certified');
    expect(r.steps.map((s) => s.rewrite)).toEqual(['decouple-batched']);
    expect(structure(r)).toEqual({ coordinator: { instances: 1 }, participant: { instances: 3 }, participant_vote: { instances: 3 } });
    expect(r.final.text).toMatch(/^vote@d\(txn, participant, yes\) :~ vote__held_participant_vote\(k, d, txn, participant, yes\), participant_vote__taken_by_participant\(k\)$/m);
  });
});
