/**
 * The trace of a run: plain JSON-serializable data that says what happened at
 * every step, with the actions the scheduler chose (replay them with
 * `replayScheduler`), and a text rendering of it.
 */
import type { Tuple } from '../ir/types.js';
import type { Action } from './actions.js';
import type { NetworkModel } from './network.js';
import type { WorkloadJson } from './workload.js';
import type { DeploymentJson } from './deployment.js';
import type { Stop } from './stop.js';
import { formatFact } from './values.js';

/** A message taken by a tick. `from` is null for a workload input. */
export interface TraceDelivered {
  readonly id: number;
  readonly from: string | null;
  readonly relation: string;
  readonly tuple: Tuple;
}

/** A message a tick handed to the network. */
export interface TraceSent {
  readonly id: number;
  readonly to: string;
  readonly relation: string;
  readonly tuple: Tuple;
  /** The rule that sent it, and the line it is on in the program. */
  readonly rule: number;
  readonly line: number;
  /** Sent to a crashed node: lost, never delivered. */
  readonly lost?: true;
}

/** An `.output` fact true at a node in a tick; `rule` is null when it was given, not derived. */
export interface TraceOutput {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly rule: number | null;
  /** The line of `rule` in the program (version 2; absent when given). */
  readonly line?: number;
}

export type TraceStep =
  | {
      readonly step: number;
      readonly kind: 'inject';
      readonly input: number;
      readonly id: number;
      readonly to: string;
      readonly relation: string;
      readonly tuple: Tuple;
    }
  | {
      readonly step: number;
      readonly kind: 'tick';
      readonly node: string;
      /** The node's own tick number, from 1. */
      readonly tick: number;
      readonly delivered: readonly TraceDelivered[];
      readonly outputs: readonly TraceOutput[];
      readonly sent: readonly TraceSent[];
    }
  | {
      readonly step: number;
      readonly kind: 'arrive';
      readonly id: number;
      readonly from: string;
      readonly to: string;
      readonly relation: string;
      readonly tuple: Tuple;
    }
  /** Fault: a message pending at `to` (or in flight to a client `to`) is lost. */
  | {
      readonly step: number;
      readonly kind: 'drop';
      readonly id: number;
      readonly from: string;
      readonly to: string;
      readonly relation: string;
      readonly tuple: Tuple;
    }
  /** Fault: a message pending at `to` gets a copy, message `copy`, delivered on its own. */
  | {
      readonly step: number;
      readonly kind: 'duplicate';
      readonly id: number;
      readonly copy: number;
      readonly from: string;
      readonly to: string;
      readonly relation: string;
      readonly tuple: Tuple;
    }
  /** Fault: `node` crashes for good; the messages pending at it (`lost`, ids) are lost. */
  | {
      readonly step: number;
      readonly kind: 'crash';
      readonly node: string;
      readonly lost: readonly number[];
    };

/** The trace format's version: 2 added faults, ordered channels and the program's identity. */
export const TRACE_VERSION = 2;

/** The program a trace ran, so `compartment replay` can find and check it. */
export interface TraceProgram {
  /** The path given to the tool that wrote the trace. */
  readonly file: string;
  /** SHA-256 of the program text, hex. */
  readonly sha256: string;
}

export interface Trace {
  readonly format: 'compartment-trace';
  /** {@link TRACE_VERSION}; version 1 traces (no faults, no program) still replay. */
  readonly version: 1 | 2;
  /** The program that ran, when the writer knew its file. */
  readonly program?: TraceProgram;
  /** The run's bounds (version 2), so a replay stops where the run did. */
  readonly limits?: { readonly steps: number; readonly messages: number; readonly factsPerTick: number };
  /** The random scheduler's seed, or null when another scheduler ran. */
  readonly seed: number | null;
  readonly scheduler: string;
  readonly network: NetworkModel;
  readonly deployment: DeploymentJson;
  readonly nodes: readonly string[];
  readonly workload: WorkloadJson;
  /** The scheduler's choices, one per step: replaying them reproduces the run. */
  readonly choices: readonly Action[];
  /** Steps are numbered from 1. A step that ended the run in error may be the last one recorded. */
  readonly steps: readonly TraceStep[];
  readonly stop: Stop;
}

/** One line per event, indented under its step. */
export function renderTrace(trace: Trace): string {
  const lines: string[] = [];
  lines.push(`trace: ${trace.scheduler}; nodes ${trace.nodes.join(', ')}`);
  const w = String(trace.steps.length).length;
  for (const s of trace.steps) {
    const n = `step ${String(s.step).padStart(w)}`;
    const pad = ' '.repeat(n.length + 2);
    switch (s.kind) {
      case 'inject':
        lines.push(`${n}  input ${s.input} -> ${s.to}: #${s.id} ${formatFact(s.relation, s.tuple)}`);
        break;
      case 'arrive':
        lines.push(`${n}  ${s.from} -> ${s.to}: #${s.id} ${formatFact(s.relation, s.tuple)} arrives (observed)`);
        break;
      case 'drop':
        lines.push(`${n}  fault: #${s.id} ${formatFact(s.relation, s.tuple)} from ${s.from} to ${s.to} is lost`);
        break;
      case 'duplicate':
        lines.push(`${n}  fault: #${s.id} ${formatFact(s.relation, s.tuple)} from ${s.from} to ${s.to} is duplicated as #${s.copy}`);
        break;
      case 'crash':
        lines.push(`${n}  fault: ${s.node} crashes${s.lost.length ? `; pending ${s.lost.map((id) => `#${id}`).join(', ')} lost` : ''}`);
        break;
      case 'tick':
        lines.push(`${n}  tick ${s.node} (#${s.tick})${s.delivered.length === 0 ? ', no messages' : ''}`);
        for (const d of s.delivered) lines.push(`${pad}<- #${d.id} ${formatFact(d.relation, d.tuple)} from ${d.from ?? 'the workload'}`);
        for (const o of s.outputs) lines.push(`${pad}output ${formatFact(o.relation, o.tuple)}${o.rule === null ? '' : ` [rule ${o.rule}]`}`);
        for (const m of s.sent) {
          lines.push(`${pad}-> #${m.id} ${formatFact(m.relation, m.tuple)} to ${m.to} [rule ${m.rule}, line ${m.line}]${m.lost ? ' (lost: crashed)' : ''}`);
        }
        break;
    }
  }
  lines.push(`stop: ${trace.stop.reason}`);
  return lines.join('\n') + '\n';
}
