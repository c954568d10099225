/**
 * The simulator: runs every node of a deployment on one seeded, bounded,
 * simulated network until quiescence or a bound, recording a replayable trace.
 *
 * Each step is one action chosen by the scheduler among the enabled ones:
 * inject the next workload input into its node's pending messages, tick a node
 * (delivering a chosen subset of its pending messages), let a message in
 * flight to a client arrive there, or, when the network model allows faults,
 * lose or duplicate a message or crash a node. The state and the actions live
 * in `SimMachine`; this is the loop.
 */
import type { CheckedProgram } from '../ir/types.js';
import type { FnImpl } from '../eval/types.js';
import type { Deployment } from './deployment.js';
import { deploymentToJson } from './deployment.js';
import type { Workload } from './workload.js';
import { workloadToJson } from './workload.js';
import { actionProblem, nothingEnabled, type Action } from './actions.js';
import { ASYNC_NETWORK, type NetworkModel } from './network.js';
import { randomScheduler, type Scheduler } from './scheduler.js';
import type { Stop } from './stop.js';
import { TRACE_VERSION, type Trace, type TraceProgram } from './trace.js';
import { SimMachine, type Observation, type SimStats } from './machine.js';

export type { Observation, SimStats } from './machine.js';

/** Options of a run. Every field has a default. */
export interface SimOptions {
  /** Seed of the default random scheduler. Default 1. */
  readonly seed?: number;
  /** Who chooses each step. Default: `randomScheduler(seed)`. */
  readonly scheduler?: Scheduler;
  /** What the network may do. Default: `ASYNC_NETWORK` (reliable). */
  readonly network?: NetworkModel;
  /** Most steps (actions) before the run is cut short. Default 10 000. */
  readonly maxSteps?: number;
  /** Most ticks (of all nodes together) before the run is cut short. Default: no limit but `maxSteps`. */
  readonly maxTicks?: number;
  /** Most messages sent by rules in the whole run. Default 10 000. */
  readonly maxMessages?: number;
  /** Most facts (true this tick plus carried to the next) in one tick of one node. Default 10 000. */
  readonly maxFactsPerTick?: number;
  /** Most wall-clock milliseconds the run may take. Default: no limit. */
  readonly maxWallMs?: number;
  /** Implementations of `.fn` functions; unbound ones hash their arguments. */
  readonly fns?: ReadonlyMap<string, FnImpl>;
  /** The program's file and hash, recorded in the trace so `compartment replay` can find it. */
  readonly programSource?: TraceProgram;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_STEPS = 10_000;
export const DEFAULT_MAX_MESSAGES = 10_000;
export const DEFAULT_MAX_FACTS_PER_TICK = 10_000;

/** The outcome of a run: why it stopped (the discriminant `reason`), and what happened. */
export type SimResult = Stop & {
  readonly stats: SimStats;
  /** In order of first observation. */
  readonly observations: readonly Observation[];
  readonly trace: Trace;
};

/** Whether a run reached quiescence (the only successful outcome). */
export function isQuiescent(r: SimResult): boolean {
  return r.reason === 'quiescent';
}

/** How often the wall clock is read (in steps). */
const CLOCK_EVERY = 32;

/**
 * Run `program` on `deployment` with `workload` (both already validated
 * against the program) until quiescence or a bound. Never throws for a
 * problem of the program or its inputs: those end the run with a reason.
 */
export function simulate(program: CheckedProgram, deployment: Deployment, workload: Workload, options: SimOptions = {}): SimResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const scheduler = options.scheduler ?? randomScheduler(seed);
  const network = options.network ?? ASYNC_NETWORK;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxTicks = options.maxTicks ?? Infinity;
  const maxWallMs = options.maxWallMs ?? Infinity;
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const maxFactsPerTick = options.maxFactsPerTick ?? DEFAULT_MAX_FACTS_PER_TICK;
  const machine = new SimMachine(program, deployment, workload, {
    network,
    maxMessages,
    maxFactsPerTick,
    ...(options.fns === undefined ? {} : { fns: options.fns }),
  });
  const started = maxWallMs === Infinity ? 0 : performance.now();
  const choices: Action[] = [];

  let stop: Stop;
  for (;;) {
    const enabled = machine.enabled();
    if (nothingEnabled(enabled)) {
      stop = { reason: 'quiescent' };
      break;
    }
    const step = machine.step;
    if (step >= maxSteps) {
      stop = { reason: 'bound', bound: 'steps', limit: maxSteps, reached: step, busiest: machine.busiest() };
      break;
    }
    if (machine.ticks >= maxTicks) {
      stop = { reason: 'bound', bound: 'ticks', limit: maxTicks, reached: machine.ticks, busiest: machine.busiest() };
      break;
    }
    if (maxWallMs !== Infinity && step % CLOCK_EVERY === 0) {
      const elapsed = performance.now() - started;
      if (elapsed >= maxWallMs) {
        stop = { reason: 'bound', bound: 'wall-time', limit: maxWallMs, reached: Math.round(elapsed), busiest: machine.busiest() };
        break;
      }
    }
    const action = scheduler.next(enabled, step + 1);
    if (action === null) {
      stop = { reason: 'schedule-ended', step };
      break;
    }
    const problem = actionProblem(enabled, action);
    if (problem !== null) {
      stop = { reason: 'invalid-action', step: step + 1, action, problem };
      break;
    }
    choices.push(action);
    const stopped = machine.apply(action);
    if (stopped) {
      stop = stopped;
      break;
    }
  }

  const trace: Trace = {
    format: 'compartment-trace',
    version: TRACE_VERSION,
    ...(options.programSource ? { program: options.programSource } : {}),
    limits: { steps: maxSteps, messages: maxMessages, factsPerTick: maxFactsPerTick },
    seed: options.scheduler ? null : seed,
    scheduler: scheduler.name,
    network,
    deployment: deploymentToJson(deployment),
    nodes: machine.topology.nodes.map((n) => n.address),
    workload: workloadToJson(workload),
    choices,
    steps: machine.traceSteps,
    stop,
  };
  return { ...stop, stats: machine.stats(), observations: machine.observations(), trace };
}
