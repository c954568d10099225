/**
 * The scheduling strategies bench/scheduler-rates.ts compares: the
 * simulator's schedulers with various parameters, and prototypes of other
 * strategies (kept here until one earns a place in src/sim/).
 */
import type { Action, Enabled, TickOption } from '../src/sim/actions.js';
import { anyFault, oldestPerSender } from '../src/sim/actions.js';
import { latencyScheduler } from '../src/sim/latency.js';
import { pctScheduler } from '../src/sim/pct.js';
import { Random } from '../src/sim/random.js';
import { DEFAULT_FAULT_RATE, pickFault, randomScheduler, type Scheduler } from '../src/sim/scheduler.js';

export interface Strategy {
  readonly name: string;
  /** The scheduler of one run (`seed`: the tester's per-run seed; `run`: its number, from 1). */
  readonly make: (seed: number, run: number) => Scheduler;
}

/** Uniform among the enabled actors; a tick takes each pending message with probability `p`. */
function randomP(seed: number, p: number): Scheduler {
  const rng = new Random(seed);
  return {
    name: `random p=${p}`,
    next(e: Enabled): Action {
      if (anyFault(e) && rng.chance(DEFAULT_FAULT_RATE)) return pickFault(rng, e);
      return uniformAction(rng, e, (t) => subset(rng, t, p));
    },
  };
}

function subset(rng: Random, t: TickOption, p: number): number[] {
  if (t.fifo) return t.pending.slice(0, rng.between(t.min, t.max));
  const taken: number[] = [];
  const left: number[] = [];
  for (const id of t.pending) (rng.chance(p) ? taken : left).push(id);
  while (taken.length < t.min) taken.push(...left.splice(rng.int(left.length), 1));
  while (taken.length > t.max) taken.splice(rng.int(taken.length), 1);
  return t.senders ? oldestPerSender(t, taken) : taken;
}

function uniformAction(rng: Random, e: Enabled, deliver: (t: TickOption) => number[], skip?: (node: string) => boolean): Action {
  const ticks = skip ? e.ticks.filter((t) => !skip(t.node)) : e.ticks;
  const usable = ticks.length > 0 || e.inject || e.arrivals.length > 0 ? ticks : e.ticks;
  const total = (e.inject ? 1 : 0) + usable.length + e.arrivals.length;
  let k = rng.int(total);
  if (e.inject) {
    if (k === 0) return { kind: 'inject', input: e.inject.input };
    k--;
  }
  const tick = usable[k];
  if (tick) return { kind: 'tick', node: tick.node, deliver: deliver(tick) };
  k -= usable.length;
  return { kind: 'arrive', message: e.arrivals[k] as number };
}

/**
 * Uniform random, except that one node (the `victim`-th distinct node seen)
 * does not tick from step `from` for `length` steps unless nothing else can
 * happen: its messages pile up, and the rest of the system runs ahead.
 */
function starve(seed: number, maxFrom: number, maxLength: number): Scheduler {
  const rng = new Random(seed);
  const victimIndex = rng.int(16);
  const from = rng.int(maxFrom);
  const length = 1 + rng.int(maxLength);
  const seen: string[] = [];
  return {
    name: 'starve',
    next(e: Enabled, step: number): Action {
      for (const t of e.ticks) if (!seen.includes(t.node)) seen.push(t.node);
      if (anyFault(e) && rng.chance(DEFAULT_FAULT_RATE)) return pickFault(rng, e);
      const victim = seen[victimIndex % Math.max(1, seen.length)];
      const starving = step >= from && step < from + length;
      return uniformAction(rng, e, (t) => subset(rng, t, 0.5), starving ? (n) => n === victim : undefined);
    },
  };
}

/** Uniform random actor; a tick takes the newest k pending messages (k uniform), holding the oldest back. */
function newestFirst(seed: number): Scheduler {
  const rng = new Random(seed);
  return {
    name: 'newest-first',
    next(e: Enabled): Action {
      if (anyFault(e) && rng.chance(DEFAULT_FAULT_RATE)) return pickFault(rng, e);
      return uniformAction(rng, e, (t) => {
        const n = rng.between(Math.max(t.min, 1), Math.max(1, Math.min(t.max, t.pending.length)));
        if (t.fifo) return t.pending.slice(0, n);
        const take = t.pending.slice(t.pending.length - n);
        return t.senders ? oldestPerSender(t, take) : take;
      });
    },
  };
}

/** A latency scheduler whose mean delay and input gap are drawn per run (log-uniform, 1/4 to 4 and 1/5 to 5). */
function variedLatency(seed: number): Scheduler {
  const rng = new Random(seed ^ 0x5bd1e995);
  const meanDelay = 4 ** (2 * rng.float() - 1);
  const inputGap = 5 ** (2 * rng.float() - 1);
  return latencyScheduler(seed, { meanDelay, inputGap });
}

export const STRATEGIES: readonly Strategy[] = [
  { name: 'random', make: (s) => randomScheduler(s) },
  { name: 'random p=0.15', make: (s) => randomP(s, 0.15) },
  { name: 'random p=0.85', make: (s) => randomP(s, 0.85) },
  { name: 'pct d=1', make: (s) => pctScheduler(s, { depth: 1 }) },
  { name: 'pct d=2', make: (s) => pctScheduler(s, { depth: 2 }) },
  { name: 'pct d=3', make: (s) => pctScheduler(s) },
  { name: 'pct d=5', make: (s) => pctScheduler(s, { depth: 5 }) },
  { name: 'pct d=10', make: (s) => pctScheduler(s, { depth: 10 }) },
  { name: 'latency m=1 g=0.2', make: (s) => latencyScheduler(s, { meanDelay: 1, inputGap: 0.2 }) },
  { name: 'latency m=1 g=1', make: (s) => latencyScheduler(s, { meanDelay: 1, inputGap: 1 }) },
  { name: 'latency m=1 g=3', make: (s) => latencyScheduler(s, { meanDelay: 1, inputGap: 3 }) },
  { name: 'latency m=4 g=1', make: (s) => latencyScheduler(s, { meanDelay: 4, inputGap: 1 }) },
  { name: 'latency m=0.25 g=1', make: (s) => latencyScheduler(s, { meanDelay: 0.25, inputGap: 1 }) },
  { name: 'latency m=2 g=1', make: (s) => latencyScheduler(s, { meanDelay: 2, inputGap: 1 }) },
  { name: 'latency m=8 g=1', make: (s) => latencyScheduler(s, { meanDelay: 8, inputGap: 1 }) },
  { name: 'latency m=4 g=0.2', make: (s) => latencyScheduler(s, { meanDelay: 4, inputGap: 0.2 }) },
  { name: 'latency varied', make: (s) => variedLatency(s) },
  { name: 'pct d=1..3', make: (s) => pctScheduler(s, { depth: 1 + (s % 3) }) },
  { name: 'starve 200/50', make: (s) => starve(s, 200, 50) },
  { name: 'starve 200/150', make: (s) => starve(s, 200, 150) },
  { name: 'newest-first', make: (s) => newestFirst(s) },
];
