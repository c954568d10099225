/**
 * The tick evaluator shared by the simulator and the runtime, and the value
 * semantics (hashing, arithmetic) that every evaluator must agree on.
 */
export type { ComponentEvaluator, EvaluatorLimits } from './evaluator.js';
export { compileComponent } from './evaluator.js';
export type {
  CarriedFacts,
  EvalError,
  EvalLimit,
  Fact,
  FactMap,
  FnImpl,
  ObservedOutput,
  SentMessage,
  StepInput,
  StepOutcome,
  StepResult,
  TickInput,
  TickOutcome,
  TickResult,
} from './types.js';
export { MAX_INTERNED } from './intern.js';
export { encodeValue, fnHash, fnv1a32, hash } from './hash.js';
export type { AggregateResult } from './values.js';
export { MAX_INT, arith, arithErrorMessage, compareOp, compareValues, foldAggregate } from './values.js';
