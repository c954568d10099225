/**
 * What the differential tester compares: the observation of a run.
 *
 * An observation is the set of `.output` facts observed by the end of the
 * run, each with where it was observed:
 *
 * * at a client (an address outside the deployment, taken from an input):
 *   the fact and the client's address, which the workload names and so is
 *   the same for the original and the rewritten program;
 * * at a node of the deployment: the fact alone. The nodes of a rewrite are
 *   not the original's (a decoupled component runs on new nodes, a
 *   partitioned one on `NAME#i/p`), so where inside the deployment a fact
 *   held is not observable; a protocol whose node outputs must be told apart
 *   carries the identity in the fact, as 2PC's `log(node, txn, entry)` and
 *   Paxos's `applied(replica, ...)` do.
 *
 * How many times a fact was observed is not part of it (a set), nor when.
 * Besides every fact observed during the run, the facts still held at the
 * nodes at quiescence count (by value): a durable log that forgets an entry
 * differs from one that keeps it, though both showed it once. For the
 * `.output` relations a workload lists under `ordered`, the order in which
 * each client first received its facts of those relations is part of it too.
 */
import type { Tuple } from '../ir/types.js';
import type { Observation } from '../sim/machine.js';
import type { SimResult } from '../sim/simulate.js';
import type { Trace } from '../sim/trace.js';
import type { Topology } from '../sim/topology.js';
import { formatFact } from '../sim/values.js';

/** One observed fact: `at` is the client address, or null for "at a node of the deployment". */
export interface ObservedFact {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly at: string | null;
  /** Text form, also its identity: `reply("c1", 1, "x") at c1`, or `log(...) at a node`. */
  readonly key: string;
}

export interface RunObservation {
  /** Sorted by key, no duplicates. */
  readonly facts: readonly ObservedFact[];
  /** Keys (`relation(values)`) of the node-held facts still true at quiescence, sorted. */
  readonly held: readonly string[];
  /** For ordered relations: per client, the keys of its facts in the order first received. Sorted by client. */
  readonly order: readonly { readonly client: string; readonly keys: readonly string[] }[];
  /** Equal for equal observations. */
  readonly key: string;
}

/** The text key of one observed fact. */
export function factObservationKey(relation: string, tuple: Tuple, at: string | null): string {
  return `${formatFact(relation, tuple)} at ${at ?? 'a node'}`;
}

/**
 * The observation of a run from its observations (in order of first
 * observation, as the simulator lists them). `ordered` names the relations
 * whose per-client order counts.
 */
export function observationOf(
  observations: readonly Observation[],
  topology: Topology,
  ordered: ReadonlySet<string>,
  held: readonly { readonly relation: string; readonly tuple: Tuple }[] = [],
): RunObservation {
  const byKey = new Map<string, ObservedFact>();
  const order = new Map<string, string[]>();
  for (const o of observations) {
    const atNode = topology.classify(o.at).kind !== 'outside';
    const at = atNode ? null : o.at;
    const key = factObservationKey(o.relation, o.tuple, at);
    if (!byKey.has(key)) byKey.set(key, { relation: o.relation, tuple: o.tuple, at, key });
    if (at !== null && ordered.has(o.relation)) {
      const list = order.get(at) ?? [];
      if (!list.includes(key)) list.push(key);
      order.set(at, list);
    }
  }
  const facts = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const orderList = [...order.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([client, keys]) => ({ client, keys }));
  const heldKeys = [...new Set(held.map((h) => formatFact(h.relation, h.tuple)))].sort();
  const key =
    facts.map((f) => f.key).join('\n') +
    (heldKeys.length ? '\n--held--\n' + heldKeys.join('\n') : '') +
    (orderList.length ? '\n--order--\n' + orderList.map((o) => `${o.client}: ${o.keys.join(' < ')}`).join('\n') : '');
  return { facts, held: heldKeys, order: orderList, key };
}

/**
 * The node-held facts true at quiescence, from a trace: the outputs of each
 * live node's last tick (a node at rest would repeat it).
 */
export function heldAtEnd(trace: Trace): { relation: string; tuple: Tuple }[] {
  const last = new Map<string, readonly { relation: string; tuple: Tuple }[]>();
  const crashed = new Set<string>();
  for (const s of trace.steps) {
    if (s.kind === 'tick') last.set(s.node, s.outputs);
    else if (s.kind === 'crash') crashed.add(s.node);
  }
  const out: { relation: string; tuple: Tuple }[] = [];
  for (const [node, outputs] of last) if (!crashed.has(node)) out.push(...outputs);
  return out;
}

/** The observation of a finished run. */
export function observationOfRun(result: SimResult, topology: Topology, ordered: ReadonlySet<string>): RunObservation {
  return observationOf(result.observations, topology, ordered, heldAtEnd(result.trace));
}

/** How two observations differ: facts only one has, and clients whose order differs. */
export interface ObservationDiff {
  /** In the first, not the second (facts observed, then `held at the end` ones). */
  readonly extra: readonly ObservedFact[];
  /** In the second, not the first. */
  readonly missing: readonly ObservedFact[];
  readonly orderDiffers: readonly string[];
}

export function diffObservations(a: RunObservation, b: RunObservation): ObservationDiff {
  const inA = new Set(a.facts.map((f) => f.key));
  const inB = new Set(b.facts.map((f) => f.key));
  const orderA = new Map(a.order.map((o) => [o.client, o.keys.join('\n')]));
  const orderB = new Map(b.order.map((o) => [o.client, o.keys.join('\n')]));
  const clients = new Set([...orderA.keys(), ...orderB.keys()]);
  const heldA = new Set(a.held);
  const heldB = new Set(b.held);
  const heldFact = (key: string): ObservedFact => ({ relation: key.slice(0, key.indexOf('(')), tuple: [], at: null, key: `${key} held at the end` });
  return {
    extra: [...a.facts.filter((f) => !inB.has(f.key)), ...a.held.filter((k) => !heldB.has(k)).map(heldFact)],
    missing: [...b.facts.filter((f) => !inA.has(f.key)), ...b.held.filter((k) => !heldA.has(k)).map(heldFact)],
    orderDiffers: [...clients].filter((c) => orderA.get(c) !== orderB.get(c)).sort(),
  };
}

/** The size of a diff: facts on one side only, plus one per client whose order differs. */
export function diffSize(d: ObservationDiff): number {
  return d.extra.length + d.missing.length + d.orderDiffers.length;
}

/** The observations of `pool` closest to `target` (smallest diff), at most `n`. */
export function closest(target: RunObservation, pool: Iterable<RunObservation>, n = 3): { observation: RunObservation; diff: ObservationDiff }[] {
  return [...pool]
    .map((observation) => ({ observation, diff: diffObservations(target, observation) }))
    .sort((x, y) => diffSize(x.diff) - diffSize(y.diff) || (x.observation.key < y.observation.key ? -1 : 1))
    .slice(0, n);
}
