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
  /** Budget of facts in the tick: see {@link StepInput.maxFacts}. */
  readonly maxFacts?: number;
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

/**
 * An error while evaluating a rule (division by zero, integer overflow), or a
 * tick stopped because it went over a limit (`limit` set): its facts budget
 * (`maxFacts`), or the most distinct values the evaluator can hold. A program
 * that derives without end within one tick (`n(x - 1) :- n(x)`) ends this
 * way, with the rule that was deriving when the limit was reached.
 */
export interface EvalError {
  /** The rule being evaluated, or -1 when none was (the given facts alone went over a limit). */
  readonly rule: number;
  readonly message: string;
  readonly limit?: EvalLimit;
}

/** Which limit stopped a tick, and where it stood. */
export type EvalLimit =
  /** More facts than `maxFacts` (true in the tick plus carried to the next); `reached` is the count when it stopped. */
  | { readonly kind: 'facts'; readonly limit: number; readonly reached: number }
  /** More distinct values than the evaluator's interner holds (see `MAX_INTERNED`). */
  | { readonly kind: 'values'; readonly limit: number };

export type TickOutcome =
  | { readonly ok: true; readonly result: TickResult }
  | { readonly ok: false; readonly error: EvalError };

/** A `.fn` implementation bound by the deployment; unbound ones hash their arguments. */
export type FnImpl = (...args: Value[]) => Value;

/** A fact: a relation and a tuple (a delivered message, for {@link ComponentEvaluator.step}). */
export interface Fact {
  readonly relation: string;
  readonly tuple: Tuple;
}

/**
 * A set of facts held by the evaluator in interned form: the facts one tick
 * carries to the node's next tick, or a node's constant facts. Immutable and
 * opaque; made only by an evaluator (`step` or `prepare`).
 */
export interface CarriedFacts {
  /** Number of facts. */
  readonly size: number;
  /** The facts by relation (relations with at least one fact; decoded once, then cached: do not change). */
  facts(): ReadonlyMap<string, readonly Tuple[]>;
  /** Whether `other` holds the same facts (as sets). */
  sameAs(other: CarriedFacts): boolean;
}

/**
 * The input of {@link ComponentEvaluator.step}: the same tick as
 * `tick({ facts, edb })` where `facts` holds the carried facts, then the
 * delivered ones in order (duplicates dropped), and `edb` the constant ones.
 */
export interface StepInput {
  /** What the node's previous tick carried (`StepResult.next`), or null for none. */
  readonly carried: CarriedFacts | null;
  /** Delivered messages and inputs, in order. */
  readonly delivered: readonly Fact[];
  /** The node's constant facts, from `prepare`. */
  readonly edb: CarriedFacts;
  /**
   * Most facts the tick may hold: true in it (given ones included, EDB
   * excluded) plus carried to the next, as `StepResult.factCount +
   * next.size` counts them. The tick stops with an error (`limit.kind:
   * 'facts'`) as soon as one more is derived; default: no budget.
   */
  readonly maxFacts?: number;
}

/** {@link TickResult} without the decoded `facts`, with `next` kept interned. */
export interface StepResult {
  /** Facts for the node's next tick, from `:+` rules: pass as the next `StepInput.carried`. */
  readonly next: CarriedFacts;
  readonly sent: SentMessage[];
  readonly outputs: ObservedOutput[];
  /** How many facts are true at this node in this tick (the size of `TickResult.facts`). */
  readonly factCount: number;
}

export type StepOutcome =
  | { readonly ok: true; readonly result: StepResult }
  | { readonly ok: false; readonly error: EvalError };
