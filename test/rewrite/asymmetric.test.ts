/**
 * Asymmetric decoupling on small programs built for it and on Paxos' p2b
 * handling: what it proposes, what it refuses and why, what the rewritten
 * program looks like, that it is an ordinary program, that a program it does
 * not apply to is left alone (and said to be), and that the differential
 * tester finds no difference between before and after.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoupleAsymmetric, asymmetricPrecondition } from '../../src/rewrite/decouple-asymmetric.js';
import { applySite } from '../../src/rewrite/apply.js';
import { decouplePrecondition } from '../../src/rewrite/decouple.js';
import { resolveStep } from '../../src/rewrite/plan.js';
import type { DecoupleSite, ProgramState } from '../../src/rewrite/types.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { differential, expectOrdinaryProgram, inputs, rulesOf, state, FRONT_AND_WORKERS, expectLeftAlone } from './support.js';

/**
 * A leader hands jobs to workers tagged with the highest epoch it has heard
 * of; workers acknowledge with the next epoch. The leader counts the acks of
 * each job (and answers once all workers acked) and learns epochs from them:
 * the counting can move out if it sends the epochs back.
 */
const ACKS = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.output got(worker: loc, k: int, epoch: int)
.decl   work(client: loc, k: int, epoch: int)
.decl   ack(worker: loc, client: loc, k: int, epoch: int)
.decl   epochs(e: int)
.decl   cur(e: int)
.decl   acks(worker: loc, client: loc, k: int)
.decl   nworkers(n: int)
.decl   nacks(client: loc, k: int, n: int)
.decl   finished(client: loc, k: int)
.persist epochs
.persist acks
.persist finished

.component leader
epochs(0) :- job(c, k)
epochs(e) :- ack(_, _, _, e)
cur(max<e>) :- epochs(e)
work@w(c, k, e) :~ job(c, k), cur(e), worker(w)
acks(w, c, k) :- ack(w, c, k, _)
nworkers(count<w>) :- worker(w)
nacks(c, k, count<w>) :- acks(w, c, k)
done@c(c, k) :~ nacks(c, k, n), nworkers(n), !finished(c, k)
finished(c, k) :+ nacks(c, k, n), nworkers(n)

.component worker
got(me, k, e) :- work(c, k, e), self(me)
ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), leader(l)
`;

/** The leader learns epochs only for jobs it still has pending: a join with its state, not absorbed. */
const JOINS = ACKS.replace('epochs(e) :- ack(_, _, _, e)', 'epochs(e) :- ack(_, _, k, e), pending(k)')
  .replace('.decl   epochs(e: int)', '.decl   epochs(e: int)\n.decl   pending(k: int)\n.persist pending')
  .replace('epochs(0) :- job(c, k)', 'epochs(0) :- job(c, k)\npending(k) :- job(c, k)');

/** The leader keeps the epoch of the last ack only (not persisted): forgotten, not absorbed. */
const FORGETS = ACKS.replace('.persist epochs\n', '').replace('cur(max<e>) :- epochs(e)', 'cur(max<e>) :- epochs(e)\nepochs(e) :+ epochs(e), !job(_, _)');

/** The answer carries the leader's current epoch: the moved rules read what the rest derives. */
const READS_REST = ACKS.replace('.output done(client: loc, k: int)', '.output done(client: loc, k: int, epoch: int)').replace('done@c(c, k) :~ nacks(c, k, n), nworkers(n), !finished(c, k)', 'done@c(c, k, e) :~ nacks(c, k, n), nworkers(n), cur(e), !finished(c, k)');

/** The leader learns that a job finished from what the counting derives (not a message): derived feedback. */
const DERIVED = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.output again(client: loc, k: int)
.decl   work(client: loc, k: int)
.decl   ack(worker: loc, client: loc, k: int)
.decl   acks(worker: loc, client: loc, k: int)
.decl   nworkers(n: int)
.decl   nacks(client: loc, k: int, n: int)
.decl   newly(client: loc, k: int)
.decl   finished(client: loc, k: int)
.decl   closed(client: loc, k: int)
.persist acks
.persist finished
.persist closed

.component leader
work@w(c, k) :~ job(c, k), worker(w), !closed(c, k)
again@c(c, k) :~ job(c, k), closed(c, k)
closed(c, k) :- newly(c, k)
acks(w, c, k) :- ack(w, c, k)
nworkers(count<w>) :- worker(w)
nacks(c, k, count<w>) :- acks(w, c, k)
newly(c, k) :- nacks(c, k, n), nworkers(n), !finished(c, k)
done@c(c, k) :~ newly(c, k)
finished(c, k) :+ newly(c, k)

.component worker
ack@l(me, c, k) :~ work(c, k), self(me), leader(l)
`;

const PLAIN = FRONT_AND_WORKERS;

function site(s: ProgramState, component: string, heads: readonly string[], into: string): DecoupleSite {
  const rules = s.program.components.get(component)!.rules.map((id) => s.program.rules[id]!).filter((r) => !r.fromPersist && heads.includes(r.head.relation) && !(r.text.startsWith(`${r.head.relation}(`) && r.text.includes(`:+ ${r.head.relation}(`) && !r.text.includes('!')));
  return { kind: 'decouple', component, rules: rules.map((r) => r.id), into };
}

const failing = (s: ProgramState, x: DecoupleSite): string[] => asymmetricPrecondition(s, x).checks.filter((c) => !c.holds).map((c) => c.id.split('.').pop()!);

describe('asymmetric decoupling', () => {
  const deploy = { components: { leader: { instances: 1 }, worker: { instances: 2 } } };
  const s = state(ACKS, deploy);
  const counting = site(s, 'leader', ['acks', 'nacks', 'done', 'finished'], 'counter');

  it('holds where the moved part feeds back through a message both parts read, absorbed into persisted state', () => {
    expect(failing(s, counting)).toEqual([]);
    // The ordinary decouplings do not apply: the counting negates its marker (not monotonic nor functional) and the leader would have to forward every ack.
    for (const k of ['independent', 'functional', 'monotonic'] as const) expect(decouplePrecondition(s, counting, k).holds).toBe(false);
    const order = asymmetricPrecondition(s, counting).checks.find((c) => c.id.endsWith('order-insensitive'))!;
    expect(order.reasons.join('\n')).toMatch(/`!finished` guards on a marker.*NOT proved/);
  });

  it('is proposed by its finder, and chosen by a plain "decouple" step', () => {
    const sites = decoupleAsymmetric.find(s);
    expect(sites.some((x) => x.component === 'leader' && [...x.rules].sort().join() === [...counting.rules].sort().join())).toBe(true);
    const r = resolveStep(s, { rewrite: 'decouple', component: 'leader', relations: ['acks', 'nacks', 'done', 'finished'], into: 'counter' }, 0, 2);
    expect(r.ok && r.resolved.rewrite.name).toBe('decouple-asymmetric');
  });

  it('sends the acks to the new component, which sends the leader the epochs back', () => {
    const after = applySite(decoupleAsymmetric, s, counting).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'leader')).toContain('epochs(e) :- ack__from_counter(e)');
    expect(rulesOf(after, 'leader').some((r) => r.includes('nacks') || r.startsWith('acks'))).toBe(false);
    expect(rulesOf(after, 'counter')).toEqual(expect.arrayContaining(['acks(w, c, k) :- ack(w, c, k, _)', 'ack__from_counter@dest(epoch) :~ ack(_, _, _, epoch), leader(dest)', 'done@c(c, k) :~ nacks(c, k, n), nworkers(n), !finished(c, k)']));
    expect(rulesOf(after, 'worker')).toContain('ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), counter(l)');
    expect(deploymentToJson(after.deployment).components['counter']).toEqual({ instances: 1 });
    // Rewrites compose: the counter can be partitioned by job afterwards (its rules are all keyed by client and job).
    const v = differential(s, after, 25, 3, inputs('leader#0', [['job', ['client1', 1]], ['job', ['client2', 2]], ['job', ['client1', 3]]]));
    expect(v.verdict).toBe('no-difference');
  });

  it('sends back what the moved part derives, when that is what the rest learns from', () => {
    const d = state(DERIVED, deploy);
    const x = site(d, 'leader', ['acks', 'nacks', 'newly', 'done', 'finished'], 'counter');
    expect(failing(d, x)).toEqual([]);
    const after = applySite(decoupleAsymmetric, d, x).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'leader')).toContain('closed(c, k) :- newly__from_counter(c, k)');
    expect(rulesOf(after, 'counter')).toContain('newly__from_counter@dest(c, k) :~ nacks(c, k, n), nworkers(n), !finished(c, k), leader(dest)');
    const v = differential(d, after, 25, 5, inputs('leader#0', [['job', ['client1', 1]], ['job', ['client1', 1]], ['job', ['client2', 2]]]));
    expect(v.verdict).toBe('no-difference');
  });

  it('refuses feedback that is joined with state, or not kept, and moved rules that read what the rest derives', () => {
    const j = state(JOINS, deploy);
    expect(failing(j, site(j, 'leader', ['acks', 'nacks', 'done', 'finished'], 'counter'))).toEqual(['absorbed']);
    expect(asymmetricPrecondition(j, site(j, 'leader', ['acks', 'nacks', 'done', 'finished'], 'counter')).checks.find((c) => !c.holds)!.reasons.join()).toMatch(/joins `ack` with `pending`/);
    const f = state(FORGETS, deploy);
    expect(failing(f, site(f, 'leader', ['acks', 'nacks', 'done', 'finished'], 'counter'))).toContain('absorbed');
    const r = state(READS_REST, deploy);
    const rs = site(r, 'leader', ['acks', 'nacks', 'done', 'finished'], 'counter');
    expect(failing(r, rs)).toContain('fed-directly');
    expect(asymmetricPrecondition(r, rs).checks.find((c) => c.id.endsWith('fed-directly'))!.reasons.join()).toMatch(/`cur`, which the rules left in leader derive/);
  });

  it('leaves a program where nothing flows back alone, and says so', () => {
    expectLeftAlone(decoupleAsymmetric, state(PLAIN));
  });
});

describe("asymmetric decoupling of Paxos' p2b handling", () => {
  const text = readFileSync(new URL('../../corpus/paxos.ded', import.meta.url), 'utf8');
  const deploy = JSON.parse(readFileSync(new URL('../../corpus/paxos.deploy.json', import.meta.url), 'utf8'));
  const s = state(text, deploy);
  const p2b = site(s, 'proposer', ['p2b_ok', 'votes', 'chosen', 'decision', 'announced'], 'p2b_proxy');

  it('holds: the proposer only learns ballots from the p2b, into `seen`, which it persists', () => {
    const pre = asymmetricPrecondition(s, p2b);
    expect(pre.checks.filter((c) => !c.holds)).toEqual([]);
    expect(pre.checks.find((c) => c.id.endsWith('absorbed'))!.reasons).toEqual(['`seen(b) :- p2b(_, _, _, _, b, _, _, _)` keeps what it learns in `seen`']);
  });

  it('makes a p2b proxy that counts, decides, and sends the proposer the ballots back', () => {
    const after = applySite(decoupleAsymmetric, s, p2b).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'proposer')).toContain('seen(b) :- p2b__from_p2b_proxy(b)');
    expect(rulesOf(after, 'proposer').some((r) => /^(p2b_ok|votes|chosen|decision|announced)\b/.test(r))).toBe(false);
    expect(rulesOf(after, 'p2b_proxy')).toEqual(
      expect.arrayContaining([
        'chosen(b, s, c, i, v) :- votes(b, s, c, i, v, k), quorum(q), k >= q',
        'decision@r(s, c, i, v) :~ chosen(b, s, c, i, v), !announced(b, s), replica(r)',
        'p2b__from_p2b_proxy@dest(max_ballot) :~ p2b(_, _, _, _, max_ballot, _, _, _), self(node), p2b_proxy_of(dest, node)',
      ]),
    );
    expect(rulesOf(after, 'acceptor')).toContain('p2b@dest(me, p, b, s, m, c, i, v) :~ p2a(p, b, s, c, i, v), maxb(m), self(me), proposer(p), p2b_proxy_of(p, dest)');
    expect(deploymentToJson(after.deployment).edb?.['p2b_proxy_of']).toEqual([
      ['proposer#0', 'p2b_proxy#0'],
      ['proposer#1', 'p2b_proxy#1'],
    ]);
    const workload = JSON.parse(readFileSync(new URL('../../corpus/paxos.workload.json', import.meta.url), 'utf8')) as { inputs: { relation: string; tuple: (string | number)[]; to: string }[] };
    const v = differential(s, after, 8, 1, workload.inputs.map((x) => ({ relation: x.relation, tuple: x.tuple, toOriginal: x.to, toRewritten: x.to })));
    expect(v.verdict).toBe('no-difference');
  });
});
