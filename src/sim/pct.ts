/**
 * A PCT-style scheduler (probabilistic concurrency testing, Burckhardt et al.,
 * ASPLOS 2010), adapted to message passing. Every actor — the workload, each
 * node, each message in flight to a client — gets a random priority the
 * first time it can act; at each step the enabled actor with the highest
 * priority acts. At `depth - 1` change points, steps drawn uniformly from
 * `[1, steps]`, the actor that just acted drops below every initial priority.
 * A bug that needs `d` ordering constraints between actors is found with
 * probability at least 1/(n · k^(d-1)) per run (n actors, k steps), instead of
 * the vanishing chance a uniform random walk gives deep interleavings.
 *
 * A tick takes every pending message its delivery rule allows (delays come
 * from the order in which nodes run). Faults strike as in the random
 * scheduler: with probability `faultRate` on a step where one is possible.
 */
import type { Action, Enabled } from './actions.js';
import { anyFault, oldestPerSender } from './actions.js';
import { Random } from './random.js';
import { DEFAULT_FAULT_RATE, pickFault, type Scheduler } from './scheduler.js';

export interface PctOptions {
  /** Priority change points plus one (the bug depth aimed at). Default 3. */
  readonly depth?: number;
  /** Steps over which change points are spread (about the length of a run). Default 200. */
  readonly steps?: number;
  /** When a fault is possible, the chance that a step is a fault. Default 0.02. */
  readonly faultRate?: number;
}

export const DEFAULT_PCT_DEPTH = 3;
export const DEFAULT_PCT_STEPS = 200;

export function pctScheduler(seed: number, options: PctOptions = {}): Scheduler {
  const depth = Math.max(1, options.depth ?? DEFAULT_PCT_DEPTH);
  const steps = Math.max(1, options.steps ?? DEFAULT_PCT_STEPS);
  const faultRate = options.faultRate ?? DEFAULT_FAULT_RATE;
  const rng = new Random(seed);
  const changeAt = new Map<number, number>();
  for (let i = 1; i < depth; i++) changeAt.set(1 + rng.int(steps), i);
  const priority = new Map<string, number>();
  const prio = (actor: string): number => {
    let p = priority.get(actor);
    if (p === undefined) {
      p = depth + rng.float();
      priority.set(actor, p);
    }
    return p;
  };
  return {
    name: `pct, seed ${seed}, depth ${depth}`,
    next(enabled: Enabled, step: number): Action {
      if (anyFault(enabled) && rng.chance(faultRate)) return pickFault(rng, enabled);
      let best: { actor: string; action: Action } | null = null;
      let bestP = -Infinity;
      const consider = (actor: string, make: () => Action): void => {
        const p = prio(actor);
        if (p > bestP) {
          bestP = p;
          best = { actor, action: make() };
        }
      };
      if (enabled.inject) {
        const input = enabled.inject.input;
        consider('\u0000workload', () => ({ kind: 'inject', input }));
      }
      for (const t of enabled.ticks) {
        consider(t.node, () => {
          const take = t.fifo || t.max < t.pending.length ? t.pending.slice(0, t.max) : [...t.pending];
          return { kind: 'tick', node: t.node, deliver: t.senders ? oldestPerSender(t, take) : take };
        });
      }
      for (const m of enabled.arrivals) consider(`\u0000message ${m}`, () => ({ kind: 'arrive', message: m }));
      const chosen = best as { actor: string; action: Action } | null;
      if (chosen === null) throw new Error('pctScheduler: nothing enabled');
      const change = changeAt.get(step);
      if (change !== undefined) priority.set(chosen.actor, change);
      return chosen.action;
    },
  };
}
