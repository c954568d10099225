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
export { ASYNC_NETWORK, deliveryRule, type NetworkModel, type DeliveryRule } from './network.js';
export { actionProblem, nothingEnabled, type Action, type Enabled, type TickOption } from './actions.js';
export { randomScheduler, replayScheduler, type Scheduler } from './scheduler.js';
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
export { renderTrace, type Trace, type TraceStep, type TraceDelivered, type TraceSent, type TraceOutput } from './trace.js';
export { formatFact, formatValue } from './values.js';
export { readJsonFile, parseJsonText, type JsonFileResult } from './json-file.js';
export { loadRunFiles, siblingFile, type RunFiles, type RunFilesResult, type RunFileOptions } from './run-files.js';
