/**
 * The nodes a deployment runs and the constant facts (EDB) each one sees:
 * `self`, one relation per component listing its logical addresses, the
 * partition built-ins, and the deployment's `.edb` facts.
 */
import type { CheckedProgram, Tuple } from '../ir/types.js';
import type { FactMap } from '../eval/types.js';
import type { Deployment } from './deployment.js';
import { addressComponent, logicalAddress, partitionAddress } from './address.js';

/** One node of a deployment. */
export interface NodeInfo {
  /** Where messages to this node go: `NAME#i`, or `NAME#i/p` for a partition. */
  readonly address: string;
  readonly component: string;
  readonly instance: number;
  /** The instance's logical address `NAME#i` (what `self` and `NAME(addr)` give). */
  readonly logical: string;
  /** Partition index, or null when the component is not partitioned. */
  readonly partition: number | null;
}

/** How a destination address relates to the deployment. */
export type AddressClass =
  | { readonly kind: 'node'; readonly node: NodeInfo }
  /** A logical address of a partitioned component: a message must name a partition. */
  | { readonly kind: 'partitioned'; readonly component: string }
  /** Shaped like a node address of a component (`NAME#...`), but no such node runs. */
  | { readonly kind: 'no-such-node'; readonly component: string }
  /** Outside the deployment: a client. */
  | { readonly kind: 'outside' };

/** The nodes and their addresses, in deployment order. */
export class Topology {
  readonly nodes: readonly NodeInfo[];
  private readonly byAddress = new Map<string, NodeInfo>();
  private readonly partitionedLogical = new Map<string, string>();
  private readonly componentNames: ReadonlySet<string>;

  constructor(readonly deployment: Deployment) {
    const nodes: NodeInfo[] = [];
    for (const [component, p] of deployment.components) {
      for (let instance = 0; instance < p.instances; instance++) {
        const logical = logicalAddress(component, instance);
        if (p.partitions <= 1) {
          nodes.push({ address: logical, component, instance, logical, partition: null });
        } else {
          this.partitionedLogical.set(logical, component);
          for (let partition = 0; partition < p.partitions; partition++) {
            nodes.push({ address: partitionAddress(logical, partition), component, instance, logical, partition });
          }
        }
      }
    }
    for (const n of nodes) this.byAddress.set(n.address, n);
    this.nodes = nodes;
    this.componentNames = new Set(deployment.components.keys());
  }

  /** The node at `address`, if one runs there. */
  node(address: string): NodeInfo | undefined {
    return this.byAddress.get(address);
  }

  /** The nodes of one component. */
  nodesOf(component: string): NodeInfo[] {
    return this.nodes.filter((n) => n.component === component);
  }

  /** Classify a destination address. */
  classify(address: string): AddressClass {
    const node = this.byAddress.get(address);
    if (node) return { kind: 'node', node };
    const partitioned = this.partitionedLogical.get(address);
    if (partitioned !== undefined) return { kind: 'partitioned', component: partitioned };
    const component = addressComponent(address);
    if (component !== undefined && this.componentNames.has(component)) return { kind: 'no-such-node', component };
    return { kind: 'outside' };
  }

  /**
   * The EDB of a node. Built-in relations are given only when the program
   * knows them (so an evaluator never sees a relation it cannot resolve),
   * except `self` and the component relations, which every program has.
   */
  edbOf(program: CheckedProgram, node: NodeInfo): FactMap {
    const edb = new Map<string, Tuple[]>();
    const known = (name: string): boolean => program.relations.has(name);
    edb.set('self', [[node.logical]]);
    for (const [component, p] of this.deployment.components) {
      const rows: Tuple[] = [];
      for (let i = 0; i < p.instances; i++) rows.push([logicalAddress(component, i)]);
      edb.set(component, rows);
    }
    if (known('partition_of') || known('partition_count')) {
      const of: Tuple[] = [];
      const count: Tuple[] = [];
      for (const [component, p] of this.deployment.components) {
        for (let i = 0; i < p.instances; i++) {
          const logical = logicalAddress(component, i);
          count.push([logical, p.partitions]);
          if (p.partitions <= 1) of.push([logical, 0, logical]);
          else for (let j = 0; j < p.partitions; j++) of.push([logical, j, partitionAddress(logical, j)]);
        }
      }
      if (known('partition_of')) edb.set('partition_of', of);
      if (known('partition_count')) edb.set('partition_count', count);
    }
    if (known('self_partition')) edb.set('self_partition', [[node.partition ?? 0]]);
    for (const [name, rows] of this.deployment.edb) edb.set(name, [...rows]);
    return edb;
  }
}
