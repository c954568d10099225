/**
 * Asymmetric decoupling by batches and acknowledgements, on small programs
 * built for it: what it proposes where the absorbed form (decouple-asymmetric)
 * does not apply, what it refuses and why, what the rewritten program looks
 * like, that it is an ordinary program, that a program it does not apply to
 * is left alone (and said to be), and that the differential tester finds no
 * difference between before and after, with faults too.
 */
import { describe, expect, it } from 'vitest';
import { batchedPrecondition, decoupleBatched } from '../../src/rewrite/decouple-batched.js';
import { asymmetricPrecondition } from '../../src/rewrite/decouple-asymmetric.js';
import { applySite } from '../../src/rewrite/apply.js';
import { decouplePrecondition } from '../../src/rewrite/decouple.js';
import { resolveStep } from '../../src/rewrite/plan.js';
import type { DecoupleSite, ProgramState } from '../../src/rewrite/types.js';
import { deploymentToJson } from '../../src/sim/deployment.js';
import { differentialTest } from '../../src/equiv/index.js';
import { createHash } from 'node:crypto';
import { differential, expectOrdinaryProgram, inputs, rulesOf, state, FRONT_AND_WORKERS, expectLeftAlone } from './support.js';

/**
 * A leader hands jobs to workers with the highest epoch it has learnt; the
 * workers acknowledge with the next epoch. The leader counts each job's acks
 * and answers once all workers acked. It learns epochs only from acks of jobs
 * it has pending (a join of the ack with its state), and tells a client whose
 * job arrives in the tick that job completes that it is `idle` otherwise (a
 * negation of what the counting derives): feedback that is not absorbed, so
 * only batches preserve what it sees.
 */
const FEEDS = `
.input  job(client: loc, k: int)
.output done(client: loc, k: int)
.output idle(client: loc, k: int)
.decl   work(client: loc, k: int, epoch: int)
.decl   ack(worker: loc, client: loc, k: int, epoch: int)
.decl   epochs(e: int)
.decl   pending(k: int)
.decl   cur(e: int)
.decl   acks(worker: loc, client: loc, k: int)
.decl   nworkers(n: int)
.decl   nacks(client: loc, k: int, n: int)
.decl   newly(client: loc, k: int)
.decl   finished(client: loc, k: int)
.persist epochs
.persist pending
.persist acks
.persist finished

.component leader
epochs(0) :- job(c, k)
pending(k) :- job(c, k)
epochs(e) :- ack(_, _, k, e), pending(k)
cur(max<e>) :- epochs(e)
work@w(c, k, e) :~ job(c, k), cur(e), worker(w)
idle@c(c, k) :~ job(c, k), !newly(c, k)
acks(w, c, k) :- ack(w, c, k, _)
nworkers(count<w>) :- worker(w)
nacks(c, k, count<w>) :- acks(w, c, k)
newly(c, k) :- nacks(c, k, n), nworkers(n), !finished(c, k)
done@c(c, k) :~ newly(c, k)
finished(c, k) :+ newly(c, k)

.component worker
ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), leader(l)
`;

const COUNTING = ['acks', 'nacks', 'newly', 'done', 'finished'];

/** The answer is sent from the count in every tick it holds, guarded by what the next tick adds: not a state machine for the analysis. */
const NOT_MACHINE = FEEDS.replace('newly(c, k) :- nacks(c, k, n), nworkers(n), !finished(c, k)\ndone@c(c, k) :~ newly(c, k)\nfinished(c, k) :+ newly(c, k)', 'newly(c, k) :- ack(_, c, k, _), nacks(c, k, n), nworkers(n)\ndone@c(c, k) :~ nacks(c, k, n), nworkers(n), !finished(c, k)\nfinished(c, k) :+ nacks(c, k, n), nworkers(n)');

/** The leader reads the kept acks themselves: state the counting keeps, not something of one tick. */
const READS_STATE = FEEDS.replace('.output idle(client: loc, k: int)', '.output idle(client: loc, k: int)\n.output busy(client: loc, k: int)').replace('idle@c(c, k) :~ job(c, k), !newly(c, k)', 'idle@c(c, k) :~ job(c, k), !newly(c, k)\nbusy@c(c, k) :~ job(c, k), acks(_, c, k)');

/** The counting also outputs where it runs: an output cannot be held back like a message. */
const OUTPUTS = FEEDS.replace('.output idle(client: loc, k: int)', '.output idle(client: loc, k: int)\n.output counted(client: loc, k: int)').replace('done@c(c, k) :~ newly(c, k)', 'done@c(c, k) :~ newly(c, k)\ncounted(c, k) :- newly(c, k)');

/**
 * Where the mechanism shows: the counting also tells the workers a job is
 * complete, and they tell the leader, which reports a job it hears of before
 * it learnt of it itself (`late`: never in the original, where it learns in
 * the tick the message leaves); and the leader answers `both` when a job
 * completes in a tick with an ack of it (always, in the original).
 */
const CAUSAL = FEEDS.replace('.output idle(client: loc, k: int)', '.output idle(client: loc, k: int)\n.output late(client: loc, k: int)\n.output both(client: loc, k: int)\n.decl release(client: loc, k: int)\n.decl released(client: loc, k: int)\n.decl known(client: loc, k: int)\n.persist known')
  .replace('done@c(c, k) :~ newly(c, k)', 'done@c(c, k) :~ newly(c, k)\nrelease@w(c, k) :~ newly(c, k), worker(w)')
  .replace('idle@c(c, k) :~ job(c, k), !newly(c, k)', 'idle@c(c, k) :~ job(c, k), !newly(c, k)\nknown(c, k) :- newly(c, k)\nlate@c(c, k) :~ released(c, k), !known(c, k)\nboth@c(c, k) :~ newly(c, k), ack(_, c, k, _)')
  .replace('ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), leader(l)', 'ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), leader(l)\nreleased@l(c, k) :~ release(c, k), leader(l)');

const PLAIN = FRONT_AND_WORKERS;

function site(s: ProgramState, component: string, heads: readonly string[], into: string): DecoupleSite {
  const rules = s.program.components.get(component)!.rules.map((id) => s.program.rules[id]!).filter((r) => !r.fromPersist && heads.includes(r.head.relation));
  return { kind: 'decouple', component, rules: rules.map((r) => r.id), into };
}

const failing = (s: ProgramState, x: DecoupleSite): string[] => batchedPrecondition(s, x).checks.filter((c) => !c.holds).map((c) => c.id.split('.').pop()!);
const reasons = (s: ProgramState, x: DecoupleSite, id: string): string => batchedPrecondition(s, x).checks.find((c) => c.id.endsWith(id))!.reasons.join('\n');

const JOBS = inputs('leader#0', [
  ['job', ['client1', 1]],
  ['job', ['client2', 2]],
  ['job', ['client1', 3]],
  ['job', ['client2', 1]],
]);

describe('asymmetric decoupling by batches and acknowledgements', () => {
  const deploy = { components: { leader: { instances: 1 }, worker: { instances: 2 } } };
  const s = state(FEEDS, deploy);
  const counting = site(s, 'leader', COUNTING, 'counter');

  it('holds where the rest joins and negates what comes back, and only there does no other decoupling apply', () => {
    expect(failing(s, counting)).toEqual([]);
    expect(reasons(s, counting, 'state-machine')).toMatch(/a state machine over its inputs `ack`/);
    expect(reasons(s, counting, 'transient-feedback')).toMatch(/read back: `ack`, `newly`/);
    for (const k of ['independent', 'functional', 'monotonic'] as const) expect(decouplePrecondition(s, counting, k).holds).toBe(false);
    const absorbed = asymmetricPrecondition(s, counting).checks.find((c) => c.id.endsWith('.absorbed'))!;
    expect(absorbed.holds).toBe(false);
    expect(absorbed.reasons.join('\n')).toMatch(/joins `ack` with `pending`/);
    expect(absorbed.reasons.join('\n')).toMatch(/negates `newly`/);
  });

  it('is proposed by its finder (an upstream-closed set: it reads nothing the rest derives), and chosen by a plain "decouple" step', () => {
    expect(decoupleBatched.find(s).some((x) => x.component === 'leader' && [...x.rules].sort().join() === [...counting.rules].sort().join())).toBe(true);
    const r = resolveStep(s, { rewrite: 'decouple', component: 'leader', relations: COUNTING, into: 'counter' }, 0, 2);
    expect(r.ok && r.resolved.rewrite.name).toBe('decouple-batched');
  });

  it('numbers, acknowledges and seals batches, lets the rest take them in order, and holds the moved messages until then', () => {
    const applied = applySite(decoupleBatched, s, counting);
    const after = applied.state;
    expectOrdinaryProgram(after);
    const leader = rulesOf(after, 'leader');
    const counter = rulesOf(after, 'counter');
    // The rest reads the batch it takes, in place of what it read.
    expect(leader).toEqual(
      expect.arrayContaining([
        'epochs(e) :- ack__taken_from_counter(k, e), pending(k)',
        'idle@c(c, k) :~ job(c, k), !newly__taken_from_counter(c, k)',
        'ack__taken_from_counter(k1, epoch) :- ack__kept_from_counter(k, k1, epoch), counter__taken(k)',
        'counter__taken(k) :- counter__ready(k), counter__taken_upto(n), k = n + 1',
        'counter__taken(1) :- counter__ready(1), !counter__taken_upto(_)',
      ]),
    );
    expect(leader.some((r) => /^(acks|nacks|newly|finished)\(/.test(r))).toBe(false);
    // The counting numbers its ticks with an input, sends back tagged facts, seals once all are acknowledged, and holds `done`.
    expect(counter).toEqual(
      expect.arrayContaining([
        'counter__arrival(0) :- ack(_, _, _, _)',
        'counter__batch(k) :- counter__arrival(_), counter__last(n), k = n + 1',
        'newly__from_counter@d(k, client, k1) :~ newly(client, k1), counter__batch(k), leader(d)',
        'counter__sealed@d(k) :~ counter__open(k), !counter__missing(k), leader(d)',
        'done__held_counter(batch, c, c, k) :- newly(c, k), counter__batch(batch)',
        'done@d(client, k1) :~ done__held_counter(k, d, client, k1), counter__taken_by_leader(k)',
      ]),
    );
    expect(counter).not.toContain('done@c(c, k) :~ newly(c, k)');
    expect(rulesOf(after, 'worker')).toContain('ack@l(me, c, k, f) :~ work(c, k, e), f = e + 1, self(me), counter(l)');
    expect(deploymentToJson(after.deployment).components['counter']).toEqual({ instances: 1 });
    expect(applied.notes.join('\n')).toMatch(/takes sealed batches in order, one per tick/);
    const v = differential(s, after, 25, 3, JOBS);
    expect(v.verdict).toBe('no-difference');
  });

  it('finds no difference under message loss, duplication and crashes either', () => {
    const after = applySite(decoupleBatched, s, counting).state;
    const side = (x: ProgramState, file: string) => ({ file, program: x.program, deployment: x.deployment, deploymentSource: null, model: null, sha256: createHash('sha256').update(x.text).digest('hex') });
    const v = differentialTest({ original: side(s, 'original'), rewritten: side(after, 'rewritten'), inputs: JOBS, ordered: [] }, { runs: 20, seed: 11, shrinkMs: 500, maxStates: 2000, walks: 200, samples: 5, faults: ['drop', 'duplicate', 'crash'] });
    expect(v.verdict).toBe('no-difference');
  });

  it('pairs each instance of the component with its own batches', () => {
    const two = state(FEEDS, { components: { leader: { instances: 2 }, worker: { instances: 2 } } });
    const after = applySite(decoupleBatched, two, site(two, 'leader', COUNTING, 'counter')).state;
    expectOrdinaryProgram(after);
    expect(rulesOf(after, 'counter')).toContain('counter__sealed@d(k) :~ counter__open(k), !counter__missing(k), self(node), counter_of(d, node)');
    const jobs = [...JOBS, ...inputs('leader#1', [['job', ['client3', 1]], ['job', ['client3', 4]]])];
    expect(differential(two, after, 15, 5, jobs).verdict).toBe('no-difference');
  });

  it('needs both halves: messages released before the batch is taken, or feedback read as it arrives, show differences', () => {
    const c = state(CAUSAL, deploy);
    const after = applySite(decoupleBatched, c, site(c, 'leader', [...COUNTING, 'release'], 'counter')).state;
    expectOrdinaryProgram(after);
    expect(differential(c, after, 25, 3, JOBS).verdict).toBe('no-difference');
    const variant = (edit: (text: string) => string): ProgramState => {
      const text = edit(after.text);
      expect(text).not.toBe(after.text);
      return state(text, deploymentToJson(after.deployment));
    };
    // The counting's messages leave in the tick they are derived (not held).
    const unheld = variant((t) => t.replace(/^(\w+)__held_counter\(batch, (\w+), (.*)\) :- (.*), counter__batch\(batch\)$/gm, '$1@$2($3) :~ $4'));
    const v1 = differential(c, unheld, 25, 3, JOBS);
    expect(v1.verdict).toBe('counterexample');
    if (v1.verdict === 'counterexample') expect(JSON.stringify(v1.counterexample.failure)).toMatch(/late/);
    // The leader reads what comes back as it arrives, not a whole batch in one tick.
    const unbatched = variant((t) => t.replace(/^(\w+)__taken_from_counter\((.*)\) :- \w+__kept_from_counter\(k, .*\), counter__taken\(k\)$/gm, '$1__taken_from_counter($2) :- $1__from_counter(_, $2)'));
    const v2 = differential(c, unbatched, 25, 3, JOBS);
    expect(v2.verdict).toBe('counterexample');
    // A job completes without its `both`: the last ack and the completion were read in different ticks.
    if (v2.verdict === 'counterexample') {
      const seen = JSON.stringify(v2.counterexample.failure);
      expect(seen).toMatch(/done\(/);
      expect(seen).not.toMatch(/both\(/);
    }
  });

  it('refuses moved rules that are not a state machine, feedback the moved rules keep, and outputs where they run', () => {
    const n = state(NOT_MACHINE, deploy);
    const ns = site(n, 'leader', COUNTING, 'counter');
    expect(failing(n, ns)).toEqual(['state-machine']);
    expect(reasons(n, ns, 'state-machine')).toMatch(/sends from `nacks`, which can hold in a tick with no input/);
    const k = state(READS_STATE, deploy);
    const ks = site(k, 'leader', COUNTING, 'counter');
    expect(failing(k, ks)).toEqual(['transient-feedback']);
    expect(reasons(k, ks, 'transient-feedback')).toMatch(/`acks` can hold in a tick where no input of the moved rules arrives/);
    const o = state(OUTPUTS, deploy);
    const os = site(o, 'leader', [...COUNTING, 'counted'], 'counter');
    expect(failing(o, os)).toEqual(['holdable']);
    expect(reasons(o, os, 'holdable')).toMatch(/outputs `counted` where it is derived/);
  });

  it('leaves a program where nothing flows back alone, and says so', () => {
    expectLeftAlone(decoupleBatched, state(PLAIN));
  });
});
