/**
 * A latency scheduler: the run as a discrete-event simulation. Every message
 * (and every workload input) gets a random delivery time, drawn from an
 * exponential delay whose mean depends on the receiving node (each node gets
 * a random slowness the first time it is seen, between 1/4 and 4 times the
 * base); inputs enter at random intervals. At each step the earliest event
 * happens: a node ticks and takes every pending message that is due, a
 * message reaches its client, or the next input enters. A node with work left
 * and nothing pending ticks right away.
 *
 * Where the uniform scheduler mostly keeps messages near their sending order,
 * independent delays make every order of concurrent messages likely (two
 * requests reach a leader in either order about half the time), which is what
 * sampling a nondeterministic original for the observations it can make
 * needs. Faults strike as in the random scheduler.
 */
import type { Action, Enabled } from './actions.js';
import { anyFault, oldestPerSender } from './actions.js';
import { Random } from './random.js';
import { DEFAULT_FAULT_RATE, pickFault, type Scheduler } from './scheduler.js';

export interface LatencyOptions {
  /** Mean delay of a message, in the scheduler's time units. Default 1. */
  readonly meanDelay?: number;
  /** Mean interval between two inputs entering. Default 1. */
  readonly inputGap?: number;
  /** When a fault is possible, the chance that a step is a fault. Default 0.02. */
  readonly faultRate?: number;
}

export function latencyScheduler(seed: number, options: LatencyOptions = {}): Scheduler {
  const rng = new Random(seed);
  const mean = options.meanDelay ?? 1;
  const gap = options.inputGap ?? 1;
  const faultRate = options.faultRate ?? DEFAULT_FAULT_RATE;
  const due = new Map<number, number>();
  const slowness = new Map<string, number>();
  let clock = 0;
  let nextInput = -1;
  let nextInputAt = 0;
  const exp = (m: number): number => -Math.log(1 - rng.float()) * m;
  const slow = (node: string): number => {
    let s = slowness.get(node);
    if (s === undefined) {
      s = 4 ** (2 * rng.float() - 1);
      slowness.set(node, s);
    }
    return s;
  };
  const timeOf = (id: number, node: string): number => {
    let t = due.get(id);
    if (t === undefined) {
      t = clock + exp(mean * slow(node));
      due.set(id, t);
    }
    return t;
  };
  return {
    name: `latency, seed ${seed}, mean delay ${mean}, input gap ${gap}`,
    next(enabled: Enabled): Action {
      if (anyFault(enabled) && rng.chance(faultRate)) return pickFault(rng, enabled);
      let best: Action | null = null;
      let bestAt = Infinity;
      if (enabled.inject) {
        if (nextInput !== enabled.inject.input) {
          nextInput = enabled.inject.input;
          nextInputAt = Math.max(nextInputAt, clock) + exp(gap);
        }
        best = { kind: 'inject', input: enabled.inject.input };
        bestAt = nextInputAt;
      }
      for (const t of enabled.ticks) {
        let at: number;
        if (t.pending.length === 0) at = clock;
        else {
          at = Infinity;
          for (const id of t.pending) at = Math.min(at, timeOf(id, t.node));
        }
        if (at < bestAt) {
          bestAt = at;
          const ready = t.pending.filter((id) => timeOf(id, t.node) <= at);
          let take = t.fifo ? t.pending.slice(0, Math.max(ready.length, t.min)) : ready;
          if (take.length < t.min) take = [...take, ...t.pending.filter((id) => !take.includes(id)).slice(0, t.min - take.length)];
          if (take.length > t.max) take = take.slice(0, t.max);
          best = { kind: 'tick', node: t.node, deliver: t.senders ? oldestPerSender(t, take) : take };
        }
      }
      for (const id of enabled.arrivals) {
        const at = timeOf(id, '\u0000client');
        if (at < bestAt) {
          bestAt = at;
          best = { kind: 'arrive', message: id };
        }
      }
      if (best === null) throw new Error('latencyScheduler: nothing enabled');
      clock = Math.max(clock, bestAt);
      return best;
    },
  };
}
