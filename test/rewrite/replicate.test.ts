/**
 * Replication of a monotonic component (src/rewrite/replicate.ts): on a
 * small lookup service built for it, the replicated program is an ordinary
 * program whose senders broadcast to every replica, and `certify` certifies
 * it (the differential tester finds no difference); a program with nothing
 * to replicate is left alone and said to be; replicating a non-monotonic
 * component (broadcast-pipeline's receiver) is refused with the reason, and
 * so is one whose messages are counted by their receivers (voting's
 * participants), where the differential tester, run on the step forced,
 * finds the leader replying twice.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replicate, replicatePrecondition, replicateSite } from '../../src/rewrite/replicate.js';
import { applySite, rewriteOnce } from '../../src/rewrite/apply.js';
import { parsePlan } from '../../src/rewrite/plan.js';
import { certify, type CertifyReport } from '../../src/pipeline/certify.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { expectOrdinaryProgram, rulesOf, state } from './support.js';

afterAll(async () => {
  await shutdownZ3();
});

/** A front that clients address; a store that keeps entries for good and answers lookups: monotonic, its answers go to clients. */
const LOOKUP = `
.input  put(client: loc, key: int, value: string)
.input  get(client: loc, key: int)
.output stored(client: loc, key: int)
.output found(client: loc, key: int, value: string)
.decl   entry(key: int, value: string)
.decl   lookup(client: loc, key: int)
.decl   item(key: int, value: string)
.persist item

.component front
entry@s(k, v) :~ put(c, k, v), store(s)
stored@c(c, k) :~ put(c, k, v)
lookup@s(c, k) :~ get(c, k), store(s)

.component store
item(k, v) :- entry(k, v)
found@c(c, k, v) :~ lookup(c, k), item(k, v)
`;

async function certifyText(text: string, plan: string, files: { deploy?: unknown; workload?: unknown } = {}): Promise<CertifyReport> {
  const dir = mkdtempSync(join(tmpdir(), 'replicate-'));
  const file = join(dir, 'p.ded');
  writeFileSync(file, text);
  if (files.deploy) writeFileSync(join(dir, 'p.deploy.json'), JSON.stringify(files.deploy));
  if (files.workload) writeFileSync(join(dir, 'p.workload.json'), JSON.stringify(files.workload));
  const p = parsePlan(plan);
  if (!p.ok) throw new Error(p.diagnostics.map((d) => d.message).join('\n'));
  const r = await certify({ file, plan: { source: 'test', plan: p.plan }, partitions: 2, runs: 40, seed: 1, timeoutMs: 10_000 });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}

describe('replicate', () => {
  it('replicates the lookup store: every sender broadcasts to the replicas; an ordinary program', () => {
    const s = state(LOOKUP);
    const site = replicateSite(s, 'store', 3);
    expect(replicatePrecondition(s, site).checks.map((c) => [c.id, c.holds])).toEqual([
      ['replicate.store.not-client-facing', true],
      ['replicate.store.broadcast', true],
      ['replicate.store.monotonic', true],
      ['replicate.store.idempotent-outputs', true],
    ]);
    const next = applySite(replicate, s, site);
    expectOrdinaryProgram(next.state);
    expect(deploymentToJson(next.state.deployment).components).toEqual({ front: { instances: 1 }, store: { instances: 1, partitions: 3 } });
    expect(rulesOf(next.state, 'front')).toEqual([
      'entry@q(k, v) :~ put(c, k, v), store(s), partition_of(s, _, q)',
      'stored@c(c, k) :~ put(c, k, v)',
      'lookup@q(c, k) :~ get(c, k), store(s), partition_of(s, _, q)',
    ]);
    expect(rulesOf(next.state, 'store')).toEqual(rulesOf(s, 'store'));
    expect(next.notes[0]).toMatch(/^store runs as 3 replicas per instance \(deployed as partitions\), each message to every replica/);
  });

  it('certify certifies the replicated lookup service: no obligation left for Z3, and the differential tester finds no difference', async () => {
    const r = await certifyText(LOOKUP, '{"steps": [{"rewrite": "replicate", "component": "store", "replicas": 3}]}', {
      workload: {
        inputs: [
          { relation: 'put', tuple: ['c1', 1, 'a'], to: 'front#0' },
          { relation: 'get', tuple: ['c2', 1], to: 'front#0' },
          { relation: 'put', tuple: ['c2', 2, 'b'], to: 'front#0' },
          { relation: 'get', tuple: ['c1', 2], to: 'front#0' },
          { relation: 'get', tuple: ['c1', 1], to: 'front#0' },
        ],
      },
    });
    expect(r.steps.map((s) => [s.rewrite, s.verdict])).toEqual([['replicate', 'certified']]);
    expect(r.steps[0]!.title).toBe('replicate: store x3 replicas, every message to every replica');
    expect(r.differential.map((d) => [d.verdict, d.runs])).toEqual([['no-difference', 40]]);
    expect(r.verdict).toBe('certified');
  });

  it('leaves alone a program with nothing to replicate, and says why', () => {
    const s = state(`
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.component front
done@c(c, k) :~ job(c, k)
`);
    const r = rewriteOnce(replicate, s);
    expect(r.changed).toBe(false);
    if (!r.changed) expect(r.message).toBe('replicate does not apply: the program is left alone');
    expect(r.state).toBe(s);
  });

  it('refuses to replicate a non-monotonic component, with the reason (broadcast-pipeline\'s receiver negates what it saw)', async () => {
    const r = await certifyTextFromCorpus('broadcast-pipeline', '{"steps": [{"rewrite": "replicate", "component": "receiver"}]}');
    expect(r.verdict).toBe('refuted');
    const s = r.steps[0]!;
    expect(s.verdict).toBe('refused');
    expect(s.refusal?.failedChecks.map((c) => [c.id, c.reasons])).toEqual([['replicate.receiver.monotonic', ['rule `received(me, d) :- deliver(d), self(me), !got(d)` negates `got`']]]);
    expect(r.reason).toBe('step 1 (replicate receiver) is refused: rule `received(me, d) :- deliver(d), self(me), !got(d)` negates `got`');
  });

  it('refuses to replicate voting\'s participants, whose votes the leader counts; forced, the tester finds the leader replying twice', async () => {
    const r = await certifyTextFromCorpus('voting', '{"steps": [{"rewrite": "replicate", "component": "participant"}]}');
    expect(r.verdict).toBe('refuted');
    const s = r.steps[0]!;
    expect(s.refusal?.failedChecks.map((c) => c.id)).toEqual(['replicate.participant.idempotent-outputs']);
    expect(s.refusal?.failedChecks[0]!.reasons[0]).toMatch(/^rule `votes\(c, i, v, p\) :- vote\(c, i, v, p\)` \(leader\) derives `votes` from `vote`, and `votes` is not kept for good/);
    expect(s.refusal?.simulation?.verdict).toBe('counterexample');
    expect(s.refusal?.simulation?.headline).toMatch(/reply-at-most-once/);
  });

  it('a plan step with bad replicas is bad input', () => {
    const p = parsePlan('{"steps": [{"rewrite": "replicate", "component": "store", "replicas": 1}]}');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.diagnostics[0]!.message).toMatch(/steps\[0\]\.replicas must be an integer from 2 to 1000, got 1/);
  });
});

async function certifyTextFromCorpus(name: string, plan: string): Promise<CertifyReport> {
  const p = parsePlan(plan);
  if (!p.ok) throw new Error('plan');
  const r = await certify({ file: `corpus/${name}.ded`, plan: { source: 'test', plan: p.plan }, partitions: 2, runs: 40, seed: 1, timeoutMs: 10_000 });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.report;
}
