/**
 * The interface of the tick evaluator: one tick of one node, pure. The
 * simulator and the runtime both drive it and only move its effects.
 */
import type { Tuple, Value } from '../ir/types.js';

/** Facts by relation name. */
export type FactMap = ReadonlyMap<string, readonly Tuple[]>;

export interface TickInput {
  /**
   * Facts true at the start of the tick: delivered messages and inputs, and
   * the facts the node's `:+` rules derived in its last tick.
   */
  readonly facts: FactMap;
  /** Constant facts of the node: `.edb` relations and built-ins (`self`, component lists, ...). */
  readonly edb: FactMap;
}

export interface SentMessage {
  /** Destination address (a `loc` value). */
  readonly dest: Value;
  readonly relation: string;
  readonly tuple: Tuple;
  /** Id of the rule that sent it (the first one, when several did). */
  readonly rule: number;
}

export interface ObservedOutput {
  readonly relation: string;
  readonly tuple: Tuple;
  /** Id of the sync rule that derived it this tick, or null if it was given (delivered or carried). */
  readonly rule: number | null;
}

export interface TickResult {
  /** Every fact true at this node in this tick, by relation (given facts included, EDB excluded). */
  readonly facts: Map<string, Tuple[]>;
  /** Facts for the node's next tick, from `:+` rules. */
  readonly next: Map<string, Tuple[]>;
  /** Messages handed to the network by `:~` rules, deduplicated. */
  readonly sent: SentMessage[];
  /** `.output` facts true at this node in this tick. */
  readonly outputs: ObservedOutput[];
}

/** An error while evaluating a rule (division by zero, integer overflow). */
export interface EvalError {
  readonly rule: number;
  readonly message: string;
}

export type TickOutcome =
  | { readonly ok: true; readonly result: TickResult }
  | { readonly ok: false; readonly error: EvalError };

/** A `.fn` implementation bound by the deployment; unbound ones hash their arguments. */
export type FnImpl = (...args: Value[]) => Value;
