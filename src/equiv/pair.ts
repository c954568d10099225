/**
 * The two programs the differential tester compares, and the inputs they
 * share.
 *
 * Both programs get the same input facts in the same order; only where each
 * input goes (`to`) may differ, since their deployments differ. Input `i` of
 * the original corresponds to input `i` of the rewritten program, so
 * shrinking drops an input from both at once.
 *
 * A `Config` is one shrinkable variation of the pair: a subset of the inputs
 * and smaller deployments (fewer partitions of the rewritten program's
 * components; fewer instances of a component both programs run with the same
 * count). Inputs sent to a node that a smaller deployment no longer has are
 * dropped with it.
 */
import type { CheckedProgram, Tuple } from '../ir/types.js';
import type { ReferenceModel } from '../invariants/model.js';
import type { ComponentPlacement, Deployment } from '../sim/deployment.js';
import { relationReaders, type Workload, type WorkloadInput } from '../sim/workload.js';
import { Topology } from '../sim/topology.js';
import { formatFact } from '../sim/values.js';

/** One program of the pair, ready to run. */
export interface Side {
  readonly file: string;
  readonly program: CheckedProgram;
  readonly deployment: Deployment;
  /** The deployment file used, or null for the default deployment. */
  readonly deploymentSource: string | null;
  /** The reference model checked on its runs, or null. */
  readonly model: ReferenceModel | null;
  /** SHA-256 of the program text, for traces. */
  readonly sha256: string;
}

/** One input fact, with where it goes in each program. */
export interface PairedInput {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly toOriginal: string;
  readonly toRewritten: string;
}

/** Pairs two validated workloads input by input; null and a reason when their facts differ. */
export function pairWorkloads(original: Workload, rewritten: Workload): { inputs: PairedInput[] } | { problem: string } {
  if (original.inputs.length !== rewritten.inputs.length) {
    return { problem: `the workloads have ${original.inputs.length} and ${rewritten.inputs.length} inputs; both programs must get the same input facts in the same order` };
  }
  const inputs: PairedInput[] = [];
  for (let i = 0; i < original.inputs.length; i++) {
    const a = original.inputs[i] as WorkloadInput;
    const b = rewritten.inputs[i] as WorkloadInput;
    if (a.relation !== b.relation || JSON.stringify(a.tuple) !== JSON.stringify(b.tuple)) {
      return {
        problem: `input ${i} differs: ${formatFact(a.relation, a.tuple)} for the original, ${formatFact(b.relation, b.tuple)} for the rewritten program; both must get the same input facts in the same order (only "to" may differ)`,
      };
    }
    inputs.push({ relation: a.relation, tuple: a.tuple, toOriginal: a.to, toRewritten: b.to });
  }
  return { inputs };
}

/**
 * Where an input of `relation` goes when the workload does not say: the first
 * node (in deployment order) of the first component that reads it. Null when
 * no deployed component reads it.
 */
export function defaultDestination(program: CheckedProgram, topology: Topology, relation: string): string | null {
  for (const component of relationReaders(program).get(relation) ?? []) {
    const node = topology.nodesOf(component)[0];
    if (node) return node.address;
  }
  return null;
}

/** A dimension of the deployments that shrinking may reduce. */
export interface Dimension {
  /** `partitions` of a component of the rewritten program, or `instances` of a component of both. */
  readonly kind: 'partitions' | 'instances';
  readonly component: string;
  /** The count in the given deployments. */
  readonly full: number;
}

/** The dimensions that can shrink: partitioned components of the rewritten program, and components both run with equal instances. */
export function dimensions(original: Side, rewritten: Side): Dimension[] {
  const out: Dimension[] = [];
  for (const [component, p] of rewritten.deployment.components) {
    if (p.partitions > 1) out.push({ kind: 'partitions', component, full: p.partitions });
  }
  for (const [component, p] of rewritten.deployment.components) {
    const o = original.deployment.components.get(component);
    if (o && o.instances === p.instances && p.instances > 1) out.push({ kind: 'instances', component, full: p.instances });
  }
  return out;
}

/** A variation of the pair: which inputs (indices into the full list, increasing) and the count of each dimension. */
export interface Config {
  readonly inputs: readonly number[];
  /** Parallel to `dimensions(...)`: the count kept, from 1 to `full`. */
  readonly counts: readonly number[];
}

/** The full configuration: every input, every dimension at its full count. */
export function fullConfig(inputCount: number, dims: readonly Dimension[]): Config {
  return { inputs: Array.from({ length: inputCount }, (_, i) => i), counts: dims.map((d) => d.full) };
}

/** A config's identity, for caches. */
export function configKey(c: Config): string {
  return `${c.inputs.join(',')}|${c.counts.join(',')}`;
}

/** The two sides' deployments and workloads under a config. */
export interface Concrete {
  readonly original: { readonly deployment: Deployment; readonly workload: Workload; readonly topology: Topology };
  readonly rewritten: { readonly deployment: Deployment; readonly workload: Workload; readonly topology: Topology };
  /** The paired inputs kept (after dropping those sent to vanished nodes). */
  readonly inputs: readonly PairedInput[];
}

export function concretize(original: Side, rewritten: Side, inputs: readonly PairedInput[], dims: readonly Dimension[], config: Config): Concrete {
  const cut = (d: Deployment, forOriginal: boolean): Deployment => {
    const components = new Map<string, ComponentPlacement>();
    for (const [name, p] of d.components) {
      let { instances, partitions } = p;
      dims.forEach((dim, i) => {
        if (dim.component !== name) return;
        const n = config.counts[i] ?? dim.full;
        if (dim.kind === 'instances') instances = Math.min(instances, n);
        else if (!forOriginal) partitions = Math.min(partitions, n);
      });
      components.set(name, { instances, partitions });
    }
    return { components, edb: d.edb };
  };
  const dOriginal = cut(original.deployment, true);
  const dRewritten = cut(rewritten.deployment, false);
  const tOriginal = new Topology(dOriginal);
  const tRewritten = new Topology(dRewritten);
  const kept: PairedInput[] = [];
  for (const i of config.inputs) {
    const input = inputs[i];
    if (!input) continue;
    const toRewritten = relocate(input.toRewritten, tRewritten);
    if (tOriginal.node(input.toOriginal) && toRewritten !== null) kept.push({ ...input, toRewritten });
  }
  return {
    original: { deployment: dOriginal, topology: tOriginal, workload: { inputs: kept.map((x) => ({ relation: x.relation, tuple: x.tuple, to: x.toOriginal })) } },
    rewritten: { deployment: dRewritten, topology: tRewritten, workload: { inputs: kept.map((x) => ({ relation: x.relation, tuple: x.tuple, to: x.toRewritten })) } },
    inputs: kept,
  };
}

/** Inputs sent to a node a smaller deployment no longer runs are dropped (from both programs). */
function relocate(to: string, topology: Topology): string | null {
  return topology.node(to) ? to : null;
}
