/** The differential tester: original vs rewritten under randomized schedules and faults. */
export {
  differentialTest,
  DiffContext,
  sameFailure,
  resolveOptions,
  choiceRun,
  DEFAULT_RUNS,
  DEFAULT_SCHEDULER,
  SCHEDULER_KINDS,
  runScheduler,
  runStrategy,
  DEFAULT_WALKS,
  DEFAULT_SAMPLES,
  DEFAULT_SHRINK_MS,
  type DiffInput,
  type DiffOptions,
  type DiffProgress,
  type DiffStats,
  type DiffVerdict,
  type Failure,
  type Counterexample,
  type SearchSummary,
  type ShrinkSummary,
  type CaseSize,
  type SchedulerKind,
  type Judged,
} from './tester.js';
export { observationOf, observationOfRun, heldAtEnd, diffObservations, diffSize, closest, factObservationKey, type RunObservation, type ObservedFact, type ObservationDiff } from './observation.js';
export { searchObservation, traceHint, decidingRelations, type SearchOptions, type SearchResult, type TraceHint } from './search.js';
export { loadPair, type LoadedPair, type LoadPairResult, type PairFlags } from './load.js';
export { pairWorkloads, concretize, dimensions, fullConfig, configKey, defaultDestination, type Side, type PairedInput, type Config, type Dimension, type Concrete } from './pair.js';
export { inputsArbitrary, drawInputs } from './generate.js';
export { shrinkFailure, type Shrunk } from './shrink.js';
