/**
 * Schedulers: who decides what happens next. Every nondeterministic choice of a
 * run (which input goes in when, which node ticks, which pending messages it
 * receives, when a reply reaches its client, which fault strikes) is made
 * here, so the list of actions taken replays the run exactly.
 */
import type { Action, Enabled, FaultAction, TickOption } from './actions.js';
import { anyFault, oldestPerSender } from './actions.js';
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

/** Options of the random schedulers. */
export interface RandomSchedulerOptions {
  /** When a fault is possible, the chance that a step is a fault. Default 0.02. */
  readonly faultRate?: number;
}

export const DEFAULT_FAULT_RATE = 0.02;

/**
 * Picks uniformly among the enabled actions (the next input, a tick of each
 * node that may tick, an arrival of each message in flight to a client). A
 * tick takes each pending message with probability 1/2, adjusted to the
 * network's delivery rule. When the network may commit a fault, a step is a
 * fault (uniform among those possible) with probability `faultRate`; on a
 * reliable network no random number is spent on faults, so a seed gives the
 * same run it always did.
 */
export function randomScheduler(seed: number, options: RandomSchedulerOptions = {}): Scheduler {
  const rng = new Random(seed);
  const faultRate = options.faultRate ?? DEFAULT_FAULT_RATE;
  return {
    name: `random, seed ${seed}`,
    next(enabled: Enabled): Action {
      if (anyFault(enabled) && rng.chance(faultRate)) return pickFault(rng, enabled);
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

/** One of the possible faults, uniformly. `enabled` must allow at least one. */
export function pickFault(rng: Random, enabled: Enabled): FaultAction {
  const f = enabled.faults;
  if (!f) throw new Error('pickFault: no faults enabled');
  const total = f.drop.length + f.duplicate.length + f.crash.length;
  let k = rng.int(total);
  if (k < f.drop.length) return { kind: 'drop', message: f.drop[k] as number };
  k -= f.drop.length;
  if (k < f.duplicate.length) return { kind: 'duplicate', message: f.duplicate[k] as number };
  k -= f.duplicate.length;
  return { kind: 'crash', node: f.crash[k] as string };
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

/** A random subset of a tick option's pending messages that its delivery rule allows. */
export function chooseDeliveries(rng: Random, opt: TickOption): number[] {
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
  return opt.senders ? oldestPerSender(opt, taken) : taken;
}
