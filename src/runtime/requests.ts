/**
 * What closed-loop clients send and how they recognise the answer.
 *
 * A *request shape* is an `.input` relation with a `loc` attribute that names
 * the client: every request of the shape puts the client's own address there,
 * a fresh number (unique across clients and requests) in every `int`
 * attribute, and a 16-byte payload in every `string` attribute. Shapes come
 * from the workload file when there is one (each distinct input that names a
 * client address, with the nodes it was sent to; the workload's other inputs,
 * such as `become_leader("proposer#0")`, are *setup* inputs sent once before
 * the clients start), else from the `.input` declarations (each request goes
 * to one node of every component that reads the relation, in turn).
 *
 * With a workload file, its `weights` say how often each relation is sent
 * relative to the others (`{"request": 99, "epoch": 1}`: one epoch in a
 * hundred requests); without, every shape is sent equally often, in turn.
 *
 * The *answer* to a request is an `.output` fact arriving at the client whose
 * attributes of the same name and type as the request's hold the request's
 * values: `reply(client, id, payload)` answers `request(client, id, payload)`,
 * `outcome(client, txn, decision)` answers `begin(client, txn)`.
 */
import type { CheckedProgram, Relation, Tuple, Value } from '../ir/types.js';
import type { Topology } from '../sim/topology.js';
import { relationReaders, type Workload, type WorkloadInput } from '../sim/workload.js';
import { tupleKey } from '../sim/facts.js';

export interface RequestShape {
  readonly relation: string;
  /** Values of the attributes that stay as they are (from the workload; placeholders otherwise). */
  readonly base: Tuple;
  /** `loc` attributes set to the client's address. */
  readonly clientAttrs: readonly number[];
  /** `int` attributes set to the request's fresh number. */
  readonly freshAttrs: readonly number[];
  /** `string` attributes set to the request's 16-byte payload. */
  readonly payloadAttrs: readonly number[];
  /** Each request goes to one node of each group, the groups' nodes taken in turn. */
  readonly to: readonly (readonly string[])[];
}

/** An `.output` relation that answers a request relation: pairs of (output attribute, input attribute) that must agree. */
export interface AnswerKey {
  readonly output: string;
  readonly pairs: readonly (readonly [number, number])[];
}

export interface ClientPlan {
  readonly shapes: readonly RequestShape[];
  /**
   * One turn of the mix: indexes into `shapes`, each shape as often as its
   * relation's weight (the workload's `weights`, else 1), spread out; request
   * `seq` of a client is of shape `cycle[seq % cycle.length]`.
   */
  readonly cycle: readonly number[];
  /** By request relation. */
  readonly answers: Readonly<Record<string, readonly AnswerKey[]>>;
  /** Inputs sent once, in order, before the clients start. */
  readonly setup: readonly WorkloadInput[];
  readonly source: 'workload' | 'declarations';
}

export type PlanResult = { readonly ok: true; readonly plan: ClientPlan } | { readonly ok: false; readonly problems: string[] };

/** Size of a string attribute of a request ("16-byte commands"). */
export const PAYLOAD_BYTES = 16;

/** The fresh number of request `seq` (from 0) of client `index` (from 0): unique across clients up to 10^9 requests each. */
export function freshNumber(index: number, seq: number): number {
  return (index + 1) * 1_000_000_000 + seq;
}

/** The 16-byte payload of a request. */
export function payloadOf(fresh: number): string {
  return String(fresh).padStart(PAYLOAD_BYTES, '0').slice(-PAYLOAD_BYTES);
}

/** The request tuple of `shape` for a client. */
export function makeRequest(shape: RequestShape, client: string, fresh: number): Tuple {
  const t: Value[] = [...shape.base];
  for (const i of shape.clientAttrs) t[i] = client;
  for (const i of shape.freshAttrs) t[i] = fresh;
  if (shape.payloadAttrs.length > 0) {
    const p = payloadOf(fresh);
    for (const i of shape.payloadAttrs) t[i] = p;
  }
  return t;
}

/** The nodes request `seq` of a shape goes to. */
export function destinations(shape: RequestShape, seq: number): string[] {
  return shape.to.map((group) => group[seq % group.length] as string);
}

/** Key under which a request waits for its answer in `output` (also computed from the answer). */
export function answerKeyOfRequest(relation: string, key: AnswerKey, tuple: Tuple): string {
  return relation + '\u0001' + key.output + '\u0001' + JSON.stringify(key.pairs.map(([, i]) => tuple[i]));
}

export function answerKeyOfOutput(relation: string, key: AnswerKey, tuple: Tuple): string {
  return relation + '\u0001' + key.output + '\u0001' + JSON.stringify(key.pairs.map(([o]) => tuple[o]));
}

/**
 * The client plan of a program: shapes from `workload` when it came from a
 * file (`fromFile`), else from the declarations.
 */
export function clientPlan(program: CheckedProgram, topology: Topology, workload: Workload | null): PlanResult {
  const problems: string[] = [];
  const shapes: RequestShape[] = [];
  const setup: WorkloadInput[] = [];
  const relations = program.relations;
  if (workload !== null) {
    // Group inputs naming a client by (relation, tuple); the nodes each went to form the shape's destinations.
    const groups = new Map<string, { relation: Relation; tuple: Tuple; to: string[]; clients: number[] }>();
    for (const input of workload.inputs) {
      const rel = relations.get(input.relation);
      if (!rel) continue;
      const clients = rel.attrs.flatMap((a, i) => (a.type === 'loc' && topology.classify(String(input.tuple[i])).kind === 'outside' ? [i] : []));
      if (clients.length === 0) {
        setup.push(input);
        continue;
      }
      const k = input.relation + tupleKey(input.tuple);
      const g = groups.get(k) ?? { relation: rel, tuple: input.tuple, to: [], clients };
      if (!g.to.includes(input.to)) g.to.push(input.to);
      groups.set(k, g);
    }
    const seen = new Set<string>();
    for (const g of groups.values()) {
      const to = [...g.to].sort();
      const k = g.relation.name + '\u0001' + to.join('\u0001') + '\u0001' + g.clients.join(',');
      if (seen.has(k)) continue;
      seen.add(k);
      shapes.push(shapeOf(g.relation, g.tuple, g.clients, to.map((n) => [n])));
    }
    if (shapes.length === 0) problems.push('the workload has no input naming a client address (a loc value outside the deployment), so clients have nothing to send');
  } else {
    const readers = relationReaders(program);
    for (const rel of relations.values()) {
      if (rel.kind !== 'input') continue;
      const groups = (readers.get(rel.name) ?? []).map((c) => topology.nodesOf(c).map((n) => n.address)).filter((g) => g.length > 0);
      if (groups.length === 0) continue;
      const clients = rel.attrs.flatMap((a, i) => (a.type === 'loc' ? [i] : []));
      if (clients.length === 0) continue;
      const base = rel.attrs.map((a): Value => (a.type === 'bool' ? false : a.type === 'int' ? 0 : ''));
      shapes.push(shapeOf(rel, base, clients, groups));
    }
    if (shapes.length === 0) problems.push('no .input relation has a loc attribute for the client address, so clients have nothing to send (give a workload file)');
  }

  const answers: Record<string, AnswerKey[]> = {};
  for (const shape of shapes) {
    if (answers[shape.relation]) continue;
    const rel = relations.get(shape.relation) as Relation;
    const keys: AnswerKey[] = [];
    for (const out of relations.values()) {
      if (out.kind !== 'output') continue;
      const pairs: [number, number][] = [];
      out.attrs.forEach((a, o) => {
        const i = rel.attrs.findIndex((b) => b.name === a.name && b.type === a.type);
        if (i >= 0) pairs.push([o, i]);
      });
      if (pairs.some(([, i]) => shape.clientAttrs.includes(i))) keys.push({ output: out.name, pairs });
    }
    if (keys.length === 0) {
      problems.push(`no .output relation answers "${shape.relation}": an answer must share the request's client attribute by name and type`);
    }
    answers[shape.relation] = keys;
  }
  if (problems.length > 0) return { ok: false, problems };
  const weights = workload?.weights ?? {};
  const cycle = weightedCycle(shapes.map((sh) => weights[sh.relation] ?? 1));
  return { ok: true, plan: { shapes, cycle, answers, setup, source: workload !== null ? 'workload' : 'declarations' } };
}

/**
 * One turn of a weighted round robin: index i appears `weights[i]` times, the
 * appearances of each spread evenly over the turn (smooth weighted round
 * robin: each step every index gains its weight, the one with the most credit
 * is picked and pays the total). Equal weights give 0, 1, ..., n-1.
 */
export function weightedCycle(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const credit = weights.map(() => 0);
  const out: number[] = [];
  for (let step = 0; step < total; step++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      credit[i] = (credit[i] as number) + (weights[i] as number);
      if ((credit[i] as number) > (credit[best] as number)) best = i;
    }
    credit[best] = (credit[best] as number) - total;
    out.push(best);
  }
  return out;
}

function shapeOf(rel: Relation, base: Tuple, clientAttrs: number[], to: string[][]): RequestShape {
  const freshAttrs: number[] = [];
  const payloadAttrs: number[] = [];
  rel.attrs.forEach((a, i) => {
    if (clientAttrs.includes(i)) return;
    if (a.type === 'int') freshAttrs.push(i);
    else if (a.type === 'string') payloadAttrs.push(i);
  });
  return { relation: rel.name, base: [...base], clientAttrs, freshAttrs, payloadAttrs, to };
}
