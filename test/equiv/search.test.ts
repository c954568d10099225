import { describe, expect, it } from 'vitest';
import { ASYNC_NETWORK, replayScheduler, simulate, Topology, randomScheduler } from '../../src/sim/index.js';
import { decidingRelations, observationOf, searchObservation, traceHint, type RunObservation } from '../../src/equiv/index.js';
import { race, raceInputs, side } from './support.js';

const n = 5;
const original = side(race(n));
const topology = new Topology(original.deployment);
const workload = { inputs: raceInputs(n).map((i) => ({ relation: i.relation, tuple: i.tuple, to: i.toOriginal })) };

function target(winners: number[]): RunObservation {
  return observationOf(
    winners.map((w) => ({ relation: 'winner', tuple: [w], at: 'judge#0', count: 1, firstStep: 1 })),
    topology,
    new Set(),
  );
}

describe('searchObservation', () => {
  it('finds a rare observation by guided walks, and the run it returns makes it', () => {
    const goal = target([n]);
    const r = searchObservation(original.program, original.deployment, workload, topology, goal, new Set(), { network: ASYNC_NETWORK, walks: 5_000, maxStates: 0, maxSteps: 10_000, seed: 1 });
    expect(r.foundBy).toBe('walk');
    const run = simulate(original.program, original.deployment, workload, { scheduler: replayScheduler(r.found ?? []) });
    expect(observationOf(run.observations, topology, new Set()).key).toBe(goal.key);
  });

  it('proves an observation absent when the exhaustive phase covers the space', () => {
    const small = side(race(3));
    const t = new Topology(small.deployment);
    const w = { inputs: raceInputs(3).map((i) => ({ relation: i.relation, tuple: i.tuple, to: i.toOriginal })) };
    const goal = observationOf([{ relation: 'winner', tuple: [7], at: 'judge#0', count: 1, firstStep: 1 }], t, new Set());
    const r = searchObservation(small.program, small.deployment, w, t, goal, new Set(), { network: ASYNC_NETWORK, walks: 100, maxStates: 50_000, maxSteps: 10_000, seed: 1 });
    expect(r).toMatchObject({ found: null, complete: true });
  });

  it('does not claim absence when its bound cut it short', () => {
    const r = searchObservation(original.program, original.deployment, workload, topology, target([n + 4]), new Set(), { network: ASYNC_NETWORK, walks: 50, maxStates: 40, maxSteps: 10_000, seed: 1 });
    expect(r).toMatchObject({ found: null, complete: false, walks: 50 });
  });

  it('uses the rewritten run as a hint: facts it sent and the order it took them in', () => {
    const run = simulate(original.program, original.deployment, workload, { scheduler: randomScheduler(3) });
    const hint = traceHint(run.trace);
    expect(hint.inject).toHaveLength(n);
    expect(hint.sentRelations.has('ping')).toBe(true);
    const goal = observationOf(run.observations, topology, new Set());
    const r = searchObservation(original.program, original.deployment, workload, topology, goal, new Set(), { network: ASYNC_NETWORK, walks: 2_000, maxStates: 0, maxSteps: 10_000, seed: 2, hint });
    expect(r.found).not.toBeNull();
  });
});

describe('decidingRelations', () => {
  const hint = (sent: { relation: string; tuple: (string | number)[] }[]) => ({
    inject: [],
    deliverAt: new Map(),
    deliverFact: new Map(),
    arriveAt: new Map(),
    sent: new Set<string>(),
    sentRelations: new Set(sent.map((m) => m.relation)),
    sentTuples: sent,
  });
  // A fact held at a node of the race deployment (only its values matter here).
  const goal = observationOf([{ relation: 'applied', tuple: ['replica#0', 3, 'client1', 2, 'get a'], at: 'judge#0', count: 1, firstStep: 1 }], topology, new Set());

  it('keeps a message relation whose every fact is made of one target fact\'s values, and drops one with other values', () => {
    const r = decidingRelations(
      hint([
        { relation: 'decision', tuple: [3, 'client1', 2, 'get a'] },
        { relation: 'p2b', tuple: ['acceptor#0', 'proposer#0', 2, 3, 2, 'client1', 2, 'get a'] },
        { relation: 'p1a', tuple: ['proposer#0', 2] },
      ]),
      goal,
    );
    expect([...r]).toEqual(['decision']);
  });

  it('drops a relation as soon as one of its facts carries a value outside every target fact', () => {
    const r = decidingRelations(hint([{ relation: 'decision', tuple: [3, 'client1', 2, 'get a'] }, { relation: 'decision', tuple: [4, 'client9', 1, 'put z'] }]), goal);
    expect(r.size).toBe(0);
  });
});
