/**
 * What the network may do with messages, as a value. The simulator offers the
 * scheduler only the actions the model allows, and checks every action it is
 * given (a replayed one included) against it.
 *
 * Without `faults` the network is reliable: every message is delivered exactly
 * once, eventually, after any delay, in any order and batching the model
 * allows. `faults` switches on the general-omission fault model, each fault
 * with a budget per run: a message lost (`drop`, send or receive omission), a
 * message delivered twice (`duplicate`), a node stopped for good (`crash`).
 */
export interface NetworkModel {
  /** A tick may take its node's pending messages in any order; false: oldest first. */
  readonly reorder: boolean;
  /** A tick may take several messages at once; false: at most one per tick. */
  readonly batch: boolean;
  /** With `batch`, the most messages one tick may take. Absent: all pending. */
  readonly maxBatch?: number;
  /** A tick may leave pending messages for a later tick; false: it takes all it may. */
  readonly delay: boolean;
  /**
   * Ordered channels: a node takes the messages of one sender oldest first,
   * and a client receives the messages of one sender in the order they were
   * sent (messages from different senders still interleave as `reorder`
   * allows). Absent: false.
   */
  readonly fifoChannels?: boolean;
  /** Faults the network may commit, at most this many of each per run. Absent: none. */
  readonly faults?: FaultBudget;
}

/** How many faults of each kind a run may have (0: that fault is off). */
export interface FaultBudget {
  /** Messages lost: a message sent by a rule (to a node or to a client) that never arrives. */
  readonly drop: number;
  /** Messages delivered twice: a message between nodes gets a copy that is delivered on its own. */
  readonly duplicate: number;
  /** Nodes that crash: a crashed node never ticks again; messages pending at it or sent to it are lost. */
  readonly crash: number;
}

export type FaultKind = keyof FaultBudget;
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'duplicate', 'crash'];

/** Reliable, asynchronous: any delay, any order, any batching. */
export const ASYNC_NETWORK: NetworkModel = { reorder: true, batch: true, delay: true };

/** Default budgets when a fault is switched on by name (`--faults drop,dup,crash`). */
export const DEFAULT_FAULT_BUDGET: FaultBudget = { drop: 2, duplicate: 2, crash: 1 };

/** The model with the named faults switched on (each with its default budget). */
export function withFaults(model: NetworkModel, kinds: readonly FaultKind[], budget: FaultBudget = DEFAULT_FAULT_BUDGET): NetworkModel {
  if (kinds.length === 0) return model;
  const faults: FaultBudget = {
    drop: kinds.includes('drop') ? budget.drop : 0,
    duplicate: kinds.includes('duplicate') ? budget.duplicate : 0,
    crash: kinds.includes('crash') ? budget.crash : 0,
  };
  return { ...model, faults };
}

/** Whether the model allows any fault. */
export function hasFaults(model: NetworkModel): boolean {
  const f = model.faults;
  return f !== undefined && (f.drop > 0 || f.duplicate > 0 || f.crash > 0);
}

/** How many of `pending` messages a tick may take, and in which order. */
export interface DeliveryRule {
  readonly min: number;
  readonly max: number;
  /** The delivered messages must be the oldest pending ones. */
  readonly fifo: boolean;
}

/**
 * The delivery rule for a node with `pending` messages. A `stable` node (one
 * whose next tick would repeat its last) must take at least one message,
 * since a tick taking none would change nothing. Null: the node may not tick.
 */
export function deliveryRule(model: NetworkModel, pending: number, stable: boolean): DeliveryRule | null {
  const max = model.batch ? Math.min(pending, model.maxBatch ?? pending) : Math.min(1, pending);
  let min = model.delay ? 0 : max;
  if (stable) min = Math.max(min, 1);
  if (min > max) return null;
  return { min, max, fifo: !model.reorder };
}
