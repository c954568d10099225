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
  | { readonly kind: 'arrive'; readonly message: number }
  /** Fault: message `message` (pending at a node, or in flight to a client) is lost. */
  | { readonly kind: 'drop'; readonly message: number }
  /** Fault: message `message`, pending at a node, gets a copy that is delivered on its own. */
  | { readonly kind: 'duplicate'; readonly message: number }
  /** Fault: `node` crashes for good; its pending messages are lost. */
  | { readonly kind: 'crash'; readonly node: string };

/** The kinds of actions that are faults. */
export type FaultAction = Extract<Action, { kind: 'drop' | 'duplicate' | 'crash' }>;

/** A node that may tick, with the messages it may receive. */
export interface TickOption extends DeliveryRule {
  readonly node: string;
  /** Ids of the node's pending messages, oldest first. */
  readonly pending: readonly number[];
  /**
   * With ordered channels: the sender of each pending message (parallel to
   * `pending`; null for a workload input). A tick must take each sender's
   * messages oldest first. Absent: channels are unordered.
   */
  readonly senders?: readonly (string | null)[];
}

/** Faults the network may commit now (each list empty when that fault is off or its budget is spent). */
export interface FaultOptions {
  /** Messages that may be lost: sent by rules, pending at a live node or in flight to a client. */
  readonly drop: readonly number[];
  /** Messages that may be duplicated: sent by rules, pending at a live node. */
  readonly duplicate: readonly number[];
  /** Live nodes that may crash. */
  readonly crash: readonly string[];
}

/** Everything the scheduler may choose from at one step (never all empty). */
export interface Enabled {
  /** The next workload input, if any is left. */
  readonly inject: { readonly input: number; readonly to: string } | null;
  readonly ticks: readonly TickOption[];
  /** Ids of messages in flight to addresses outside the deployment. */
  readonly arrivals: readonly number[];
  /** Faults, when the network model allows any; absent on a reliable network. */
  readonly faults?: FaultOptions;
}

/**
 * Whether nothing at all is enabled. Faults do not count: a run whose only
 * possible steps are faults has reached quiescence (a crash of a node at rest
 * changes nothing anyone can observe).
 */
export function nothingEnabled(e: Enabled): boolean {
  return e.inject === null && e.ticks.length === 0 && e.arrivals.length === 0;
}

/** Whether any fault is possible now. */
export function anyFault(e: Enabled): boolean {
  const f = e.faults;
  return f !== undefined && (f.drop.length > 0 || f.duplicate.length > 0 || f.crash.length > 0);
}

/** Why `action` is not allowed now, or null when it is. */
export function actionProblem(e: Enabled, action: Action): string | null {
  switch (action.kind) {
    case 'inject':
      if (e.inject === null) return 'no workload input is left to inject';
      return action.input === e.inject.input ? null : `the next input to inject is ${e.inject.input}, not ${action.input}`;
    case 'arrive':
      return e.arrivals.includes(action.message) ? null : `message ${action.message} is not in flight to the outside`;
    case 'drop':
      return e.faults?.drop.includes(action.message) ? null : `message ${action.message} may not be dropped now (no such message, or drops are off or spent)`;
    case 'duplicate':
      return e.faults?.duplicate.includes(action.message) ? null : `message ${action.message} may not be duplicated now (no such message, or duplication is off or spent)`;
    case 'crash':
      return e.faults?.crash.includes(action.node) ? null : `node ${action.node} may not crash now (no such live node, or crashes are off or spent)`;
    case 'tick': {
      const opt = e.ticks.find((t) => t.node === action.node);
      if (!opt) return `node ${action.node} may not tick now`;
      return deliveryProblem(opt, action.deliver);
    }
  }
}

/** Why delivering `ids` in a tick of `opt` is not allowed, or null. */
export function deliveryProblem(opt: TickOption, ids: readonly number[]): string | null {
  if (new Set(ids).size !== ids.length) return 'a message is delivered twice in one tick';
  if (ids.length < opt.min || ids.length > opt.max) {
    return `a tick of ${opt.node} must take ${opt.min === opt.max ? opt.min : `${opt.min} to ${opt.max}`} message(s), not ${ids.length}`;
  }
  for (const id of ids) if (!opt.pending.includes(id)) return `message ${id} is not pending at ${opt.node}`;
  if (opt.fifo) {
    const oldest = new Set(opt.pending.slice(0, ids.length));
    if (!ids.every((id) => oldest.has(id))) return `the network is FIFO: ${opt.node} must take its oldest messages first`;
  }
  if (opt.senders) {
    const taken = new Set(ids);
    const skipped = new Set<string | null>();
    for (let i = 0; i < opt.pending.length; i++) {
      const sender = opt.senders[i] ?? null;
      if (taken.has(opt.pending[i] as number)) {
        if (skipped.has(sender)) return `channels are ordered: ${opt.node} must take the messages from ${sender ?? 'the workload'} oldest first`;
      } else skipped.add(sender);
    }
  }
  return null;
}

/**
 * Adjusts a chosen set of pending messages to ordered channels: the same
 * number from each sender, but the oldest ones. Keeps the count, so the
 * delivery rule's bounds still hold.
 */
export function oldestPerSender(opt: TickOption, ids: readonly number[]): number[] {
  if (!opt.senders) return [...ids];
  const taken = new Set(ids);
  const want = new Map<string | null, number>();
  opt.pending.forEach((id, i) => {
    if (taken.has(id)) {
      const s = opt.senders?.[i] ?? null;
      want.set(s, (want.get(s) ?? 0) + 1);
    }
  });
  const out: number[] = [];
  opt.pending.forEach((id, i) => {
    const s = opt.senders?.[i] ?? null;
    const left = want.get(s) ?? 0;
    if (left > 0) {
      out.push(id);
      want.set(s, left - 1);
    }
  });
  return out;
}
