import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { actionProblem, deliveryRule, randomScheduler, replayScheduler, type Enabled, type NetworkModel } from '../../src/sim/index.js';

const networkArb: fc.Arbitrary<NetworkModel> = fc.record({ reorder: fc.boolean(), batch: fc.boolean(), delay: fc.boolean() });

/** Enabled sets as the simulator builds them: tick options from the delivery rule. */
const enabledArb: fc.Arbitrary<Enabled> = fc
  .record({
    network: networkArb,
    inject: fc.option(fc.nat(20), { nil: null }),
    nodes: fc.array(fc.record({ pending: fc.nat(6), stable: fc.boolean() }), { maxLength: 4 }),
    arrivals: fc.uniqueArray(fc.integer({ min: 1000, max: 1100 }), { maxLength: 4 }),
  })
  .map(({ network, inject, nodes, arrivals }) => {
    let id = 1;
    const ticks = nodes.flatMap((n, i) => {
      const pending = Array.from({ length: n.pending }, () => id++);
      const rule = deliveryRule(network, pending.length, n.stable);
      return rule ? [{ node: `n#${i}`, pending, ...rule }] : [];
    });
    return { inject: inject === null ? null : { input: inject, to: 'n#0' }, ticks, arrivals };
  })
  .filter((e) => e.inject !== null || e.ticks.length > 0 || e.arrivals.length > 0);

describe('randomScheduler', () => {
  it('only ever chooses an enabled action', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(enabledArb, { minLength: 1, maxLength: 10 }), (seed, steps) => {
        const s = randomScheduler(seed);
        for (const e of steps) {
          const a = s.next(e, 1);
          expect(a).not.toBeNull();
          expect(actionProblem(e, a!)).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('makes the same choices for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(enabledArb, { minLength: 1, maxLength: 10 }), (seed, steps) => {
        const a = randomScheduler(seed);
        const b = randomScheduler(seed);
        for (const e of steps) expect(b.next(e, 1)).toEqual(a.next(e, 1));
      }),
      { numRuns: 100 },
    );
  });
});

describe('deliveryRule', () => {
  it('makes a stable node take a message, and disables it with none pending', () => {
    const net: NetworkModel = { reorder: true, batch: true, delay: true };
    expect(deliveryRule(net, 0, true)).toBeNull();
    expect(deliveryRule(net, 0, false)).toEqual({ min: 0, max: 0, fifo: false });
    expect(deliveryRule(net, 3, true)).toEqual({ min: 1, max: 3, fifo: false });
    expect(deliveryRule({ reorder: false, batch: false, delay: false }, 3, false)).toEqual({ min: 1, max: 1, fifo: true });
    expect(deliveryRule({ reorder: true, batch: true, delay: false }, 3, false)).toEqual({ min: 3, max: 3, fifo: false });
  });
});

describe('actionProblem', () => {
  const e: Enabled = {
    inject: { input: 2, to: 'a#0' },
    ticks: [{ node: 'a#0', pending: [4, 5, 6], min: 1, max: 2, fifo: true }],
    arrivals: [9],
  };
  it.each([
    [{ kind: 'inject', input: 2 }, null],
    [{ kind: 'inject', input: 3 }, /next input to inject is 2/],
    [{ kind: 'arrive', message: 9 }, null],
    [{ kind: 'arrive', message: 4 }, /not in flight/],
    [{ kind: 'tick', node: 'a#0', deliver: [4] }, null],
    [{ kind: 'tick', node: 'a#0', deliver: [5, 4] }, null],
    [{ kind: 'tick', node: 'b#0', deliver: [] }, /may not tick/],
    [{ kind: 'tick', node: 'a#0', deliver: [] }, /must take 1 to 2/],
    [{ kind: 'tick', node: 'a#0', deliver: [4, 5, 6] }, /must take 1 to 2/],
    [{ kind: 'tick', node: 'a#0', deliver: [4, 4] }, /twice/],
    [{ kind: 'tick', node: 'a#0', deliver: [7] }, /not pending/],
    [{ kind: 'tick', node: 'a#0', deliver: [5] }, /FIFO/],
  ] as const)('%j → %s', (action, problem) => {
    const p = actionProblem(e, action);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});

describe('replayScheduler', () => {
  it('returns the recorded actions in order, then null', () => {
    const s = replayScheduler([{ kind: 'inject', input: 0 }, { kind: 'arrive', message: 3 }]);
    const e: Enabled = { inject: null, ticks: [], arrivals: [] };
    expect(s.next(e, 1)).toEqual({ kind: 'inject', input: 0 });
    expect(s.next(e, 2)).toEqual({ kind: 'arrive', message: 3 });
    expect(s.next(e, 3)).toBeNull();
  });
});
