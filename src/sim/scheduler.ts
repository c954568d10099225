/**
 * Schedulers: who decides what happens next. Every nondeterministic choice of a
 * run (which input goes in when, which node ticks, which pending messages it
 * receives, when a reply reaches its client) is made here, so the list of
 * actions taken replays the run exactly.
 */
import type { Action, Enabled, TickOption } from './actions.js';
import { Random } from './random.js';

export interface Scheduler {
  /** A short description for reports ("random, seed 1"). */
  readonly name: string;
  /**
   * The next action, chosen among `enabled` (which is never empty), or null
   * to end the run here (a replay that has run out of recorded actions).
   */
  next(enabled: Enabled, step: number): Action | null;
}

/**
 * Picks uniformly among the enabled actions (the next input, a tick of each
 * node that may tick, an arrival of each message in flight to a client). A
 * tick takes each pending message with probability 1/2, adjusted to the
 * network's delivery rule.
 */
export function randomScheduler(seed: number): Scheduler {
  const rng = new Random(seed);
  return {
    name: `random, seed ${seed}`,
    next(enabled: Enabled): Action {
      const total = (enabled.inject ? 1 : 0) + enabled.ticks.length + enabled.arrivals.length;
      let k = rng.int(total);
      if (enabled.inject) {
        if (k === 0) return { kind: 'inject', input: enabled.inject.input };
        k--;
      }
      const tick = enabled.ticks[k];
      if (tick) return { kind: 'tick', node: tick.node, deliver: chooseDeliveries(rng, tick) };
      k -= enabled.ticks.length;
      const message = enabled.arrivals[k];
      if (message === undefined) throw new Error('randomScheduler: choice out of range');
      return { kind: 'arrive', message };
    },
  };
}

/**
 * Replays recorded actions in order, then ends the run. The simulator checks
 * each one; a recorded action that is not enabled ends the run as
 * `invalid-action` (the program, deployment or workload changed).
 */
export function replayScheduler(actions: readonly Action[]): Scheduler {
  let i = 0;
  return {
    name: `replay of ${actions.length} action(s)`,
    next(): Action | null {
      return i < actions.length ? (actions[i++] as Action) : null;
    },
  };
}

function chooseDeliveries(rng: Random, opt: TickOption): number[] {
  if (opt.fifo) {
    const n = rng.between(opt.min, opt.max);
    return opt.pending.slice(0, n);
  }
  const taken: number[] = [];
  const left: number[] = [];
  for (const id of opt.pending) (rng.chance(0.5) ? taken : left).push(id);
  while (taken.length < opt.min) {
    const j = rng.int(left.length);
    taken.push(...left.splice(j, 1));
  }
  while (taken.length > opt.max) taken.splice(rng.int(taken.length), 1);
  return taken;
}
