import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actionProblem,
  ASYNC_NETWORK,
  choiceScheduler,
  encodeChoice,
  latencyScheduler,
  MIXED_STRATEGIES,
  mixedScheduler,
  mixedStrategy,
  pctScheduler,
  randomScheduler,
  recordChoices,
  simulate,
  withFaults,
  type Enabled,
  type NetworkModel,
  type Scheduler,
} from '../../src/sim/index.js';
import { voting } from './helpers.js';

const { program: p, deployment, workload } = voting();

const networkArb: fc.Arbitrary<NetworkModel> = fc
  .record({ reorder: fc.boolean(), batch: fc.boolean(), delay: fc.boolean(), fifoChannels: fc.boolean(), faults: fc.boolean() })
  .map(({ faults, ...n }) => (faults ? withFaults(n, ['drop', 'duplicate', 'crash']) : n));

/** Fails the test as soon as the inner scheduler picks an action that is not enabled. */
function checked(inner: Scheduler): Scheduler {
  return {
    name: inner.name,
    next(e: Enabled, step: number) {
      const a = inner.next(e, step);
      if (a !== null) expect(actionProblem(e, a)).toBeNull();
      return a;
    },
  };
}

describe.each([
  ['pct', (seed: number) => pctScheduler(seed, { depth: 3 })],
  ['latency', (seed: number) => latencyScheduler(seed)],
  ['random', (seed: number) => randomScheduler(seed)],
  ...MIXED_STRATEGIES.map((m, i) => [`mixed (${m.label})`, (seed: number) => mixedScheduler(seed, i + 1)] as const),
] as const)('%s scheduler', (_name, make) => {
  it('only chooses enabled actions, on every network, and answers every request', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), networkArb, (seed, network) => {
        const r = simulate(p, deployment, workload, { scheduler: checked(make(seed)), network });
        expect(r.reason).toBe('quiescent');
        if (!network.faults) expect(r.observations).toHaveLength(workload.inputs.length);
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic in its seed', () => {
    const a = simulate(p, deployment, workload, { scheduler: make(11) });
    const b = simulate(p, deployment, workload, { scheduler: make(11) });
    expect(b.trace.steps).toEqual(a.trace.steps);
  });
});

describe('mixedScheduler', () => {
  it('rotates the strategies by run number, and run 1 is the uniform random run', () => {
    expect(MIXED_STRATEGIES.map((m) => m.label)).toEqual(['random', 'latency (mean delay 1, input gap 1)', 'pct (depth 1)', 'latency (mean delay 4, input gap 0.2)']);
    for (let run = 1; run <= 12; run++) expect(mixedStrategy(run)).toBe(MIXED_STRATEGIES[(run - 1) % 4]);
    const mixed = simulate(p, deployment, workload, { scheduler: mixedScheduler(1_000_004, 1) });
    const random = simulate(p, deployment, workload, { scheduler: randomScheduler(1_000_004) });
    expect(mixed.trace.choices).toEqual(random.trace.choices);
  });

  it('names the strategy and seed of the run in its name (which the trace records)', () => {
    expect(mixedScheduler(42, 3).name).toBe('mixed run 3: pct, seed 42, depth 1');
    expect(mixedScheduler(42, 4).name).toBe('mixed run 4: latency, seed 42, mean delay 4, input gap 0.2');
    expect(simulate(p, deployment, workload, { scheduler: mixedScheduler(42, 2) }).trace.scheduler).toBe('mixed run 2: latency, seed 42, mean delay 1, input gap 1');
  });

  it('makes different schedules with different strategies on the same seed', () => {
    const runs = new Set<string>();
    for (let run = 1; run <= 4; run++) runs.add(JSON.stringify(simulate(p, deployment, workload, { scheduler: mixedScheduler(7, run) }).trace.choices));
    expect(runs.size).toBe(4);
  });
});

describe('pctScheduler', () => {
  it('gives different schedules for different seeds', () => {
    const runs = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) runs.add(JSON.stringify(simulate(p, deployment, workload, { scheduler: pctScheduler(seed) }).trace.choices));
    expect(runs.size).toBeGreaterThan(10);
  });
});

describe('choice lists', () => {
  it('a recorded run replays exactly from its choice list, whatever scheduled it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), networkArb, fc.constantFrom('random', 'pct', 'latency'), (seed, network, kind) => {
        const inner = kind === 'random' ? randomScheduler(seed, { faultRate: 0.1 }) : kind === 'pct' ? pctScheduler(seed) : latencyScheduler(seed);
        const rec = recordChoices(inner);
        const a = simulate(p, deployment, workload, { scheduler: rec, network });
        const b = simulate(p, deployment, workload, { scheduler: choiceScheduler(rec.choices), network });
        expect(b.trace.steps).toEqual(a.trace.steps);
        expect(b.reason).toBe(a.reason);
      }),
      { numRuns: 40 },
    );
  });

  it('any list of numbers is a valid schedule, and past its end the run goes on eagerly to quiescence', () => {
    fc.assert(
      fc.property(fc.array(fc.nat()), networkArb, (choices, network) => {
        const r = simulate(p, deployment, workload, { scheduler: checked(choiceScheduler(choices)), network });
        expect(r.reason).toBe('quiescent');
      }),
      { numRuns: 40 },
    );
  });

  it('the empty list is the plainest schedule: inputs first, then the first node that may tick takes everything', () => {
    const r = simulate(p, deployment, workload, { scheduler: choiceScheduler([]) });
    const first = r.trace.choices.slice(0, workload.inputs.length);
    expect(first.every((a) => a.kind === 'inject')).toBe(true);
    expect(r.trace.choices[workload.inputs.length]).toEqual({ kind: 'tick', node: 'leader#0', deliver: [1, 2, 3, 4, 5] });
  });

  it('encodes a tick as its option and a mask of the messages it holds back', () => {
    const e: Enabled = { inject: { input: 0, to: 'a#0' }, ticks: [{ node: 'a#0', pending: [4, 5, 6], min: 0, max: 3, fifo: false }], arrivals: [9] };
    expect(encodeChoice(e, { kind: 'inject', input: 0 })).toEqual([0]);
    expect(encodeChoice(e, { kind: 'tick', node: 'a#0', deliver: [4, 6] })).toEqual([1, 0b010]);
    expect(encodeChoice(e, { kind: 'arrive', message: 9 })).toEqual([2]);
  });
});

describe('ASYNC_NETWORK', () => {
  it('is reliable', () => {
    expect(ASYNC_NETWORK.faults).toBeUndefined();
  });
});
