import { describe, expect, it } from 'vitest';
import { ASYNC_NETWORK, replayScheduler, simulate, Topology, randomScheduler } from '../../src/sim/index.js';
import { observationOf, searchObservation, traceHint, type RunObservation } from '../../src/equiv/index.js';
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
