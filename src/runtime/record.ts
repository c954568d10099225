/**
 * Recording a runtime run for `--check`, and turning the recordings of all
 * processes into the trace a reference model reads (a `RunView`).
 *
 * Every process keeps a Lamport clock: a node sets it to one more than the
 * largest of its own and the clocks of the batches a tick takes, and stamps
 * every batch that tick sends with it; a client does the same per request
 * sent and per answer received. Sorting all events by (clock, process,
 * order within the process) gives one total order that respects causality:
 * a message is always sent at an earlier step than any tick that took it,
 * and a tick that took it comes before anything that tick caused. That order
 * is a schedule the simulator could have chosen (each tick is atomic, and
 * concurrent ticks may go in either order), so the models' invariants, which
 * compare steps, mean on it what they mean on a simulated run.
 */
import { Packr } from 'msgpackr';
import type { Tuple } from '../ir/types.js';
import type { CheckedProgram } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import { deploymentToJson } from '../sim/deployment.js';
import type { Observation } from '../sim/machine.js';
import type { Stop } from '../sim/stop.js';
import type { Trace, TraceStep } from '../sim/trace.js';
import { TRACE_VERSION } from '../sim/trace.js';
import type { WorkloadInput } from '../sim/workload.js';
import { RunView } from '../invariants/run-view.js';
import { factKey } from '../sim/facts.js';

export type RecordedEvent =
  /** A client (or the setup sender) sent an input to a node. */
  | { readonly k: 'inject'; readonly clock: number; readonly to: string; readonly relation: string; readonly tuple: Tuple }
  /** An `.output` fact arrived at a client. */
  | { readonly k: 'arrive'; readonly clock: number; readonly from: string; readonly to: string; readonly relation: string; readonly tuple: Tuple }
  /** One tick of a node. */
  | {
      readonly k: 'tick';
      readonly clock: number;
      readonly node: string;
      readonly tick: number;
      /** [from (null for an input), relation, tuple] */
      readonly delivered: readonly (readonly [string | null, string, Tuple])[];
      /** `.output` facts that became true at the node in this tick: [relation, tuple, rule]. */
      readonly outputs: readonly (readonly [string, Tuple, number | null])[];
      /** [to, relation, tuple, rule] */
      readonly sent: readonly (readonly [string, string, Tuple, number])[];
    };

/** What one process recorded. `truncated` when it hit its event limit (the check is then refused). */
export interface Recording {
  readonly process: string;
  readonly rank: number;
  readonly events: readonly RecordedEvent[];
  readonly truncated: boolean;
}

const packr = new Packr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

export function encodeRecording(r: Recording): Buffer {
  return packr.pack(r);
}

export function decodeRecording(bytes: Buffer): Recording {
  return packr.unpack(bytes) as Recording;
}

/** Events merged in causal order, each with its process's rank. */
function merge(recordings: readonly Recording[]): { e: RecordedEvent; rank: number }[] {
  const all: { e: RecordedEvent; rank: number; i: number }[] = [];
  for (const r of recordings) r.events.forEach((e, i) => all.push({ e, rank: r.rank, i }));
  all.sort((a, b) => a.e.clock - b.e.clock || a.rank - b.rank || a.i - b.i);
  return all;
}

/**
 * The trace of a recorded run: steps in causal order (see above), message ids
 * counted from 1. `stop` says whether the run was seen to be quiescent at the
 * end; `nodes` lists the deployment's nodes.
 */
export function recordedTrace(
  program: CheckedProgram,
  deployment: Deployment,
  nodes: readonly string[],
  recordings: readonly Recording[],
  stop: Stop,
): { trace: Trace; observations: Observation[] } {
  const steps: TraceStep[] = [];
  const inputs: WorkloadInput[] = [];
  let id = 0;
  const observed = new Map<string, { relation: string; tuple: Tuple; at: string; count: number; firstStep: number }>();
  const observe = (relation: string, tuple: Tuple, at: string, step: number): void => {
    const k = at + '\u0002' + factKey(relation, tuple);
    const o = observed.get(k);
    if (o) o.count++;
    else observed.set(k, { relation, tuple, at, count: 1, firstStep: step });
  };
  for (const { e } of merge(recordings)) {
    const step = steps.length + 1;
    switch (e.k) {
      case 'inject':
        steps.push({ step, kind: 'inject', input: inputs.length, id: ++id, to: e.to, relation: e.relation, tuple: e.tuple });
        inputs.push({ relation: e.relation, tuple: e.tuple, to: e.to });
        break;
      case 'arrive':
        steps.push({ step, kind: 'arrive', id: ++id, from: e.from, to: e.to, relation: e.relation, tuple: e.tuple });
        observe(e.relation, e.tuple, e.to, step);
        break;
      case 'tick':
        steps.push({
          step,
          kind: 'tick',
          node: e.node,
          tick: e.tick,
          delivered: e.delivered.map(([from, relation, tuple]) => ({ id: ++id, from, relation, tuple })),
          outputs: e.outputs.map(([relation, tuple, rule]) => {
            observe(relation, tuple, e.node, step);
            return { relation, tuple, rule };
          }),
          sent: e.sent.map(([to, relation, tuple, rule]) => ({ id: ++id, to, relation, tuple, rule, line: program.rules[rule]?.span.line ?? 0 })),
        });
        break;
    }
  }
  const trace: Trace = {
    format: 'compartment-trace',
    version: TRACE_VERSION,
    seed: null,
    scheduler: 'tcp-runtime',
    // TCP: each sender's messages arrive in order; senders interleave; a tick takes a batch.
    network: { reorder: true, batch: true, delay: true, fifoChannels: true },
    deployment: deploymentToJson(deployment),
    nodes,
    workload: { inputs: inputs.map((x) => ({ relation: x.relation, tuple: [...x.tuple], to: x.to })) },
    choices: [],
    steps,
    stop,
  };
  return { trace, observations: [...observed.values()] };
}

/** The view a reference model reads, from the recordings of every process of a run. */
export function recordedRunView(
  program: CheckedProgram,
  deployment: Deployment,
  nodes: readonly string[],
  recordings: readonly Recording[],
  stop: Stop,
): RunView {
  const { trace, observations } = recordedTrace(program, deployment, nodes, recordings, stop);
  return new RunView(trace, stop, deployment, observations);
}
