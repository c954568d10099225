/**
 * Schedules as lists of small numbers ("choice sequences"), the form in which
 * fast-check shrinks them. At each step the enabled actions are numbered —
 * the next input, then each node that may tick, then each message in flight
 * to a client, then each possible fault — and one number picks one (modulo
 * their count). A tick then reads one more number per 30 pending messages: a
 * bit mask of the messages it holds back (0: it takes all it may). When the
 * list runs out, every further number is 0: inject the next input, else tick
 * the first node that may, taking everything.
 *
 * So smaller numbers mean a plainer schedule, a shorter list means fewer
 * scheduled decisions, and faults (numbered last) shrink away first.
 * `recordChoices` turns any scheduler's run into such a list, so a failure
 * found by the random, PCT or exhaustive scheduler can be shrunk.
 */
import type { Action, Enabled, TickOption } from './actions.js';
import { oldestPerSender } from './actions.js';
import type { Scheduler } from './scheduler.js';

const MASK_BITS = 30;

/** The number of enabled actions at one step, faults included (ticks count once each). */
function optionCount(e: Enabled): number {
  const f = e.faults;
  return (e.inject ? 1 : 0) + e.ticks.length + e.arrivals.length + (f ? f.drop.length + f.duplicate.length + f.crash.length : 0);
}

function maskWords(opt: TickOption): number {
  return Math.max(1, Math.ceil(opt.pending.length / MASK_BITS));
}

/** Decodes a choice list into actions; past its end every choice is 0. */
export function choiceScheduler(choices: readonly number[], name = `choices (${choices.length})`): Scheduler {
  let i = 0;
  const read = (): number => (i < choices.length ? Math.max(0, Math.floor(choices[i++] as number)) : (i++, 0));
  return {
    name,
    next(e: Enabled): Action {
      let k = read() % optionCount(e);
      if (e.inject) {
        if (k === 0) return { kind: 'inject', input: e.inject.input };
        k--;
      }
      const tick = e.ticks[k];
      if (tick) {
        const held = new Set<number>();
        for (let w = 0; w < maskWords(tick); w++) {
          const mask = read() % 2 ** MASK_BITS;
          for (let b = 0; b < MASK_BITS; b++) {
            const id = tick.pending[w * MASK_BITS + b];
            if (id !== undefined && Math.floor(mask / 2 ** b) % 2 === 1) held.add(id);
          }
        }
        return { kind: 'tick', node: tick.node, deliver: deliveries(tick, held) };
      }
      k -= e.ticks.length;
      const arrival = e.arrivals[k];
      if (arrival !== undefined) return { kind: 'arrive', message: arrival };
      k -= e.arrivals.length;
      const f = e.faults;
      if (!f) throw new Error('choiceScheduler: choice out of range');
      if (k < f.drop.length) return { kind: 'drop', message: f.drop[k] as number };
      k -= f.drop.length;
      if (k < f.duplicate.length) return { kind: 'duplicate', message: f.duplicate[k] as number };
      k -= f.duplicate.length;
      return { kind: 'crash', node: f.crash[k] as string };
    },
  };
}

/** The pending messages not held, fitted to the delivery rule (count within bounds, FIFO, ordered channels). */
function deliveries(opt: TickOption, held: ReadonlySet<number>): number[] {
  if (opt.fifo) {
    const n = Math.min(opt.max, Math.max(opt.min, opt.pending.length - held.size));
    return opt.pending.slice(0, n);
  }
  const taken = opt.pending.filter((id) => !held.has(id));
  for (const id of opt.pending) {
    if (taken.length >= opt.min) break;
    if (held.has(id)) taken.push(id);
  }
  while (taken.length > opt.max) taken.pop();
  return opt.senders ? oldestPerSender(opt, taken) : taken;
}

/** The choice numbers that make `choiceScheduler` take `action` among `e` (the action must be enabled). */
export function encodeChoice(e: Enabled, action: Action): number[] {
  let base = 0;
  if (e.inject) {
    if (action.kind === 'inject') return [0];
    base = 1;
  }
  if (action.kind === 'tick') {
    const i = e.ticks.findIndex((t) => t.node === action.node);
    const opt = e.ticks[i];
    if (!opt) throw new Error(`encodeChoice: ${action.node} may not tick`);
    const taken = new Set(action.deliver);
    const words: number[] = [];
    for (let w = 0; w < maskWords(opt); w++) {
      let mask = 0;
      for (let b = 0; b < MASK_BITS; b++) {
        const id = opt.pending[w * MASK_BITS + b];
        if (id !== undefined && !taken.has(id)) mask += 2 ** b;
      }
      words.push(mask);
    }
    return [base + i, ...words];
  }
  base += e.ticks.length;
  if (action.kind === 'arrive') return [base + e.arrivals.indexOf(action.message)];
  base += e.arrivals.length;
  const f = e.faults;
  if (!f) throw new Error(`encodeChoice: a ${action.kind} on a network without faults`);
  if (action.kind === 'drop') return [base + f.drop.indexOf(action.message)];
  base += f.drop.length;
  if (action.kind === 'duplicate') return [base + f.duplicate.indexOf(action.message)];
  base += f.duplicate.length;
  if (action.kind === 'crash') return [base + f.crash.indexOf(action.node)];
  throw new Error(`encodeChoice: ${action.kind} is not enabled`);
}

/** A scheduler that passes `inner`'s choices through and records them as a choice list. */
export function recordChoices(inner: Scheduler): Scheduler & { readonly choices: number[] } {
  const choices: number[] = [];
  return {
    name: inner.name,
    choices,
    next(e: Enabled, step: number): Action | null {
      const a = inner.next(e, step);
      if (a !== null) choices.push(...encodeChoice(e, a));
      return a;
    },
  };
}
