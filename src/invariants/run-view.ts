/**
 * What a run shows an invariant: the inputs that went in, the messages sent,
 * the `.output` facts that held at nodes or arrived at clients, each with the
 * step it happened at, and the deployment. Built from a simulator result;
 * reference models read nothing else.
 */
import type { Tuple, Value } from '../ir/types.js';
import type { Deployment } from '../sim/deployment.js';
import type { Observation, SimResult } from '../sim/simulate.js';
import { addressComponent, logicalAddress } from '../sim/address.js';
import type { Stop } from '../sim/stop.js';
import type { Trace } from '../sim/trace.js';

/** An input injected by the workload. */
export interface InputEvent { readonly step: number; readonly to: string; readonly relation: string; readonly tuple: Tuple }
/** A message a node handed to the network. */
export interface SentEvent { readonly step: number; readonly from: string; readonly to: string; readonly relation: string; readonly tuple: Tuple; readonly rule: number }
/** A message taken by a node's tick (`from` null for a workload input). */
export interface DeliveredEvent { readonly step: number; readonly node: string; readonly from: string | null; readonly relation: string; readonly tuple: Tuple }
/** An `.output` fact true at a node in one of its ticks. */
export interface NodeOutputEvent { readonly step: number; readonly node: string; readonly relation: string; readonly tuple: Tuple }
/** A message arriving at an address outside the deployment (a client). */
export interface ArrivalEvent { readonly step: number; readonly from: string; readonly to: string; readonly relation: string; readonly tuple: Tuple }

export class RunView {
  readonly inputs: readonly InputEvent[];
  readonly sent: readonly SentEvent[];
  readonly delivered: readonly DeliveredEvent[];
  readonly nodeOutputs: readonly NodeOutputEvent[];
  readonly arrivals: readonly ArrivalEvent[];

  constructor(
    readonly trace: Trace,
    readonly stop: Stop,
    readonly deployment: Deployment,
    readonly observations: readonly Observation[],
  ) {
    const inputs: InputEvent[] = [];
    const sent: SentEvent[] = [];
    const delivered: DeliveredEvent[] = [];
    const nodeOutputs: NodeOutputEvent[] = [];
    const arrivals: ArrivalEvent[] = [];
    for (const s of trace.steps) {
      switch (s.kind) {
        case 'inject':
          inputs.push({ step: s.step, to: s.to, relation: s.relation, tuple: s.tuple });
          break;
        case 'arrive':
          arrivals.push({ step: s.step, from: s.from, to: s.to, relation: s.relation, tuple: s.tuple });
          break;
        case 'tick':
          for (const d of s.delivered) delivered.push({ step: s.step, node: s.node, from: d.from, relation: d.relation, tuple: d.tuple });
          for (const o of s.outputs) nodeOutputs.push({ step: s.step, node: s.node, relation: o.relation, tuple: o.tuple });
          for (const m of s.sent) sent.push({ step: s.step, from: s.node, to: m.to, relation: m.relation, tuple: m.tuple, rule: m.rule });
          break;
      }
    }
    this.inputs = inputs;
    this.sent = sent;
    this.delivered = delivered;
    this.nodeOutputs = nodeOutputs;
    this.arrivals = arrivals;
  }

  static of(result: SimResult, deployment: Deployment): RunView {
    return new RunView(result.trace, result, deployment, result.observations);
  }

  /** Whether the run reached quiescence (so "eventually" properties can be judged). */
  get quiescent(): boolean {
    return this.stop.reason === 'quiescent';
  }

  inputsOf(relation: string): InputEvent[] {
    return this.inputs.filter((e) => e.relation === relation);
  }

  sentOf(relation: string): SentEvent[] {
    return this.sent.filter((e) => e.relation === relation);
  }

  deliveredOf(relation: string): DeliveredEvent[] {
    return this.delivered.filter((e) => e.relation === relation);
  }

  nodeOutputsOf(relation: string): NodeOutputEvent[] {
    return this.nodeOutputs.filter((e) => e.relation === relation);
  }

  arrivalsOf(relation: string): ArrivalEvent[] {
    return this.arrivals.filter((e) => e.relation === relation);
  }

  /** The logical addresses (`NAME#i`) of a component's instances; empty when it is not deployed. */
  instancesOf(component: string): string[] {
    const p = this.deployment.components.get(component);
    return p ? Array.from({ length: p.instances }, (_, i) => logicalAddress(component, i)) : [];
  }

  /** The component a node address belongs to, or null for an address outside the deployment. */
  componentOf(address: string): string | null {
    const c = addressComponent(address);
    return c !== undefined && this.deployment.components.has(c) ? c : null;
  }

  /** The facts the deployment gives an `.edb` relation. */
  edb(relation: string): readonly Tuple[] {
    return this.deployment.edb.get(relation) ?? [];
  }
}

/** A key for a tuple (or a part of one), for grouping in maps and sets. */
export function key(...values: readonly Value[]): string {
  return JSON.stringify(values);
}
