/**
 * The network simulator: deployments, workloads, schedulers, runs and traces.
 */
export { logicalAddress, partitionAddress, addressComponent } from './address.js';
export {
  defaultDeployment,
  loadDeployment,
  parseDeployment,
  validateDeployment,
  deploymentToJson,
  MAX_INSTANCES,
  MAX_PARTITIONS,
  type ComponentPlacement,
  type Deployment,
  type DeploymentJson,
  type DeploymentResult,
} from './deployment.js';
export {
  loadWorkload,
  parseWorkload,
  validateWorkload,
  generateWorkload,
  workloadToJson,
  relationReaders,
  type Workload,
  type WorkloadInput,
  type WorkloadJson,
  type WorkloadResult,
  type GenerateOptions,
} from './workload.js';
export { Topology, type NodeInfo, type AddressClass } from './topology.js';
export { Random } from './random.js';
export {
  ASYNC_NETWORK,
  DEFAULT_FAULT_BUDGET,
  FAULT_KINDS,
  deliveryRule,
  hasFaults,
  withFaults,
  type NetworkModel,
  type DeliveryRule,
  type FaultBudget,
  type FaultKind,
} from './network.js';
export {
  actionProblem,
  anyFault,
  deliveryProblem,
  nothingEnabled,
  oldestPerSender,
  type Action,
  type Enabled,
  type FaultAction,
  type FaultOptions,
  type TickOption,
} from './actions.js';
export { randomScheduler, replayScheduler, chooseDeliveries, pickFault, DEFAULT_FAULT_RATE, type Scheduler, type RandomSchedulerOptions } from './scheduler.js';
export { latencyScheduler, type LatencyOptions } from './latency.js';
export { mixedScheduler, mixedStrategy, MIXED_STRATEGIES, type MixedStrategy } from './mixed.js';
export { pctScheduler, DEFAULT_PCT_DEPTH, DEFAULT_PCT_STEPS, type PctOptions } from './pct.js';
export { choiceScheduler, encodeChoice, recordChoices } from './choices.js';
export { explore, deliverySets, DEFAULT_MAX_STATES, DEFAULT_MAX_SUBSETS, type ExploreOptions, type ExploreResult, type ExploreEnd, type Leaf } from './explore.js';
export { SimMachine, type MachineOptions, type MachineSnapshot } from './machine.js';
export {
  simulate,
  isQuiescent,
  DEFAULT_SEED,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_MAX_FACTS_PER_TICK,
  type SimOptions,
  type SimResult,
  type SimStats,
  type Observation,
} from './simulate.js';
export { describeStop, type Stop, type BoundKind, type AddressProblem, type RuleRef, type RuleActivity } from './stop.js';
export { renderTrace, TRACE_VERSION, type Trace, type TraceProgram, type TraceStep, type TraceDelivered, type TraceSent, type TraceOutput } from './trace.js';
export { formatFact, formatValue } from './values.js';
export { readJsonFile, parseJsonText, type JsonFileResult } from './json-file.js';
export { loadRunFiles, siblingFile, type RunFiles, type RunFilesResult, type RunFileOptions } from './run-files.js';
export { readTrace, replayTrace, programHash, type TraceFileResult, type ReplayResult } from './replay.js';
