import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actionProblem,
  ASYNC_NETWORK,
  randomScheduler,
  replayScheduler,
  simulate,
  withFaults,
  type Enabled,
  type NetworkModel,
  type Scheduler,
} from '../../src/sim/index.js';
import { voting } from './helpers.js';

const { program: p, deployment, workload } = voting();

/** A scheduler that checks every enabled set it is offered, then lets `inner` choose. */
function watching(inner: Scheduler, seen: Enabled[]): Scheduler {
  return { name: inner.name, next: (e, step) => (seen.push(e), inner.next(e, step)) };
}

describe('faults', () => {
  it('are never offered on the default, reliable network', () => {
    const seen: Enabled[] = [];
    simulate(p, deployment, workload, { scheduler: watching(randomScheduler(3), seen) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.faults === undefined)).toBe(true);
  });

  it('keep the default run of a seed unchanged (no random number is spent on them)', () => {
    const a = simulate(p, deployment, workload, { seed: 9 });
    const b = simulate(p, deployment, workload, { seed: 9, network: { ...ASYNC_NETWORK, faults: { drop: 0, duplicate: 0, crash: 0 } } });
    expect(b.trace.choices).toEqual(a.trace.choices);
  });

  it('stay within their budgets, and every fault chosen is enabled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.nat(3), fc.nat(3), fc.nat(2), (seed, drop, duplicate, crash) => {
        const network: NetworkModel = { ...ASYNC_NETWORK, faults: { drop, duplicate, crash } };
        const r = simulate(p, deployment, workload, { scheduler: randomScheduler(seed, { faultRate: 0.3 }), network });
        expect(r.reason).toBe('quiescent');
        const f = r.stats.faults!;
        expect(f.drop).toBeLessThanOrEqual(drop);
        expect(f.duplicate).toBeLessThanOrEqual(duplicate);
        expect(f.crash).toBeLessThanOrEqual(crash);
        const kinds = r.trace.steps.map((s) => s.kind);
        expect(kinds.filter((k) => k === 'drop')).toHaveLength(f.drop);
        expect(kinds.filter((k) => k === 'duplicate')).toHaveLength(f.duplicate);
        expect(kinds.filter((k) => k === 'crash')).toHaveLength(f.crash);
      }),
      { numRuns: 40 },
    );
  });

  it('a dropped message is never delivered; a duplicate is delivered on its own; a crashed node never ticks again', () => {
    const network = withFaults(ASYNC_NETWORK, ['drop', 'duplicate', 'crash'], { drop: 3, duplicate: 3, crash: 1 });
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = simulate(p, deployment, workload, { scheduler: randomScheduler(seed, { faultRate: 0.2 }), network });
      const dropped = new Set(r.trace.steps.flatMap((s) => (s.kind === 'drop' ? [s.id] : [])));
      const copies = r.trace.steps.flatMap((s) => (s.kind === 'duplicate' ? [s.copy] : []));
      const delivered = r.trace.steps.flatMap((s) => (s.kind === 'tick' ? s.delivered.map((d) => d.id) : s.kind === 'arrive' ? [s.id] : []));
      for (const id of dropped) expect(delivered).not.toContain(id);
      for (const id of copies) expect(delivered.filter((d) => d === id).length).toBeLessThanOrEqual(1);
      const crash = r.trace.steps.find((s) => s.kind === 'crash');
      if (crash?.kind === 'crash') {
        checked++;
        expect(r.trace.steps.some((s) => s.kind === 'tick' && s.node === crash.node && s.step > crash.step)).toBe(false);
        for (const s of r.trace.steps) {
          if (s.kind !== 'tick' || s.step < crash.step) continue;
          for (const m of s.sent) if (m.to === crash.node) expect(m.lost).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a trace with faults replays exactly', () => {
    const network = withFaults(ASYNC_NETWORK, ['drop', 'duplicate', 'crash']);
    const a = simulate(p, deployment, workload, { scheduler: randomScheduler(5, { faultRate: 0.2 }), network });
    expect(a.trace.steps.some((s) => s.kind === 'drop' || s.kind === 'duplicate' || s.kind === 'crash')).toBe(true);
    const json = JSON.parse(JSON.stringify(a.trace)) as typeof a.trace;
    const b = simulate(p, deployment, workload, { scheduler: replayScheduler(json.choices), network: json.network });
    expect(b.trace.steps).toEqual(a.trace.steps);
    expect(b.observations).toEqual(a.observations);
  });

  it('refuses faults the network does not allow, as invalid actions', () => {
    const r = simulate(p, deployment, workload, { scheduler: replayScheduler([{ kind: 'inject', input: 0 }, { kind: 'drop', message: 1 }]) });
    expect(r).toMatchObject({ reason: 'invalid-action', step: 2 });
    const e: Enabled = { inject: null, ticks: [], arrivals: [], faults: { drop: [4], duplicate: [], crash: ['a#0'] } };
    expect(actionProblem(e, { kind: 'drop', message: 4 })).toBeNull();
    expect(actionProblem(e, { kind: 'drop', message: 5 })).toMatch(/may not be dropped/);
    expect(actionProblem(e, { kind: 'duplicate', message: 4 })).toMatch(/may not be duplicated/);
    expect(actionProblem(e, { kind: 'crash', node: 'a#0' })).toBeNull();
    expect(actionProblem(e, { kind: 'crash', node: 'b#0' })).toMatch(/may not crash/);
  });
});

describe('ordered channels', () => {
  it('a node takes each sender\'s messages oldest first', () => {
    const network: NetworkModel = { ...ASYNC_NETWORK, fifoChannels: true };
    for (let seed = 1; seed <= 30; seed++) {
      const r = simulate(p, deployment, workload, { seed, network });
      expect(r.reason).toBe('quiescent');
      // Per (sender, receiver): delivered ids increase.
      const last = new Map<string, number>();
      for (const s of r.trace.steps) {
        if (s.kind !== 'tick') continue;
        for (const d of [...s.delivered].sort((x, y) => x.id - y.id)) {
          const k = `${d.from}>${s.node}`;
          expect(d.id).toBeGreaterThan(last.get(k) ?? 0);
          last.set(k, d.id);
        }
      }
    }
  });

  it('refuses a tick that skips a sender\'s older message', () => {
    const e: Enabled = {
      inject: null,
      ticks: [{ node: 'a#0', pending: [1, 2, 3], senders: ['b#0', 'b#0', 'c#0'], min: 0, max: 3, fifo: false }],
      arrivals: [],
    };
    expect(actionProblem(e, { kind: 'tick', node: 'a#0', deliver: [1, 3] })).toBeNull();
    expect(actionProblem(e, { kind: 'tick', node: 'a#0', deliver: [2] })).toMatch(/oldest first/);
  });
});

describe('bounds', () => {
  it('stop a run at the tick bound and at the wall-time bound, and say which', () => {
    const t = simulate(p, deployment, workload, { seed: 1, maxTicks: 5 });
    expect(t).toMatchObject({ reason: 'bound', bound: 'ticks', limit: 5 });
    const w = simulate(p, deployment, workload, { seed: 1, maxWallMs: 0 });
    expect(w).toMatchObject({ reason: 'bound', bound: 'wall-time', limit: 0 });
  });
});

describe('batching', () => {
  it('a tick takes at most maxBatch messages', () => {
    const network: NetworkModel = { ...ASYNC_NETWORK, maxBatch: 2 };
    for (let seed = 1; seed <= 20; seed++) {
      const r = simulate(p, deployment, workload, { seed, network });
      expect(r.reason).toBe('quiescent');
      for (const s of r.trace.steps) if (s.kind === 'tick') expect(s.delivered.length).toBeLessThanOrEqual(2);
    }
  });
});
