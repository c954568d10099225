import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  describeStop,
  generateWorkload,
  randomScheduler,
  replayScheduler,
  replayTrace,
  simulate,
  Topology,
  type Action,
  type Enabled,
  type Scheduler,
  type SimResult,
  type Trace,
} from '../../src/sim/index.js';
import type { Workload } from '../../src/sim/index.js';
import { deploy, program, voting, votingLine, work } from './helpers.js';

/** Every request answered by exactly one reply, at its client, and nothing else observed. */
function expectEveryRequestAnsweredOnce(r: SimResult, workload: Workload): void {
  expect(r.reason).toBe('quiescent');
  const expected = workload.inputs.map((i) => ({ relation: 'reply', tuple: i.tuple, at: i.tuple[0], count: 1 })).sort(byJson);
  const got = r.observations.map((o) => ({ relation: o.relation, tuple: o.tuple, at: o.at, count: o.count })).sort(byJson);
  expect(got).toEqual(expected);
}

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

describe('simulate: voting', () => {
  const { program: p, deployment, workload } = voting();

  it('answers every request exactly once and reaches quiescence, under 200 seeds', () => {
    for (let seed = 0; seed < 200; seed++) {
      const r = simulate(p, deployment, workload, { seed });
      expectEveryRequestAnsweredOnce(r, workload);
      // 5 requests: 3 ballots, 3 votes and 1 reply each.
      expect(r.stats.messages).toBe(35);
      expect(r.stats.arrivals).toBe(5);
      expect(r.stats.inputsInjected).toBe(5);
    }
  });

  it('answers generated workloads on other deployments too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 8 }), (seed, participants, count) => {
        const d = deploy(p, { components: { leader: { instances: 1 }, participant: { instances: participants } } });
        const w = generateWorkload(p, new Topology(d), { seed, count });
        expectEveryRequestAnsweredOnce(simulate(p, d, w, { seed }), w);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same trace for the same seed, and another for another seed', () => {
    const a = simulate(p, deployment, workload, { seed: 17 });
    const b = simulate(p, deployment, workload, { seed: 17 });
    expect(b.trace).toEqual(a.trace);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = simulate(p, deployment, workload, { seed: 18 });
    expect(c.trace.choices).not.toEqual(a.trace.choices);
  });

  it('records a JSON-serializable trace whose choices replay the run', () => {
    const a = simulate(p, deployment, workload, { seed: 5 });
    const json = JSON.parse(JSON.stringify(a.trace)) as typeof a.trace;
    expect(json).toEqual(a.trace);
    // Version 2: traces gained faults, ordered channels and the program's identity (version 1 traces still replay).
    expect(a.trace).toMatchObject({ format: 'compartment-trace', version: 2, seed: 5, nodes: ['leader#0', 'participant#0', 'participant#1', 'participant#2'] });
    expect(a.trace.choices).toHaveLength(a.stats.steps);
    expect(a.trace.steps).toHaveLength(a.stats.steps);
    const replay = simulate(p, deployment, workload, { scheduler: replayScheduler(json.choices) });
    expect(replay.reason).toBe('quiescent');
    expect(replay.trace.steps).toEqual(a.trace.steps);
    expect(replay.observations).toEqual(a.observations);
    expect(replay.trace.seed).toBeNull();
  });

  it('records deliveries, sends with their rule and line, and arrivals', () => {
    const r = simulate(p, deployment, workload, { seed: 2 });
    const ticks = r.trace.steps.filter((s) => s.kind === 'tick');
    const ballot = ticks.flatMap((s) => s.sent).find((m) => m.relation === 'ballot');
    expect(ballot).toMatchObject({ rule: 0, line: votingLine('ballot@p('), to: expect.stringMatching(/^participant#\d$/) });
    const delivered = ticks.flatMap((s) => s.delivered);
    expect(delivered.filter((m) => m.from === null)).toHaveLength(5);
    expect(delivered.some((m) => m.relation === 'vote' && m.from?.startsWith('participant#'))).toBe(true);
    const arrivals = r.trace.steps.filter((s) => s.kind === 'arrive');
    expect(arrivals).toHaveLength(5);
    for (const a of arrivals) expect(a).toMatchObject({ relation: 'reply', from: 'leader#0' });
    // Message ids are unique.
    const ids = [...ticks.flatMap((s) => s.sent.map((m) => m.id)), ...r.trace.steps.filter((s) => s.kind === 'inject').map((s) => s.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stops a replay that does not fit as invalid-action, and one that runs out as schedule-ended', () => {
    const bogus: Action[] = [{ kind: 'inject', input: 3 }];
    expect(simulate(p, deployment, workload, { scheduler: replayScheduler(bogus) })).toMatchObject({
      reason: 'invalid-action',
      step: 1,
      problem: 'the next input to inject is 0, not 3',
    });
    const a = simulate(p, deployment, workload, { seed: 4 });
    const cut = simulate(p, deployment, workload, { scheduler: replayScheduler(a.trace.choices.slice(0, 10)) });
    expect(cut).toMatchObject({ reason: 'schedule-ended', step: 10 });
  });

  it('respects a FIFO, one-message-per-tick, no-delay network', () => {
    const network = { reorder: false, batch: false, delay: false };
    let sawTick = false;
    const checking: Scheduler = {
      name: 'checking',
      next(enabled: Enabled) {
        for (const t of enabled.ticks) {
          expect(t.max).toBeLessThanOrEqual(1);
          expect(t.min).toBe(t.max);
          expect(t.fifo).toBe(true);
          sawTick = true;
        }
        return inner.next(enabled, 0);
      },
    };
    const inner = randomScheduler(3);
    const r = simulate(p, deployment, workload, { network, scheduler: checking });
    expect(sawTick).toBe(true);
    expectEveryRequestAnsweredOnce(r, workload);
    for (const s of r.trace.steps) if (s.kind === 'tick') expect(s.delivered.length).toBeLessThanOrEqual(1);
  });

  it('ends at once, quiescent, with no inputs', () => {
    const r = simulate(p, deployment, { inputs: [] }, { seed: 1 });
    expect(r.reason).toBe('quiescent');
    expect(r.observations).toEqual([]);
    // Each node ticks once to find it has nothing to do.
    expect(r.stats.ticks).toBe(4);
  });
});

describe('simulate: bounds', () => {
  const counter = program(`
.input start(x: int)
.output n(x: int)
.component c
n(x) :- start(x)
n(x + 1) :+ n(x)
`);
  const d = deploy(counter);
  const w = work(counter, d, { inputs: [{ relation: 'start', tuple: [0] }] });

  it('reports a program that never settles as bound (steps), naming the rule, never as success', () => {
    const r = simulate(counter, d, w, { seed: 1, maxSteps: 300 });
    expect(r).toMatchObject({ reason: 'bound', bound: 'steps', limit: 300, reached: 300 });
    if (r.reason !== 'bound') throw new Error('unreachable');
    expect(r.busiest[0]).toMatchObject({ ruleText: 'n(x + 1) :+ n(x)', line: 6 });
    expect(r.stats.steps).toBe(300);
    expect(r.trace.stop).toEqual({ ...r.trace.stop, reason: 'bound' });
  });

  it('reports the facts-per-tick bound with the node', () => {
    const growing = program(`
.input start(x: int)
.output n(x: int)
.component c
n(x) :- start(x)
n(x + 1) :+ n(x)
n(x) :+ n(x)
`);
    const dd = deploy(growing);
    const r = simulate(growing, dd, work(growing, dd, { inputs: [{ relation: 'start', tuple: [0] }] }), { seed: 1, maxFactsPerTick: 20 });
    expect(r).toMatchObject({ reason: 'bound', bound: 'facts-per-tick', limit: 20, node: 'c#0' });
    if (r.reason === 'bound') expect(r.reached).toBeGreaterThan(20);
  });

  it('stops a tick that derives without end at the facts-per-tick bound, naming the rule and its line', () => {
    // Line 6 derives below(s) for ever smaller s within one tick (no `t > 0` guard):
    // the run must end at the bound, not crash the evaluator's interner.
    const runaway = program(`.input start(x: int)
.output out(x: int)
.decl below(x: int)
.component c
below(x) :- start(x)
below(s) :- below(t), s = t - 1
out(x) :- below(x), x > 100
`);
    const dd = deploy(runaway);
    const r = simulate(runaway, dd, work(runaway, dd, { inputs: [{ relation: 'start', tuple: [3] }] }), { seed: 1, maxFactsPerTick: 500 });
    expect(r).toMatchObject({ reason: 'bound', bound: 'facts-per-tick', limit: 500, reached: 501, node: 'c#0', deriving: { line: 6, ruleText: 'below(s) :- below(t), s = t - 1' } });
    expect(describeStop(r)).toMatch(/facts-per-tick limit 500 exceeded: 501 facts in one tick at c#0, stopped while rule \d+ \(line 6\) was deriving: below\(s\) :- below\(t\), s = t - 1/);
    // The default bound (10 000) stops it too, and the trace records the stop.
    const d = simulate(runaway, dd, work(runaway, dd, { inputs: [{ relation: 'start', tuple: [3] }] }), { seed: 1 });
    expect(d).toMatchObject({ reason: 'bound', bound: 'facts-per-tick', limit: 10_000, deriving: { line: 6 } });
    expect(d.trace.stop).toMatchObject({ reason: 'bound', bound: 'facts-per-tick' });
    const replayed = replayTrace(runaway, JSON.parse(JSON.stringify(d.trace)) as Trace);
    expect(replayed.ok && replayed.divergence).toBe(null);
  });

  it('reports the message bound, naming the rules that resend forever', () => {
    const pingPong = program(`
.input start(x: int)
.decl ping(x: int)
.component a
ping@d(x) :~ start(x), b(d)
ping@d(x) :~ ping(x), b(d)
.component b
ping@d(x) :~ ping(x), a(d)
`);
    const dd = deploy(pingPong);
    const r = simulate(pingPong, dd, work(pingPong, dd, { inputs: [{ relation: 'start', tuple: [1] }] }), { seed: 1, maxMessages: 50 });
    expect(r).toMatchObject({ reason: 'bound', bound: 'messages', limit: 50, reached: 51 });
    if (r.reason === 'bound') expect(r.busiest.slice(0, 2).map((b) => b.line).sort()).toEqual([6, 8]);
  });
});

describe('simulate: errors and addresses', () => {
  it('reports an evaluation error with the node and rule', () => {
    const div = program(`
.input start(x: int)
.output r(x: int)
.component a
r(y) :- start(x), y = 10 / x
`);
    const d = deploy(div);
    const r = simulate(div, d, work(div, d, { inputs: [{ relation: 'start', tuple: [0] }] }), { seed: 1 });
    expect(r).toMatchObject({ reason: 'eval-error', node: 'a#0', rule: 0, line: 5, ruleText: 'r(y) :- start(x), y = 10 / x' });
    if (r.reason === 'eval-error') expect(r.message).toMatch(/division by zero/);
  });

  it('refuses a non-output fact sent to a client address', () => {
    const p = program(`
.input start(c: loc)
.decl ping(c: loc)
.component a
ping@c(c) :~ start(c)
`);
    const d = deploy(p);
    const r = simulate(p, d, work(p, d, { inputs: [{ relation: 'start', tuple: ['client1'] }] }), { seed: 1 });
    expect(r).toMatchObject({ reason: 'bad-address', problem: 'not-an-output', address: 'client1', node: 'a#0', relation: 'ping', line: 5 });
  });

  it('refuses a message to a node that does not exist', () => {
    const p = program(`
.input start(c: loc)
.output pong(c: loc)
.component a
pong@c(c) :~ start(c)
`);
    const d = deploy(p);
    const r = simulate(p, d, work(p, d, { inputs: [{ relation: 'start', tuple: ['a#7'] }] }), { seed: 1 });
    expect(r).toMatchObject({ reason: 'bad-address', problem: 'no-such-node', address: 'a#7' });
  });

  it('observes outputs at a node once per stretch of ticks in which they hold', () => {
    const p = program(`
.input  on(x: int)
.output lit(x: int)
.component a
lit(x) :- on(x)
lit(x) :+ lit(x)
`);
    const d = deploy(p);
    const w = work(p, d, { inputs: [{ relation: 'on', tuple: [1] }, { relation: 'on', tuple: [1] }] });
    for (let seed = 0; seed < 20; seed++) {
      const r = simulate(p, d, w, { seed });
      expect(r.reason).toBe('quiescent');
      expect(r.observations).toMatchObject([{ relation: 'lit', tuple: [1], at: 'a#0', count: 1 }]);
    }
  });
});

describe('simulate: partitions', () => {
  const p = program(`
.input  put(k: int, v: string)
.output stored(k: int, v: string, at: loc, part: int)
.decl   store(k: int, v: string)
.component front
store@q(k, v) :~ put(k, v), storage(s), partition_count(s, n), j = hash(k) % n, partition_of(s, j, q)
.component storage
stored(k, v, me, i) :- store(k, v), self(me), self_partition(i)
`);
  const d = deploy(p, { components: { front: { instances: 1 }, storage: { instances: 1, partitions: 3 } } });
  const w = work(p, d, { inputs: [1, 2, 3, 4, 5, 6].map((k) => ({ relation: 'put', tuple: [k, `v${k}`] })) });

  it('routes by partition_of, with self the logical address and self_partition the index', () => {
    const placed = new Map<number, string>();
    for (let seed = 0; seed < 20; seed++) {
      const r = simulate(p, d, w, { seed });
      expect(r.reason).toBe('quiescent');
      expect(r.observations).toHaveLength(6);
      for (const o of r.observations) {
        const [k, , me, i] = o.tuple as [number, string, string, number];
        expect(me).toBe('storage#0');
        expect(o.at).toBe(`storage#0/${i}`);
        // The same key always lands on the same partition.
        expect(placed.get(k) ?? o.at).toBe(o.at);
        placed.set(k, o.at);
      }
    }
  });

  it('refuses a message to the logical address of a partitioned component', () => {
    const bad = program(`
.input  put(k: int, v: string)
.decl   store(k: int, v: string)
.component front
store@s(k, v) :~ put(k, v), storage(s)
.component storage
`);
    const dd = deploy(bad, { components: { front: { instances: 1 }, storage: { instances: 1, partitions: 2 } } });
    const r = simulate(bad, dd, work(bad, dd, { inputs: [{ relation: 'put', tuple: [1, 'x'] }] }), { seed: 1 });
    expect(r).toMatchObject({ reason: 'bad-address', problem: 'partitioned', address: 'storage#0' });
  });
});
