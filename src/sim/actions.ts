/**
 * What can happen next in a simulation, as data. The simulator lists the
 * enabled actions; a scheduler picks one; the trace records it, so the list of
 * picks replays the run.
 */
import type { DeliveryRule } from './network.js';

export type Action =
  /** Put workload input number `input` (the next one) into its node's pending messages. */
  | { readonly kind: 'inject'; readonly input: number }
  /** Run one tick of `node`, delivering the pending messages `deliver` (ids, in any order). */
  | { readonly kind: 'tick'; readonly node: string; readonly deliver: readonly number[] }
  /** Deliver message `message`, in flight to an address outside the deployment, to its destination. */
  | { readonly kind: 'arrive'; readonly message: number };

/** A node that may tick, with the messages it may receive. */
export interface TickOption extends DeliveryRule {
  readonly node: string;
  /** Ids of the node's pending messages, oldest first. */
  readonly pending: readonly number[];
}

/** Everything the scheduler may choose from at one step (never all empty). */
export interface Enabled {
  /** The next workload input, if any is left. */
  readonly inject: { readonly input: number; readonly to: string } | null;
  readonly ticks: readonly TickOption[];
  /** Ids of messages in flight to addresses outside the deployment. */
  readonly arrivals: readonly number[];
}

/** Whether nothing at all is enabled. */
export function nothingEnabled(e: Enabled): boolean {
  return e.inject === null && e.ticks.length === 0 && e.arrivals.length === 0;
}

/** Why `action` is not allowed now, or null when it is. */
export function actionProblem(e: Enabled, action: Action): string | null {
  switch (action.kind) {
    case 'inject':
      if (e.inject === null) return 'no workload input is left to inject';
      return action.input === e.inject.input ? null : `the next input to inject is ${e.inject.input}, not ${action.input}`;
    case 'arrive':
      return e.arrivals.includes(action.message) ? null : `message ${action.message} is not in flight to the outside`;
    case 'tick': {
      const opt = e.ticks.find((t) => t.node === action.node);
      if (!opt) return `node ${action.node} may not tick now`;
      const ids = action.deliver;
      if (new Set(ids).size !== ids.length) return 'a message is delivered twice in one tick';
      if (ids.length < opt.min || ids.length > opt.max) {
        return `a tick of ${action.node} must take ${opt.min === opt.max ? opt.min : `${opt.min} to ${opt.max}`} message(s), not ${ids.length}`;
      }
      for (const id of ids) if (!opt.pending.includes(id)) return `message ${id} is not pending at ${action.node}`;
      if (opt.fifo) {
        const oldest = new Set(opt.pending.slice(0, ids.length));
        if (!ids.every((id) => oldest.has(id))) return `the network is FIFO: ${action.node} must take its oldest messages first`;
      }
      return null;
    }
  }
}
