/**
 * What the network may do with messages, as a value. The simulator offers the
 * scheduler only the actions the model allows, and checks every action it is
 * given (a replayed one included) against it.
 *
 * Faults (drop, duplication, crash) are later fields of this model; today the
 * network is reliable: every message is delivered exactly once, eventually.
 */
export interface NetworkModel {
  /** A tick may take its node's pending messages in any order; false: oldest first. */
  readonly reorder: boolean;
  /** A tick may take several messages at once; false: at most one per tick. */
  readonly batch: boolean;
  /** A tick may leave pending messages for a later tick; false: it takes all it may. */
  readonly delay: boolean;
}

/** Reliable, asynchronous: any delay, any order, any batching. */
export const ASYNC_NETWORK: NetworkModel = { reorder: true, batch: true, delay: true };

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
  const max = model.batch ? pending : Math.min(1, pending);
  let min = model.delay ? 0 : max;
  if (stable) min = Math.max(min, 1);
  if (min > max) return null;
  return { min, max, fifo: !model.reorder };
}
